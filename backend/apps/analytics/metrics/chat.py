"""Chat messages by `created_at` (deleted ones too: they were sent)."""

from datetime import date

from apps.chat.models import Message

from ..registry import Figures, Kind, Metric, register_metrics
from .grouping import count_by_day

METRICS = [Metric("messages_sent", Kind.COUNT, "Chat messages sent", "chat Message.created_at")]


def compute(days: list[date], keys: frozenset[str]) -> Figures:
    return count_by_day(Message.objects.all(), "created_at", days, "messages_sent")


def register() -> None:
    register_metrics("chat", METRICS, compute)
