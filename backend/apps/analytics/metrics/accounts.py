"""Sign-ups: users by `date_joined` and their role now."""

from datetime import date

from apps.accounts.models import User
from apps.common.capabilities import Role

from ..registry import Figures, Kind, Metric, register_metrics
from .grouping import count_by_day

METRICS = [
    Metric("new_clients", Kind.COUNT, "Clients who signed up", "User.date_joined, role client"),
    Metric("new_masters", Kind.COUNT, "Masters who signed up", "User.date_joined, role master"),
]


def compute(days: list[date]) -> Figures:
    return (count_by_day(User.objects.filter(role=Role.CLIENT), "date_joined", days, "new_clients")
            | count_by_day(User.objects.filter(role=Role.MASTER), "date_joined", days, "new_masters"))


def register() -> None:
    register_metrics("accounts", METRICS, compute)
