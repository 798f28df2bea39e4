from django.db.models import QuerySet

from .models import PlatformEvent


def event_list() -> QuerySet[PlatformEvent]:
    """Every event, newest first, with its actor (the admin log filters this)."""
    return PlatformEvent.objects.select_related("actor").order_by("-id")

