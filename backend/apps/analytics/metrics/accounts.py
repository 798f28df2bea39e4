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


def compute(days: list[date], keys: frozenset[str]) -> Figures:
    figures: Figures = {}
    for role, key in ((Role.CLIENT, "new_clients"), (Role.MASTER, "new_masters")):
        if key in keys:
            figures |= count_by_day(User.objects.filter(role=role), "date_joined", days, key)
    return figures


def register() -> None:
    register_metrics("accounts", METRICS, compute)
