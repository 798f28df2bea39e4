"""Reviews by `created_at` (both directions, hidden ones too: they were left)."""

from datetime import date

from apps.reviews.models import Review

from ..registry import Figures, Kind, Metric, register_metrics
from .grouping import count_by_day

METRICS = [Metric("reviews_left", Kind.COUNT, "Reviews left (both directions)", "reviews Review.created_at")]


def compute(days: list[date], keys: frozenset[str]) -> Figures:
    return count_by_day(Review.objects.all(), "created_at", days, "reviews_left")


def register() -> None:
    register_metrics("reviews", METRICS, compute)
