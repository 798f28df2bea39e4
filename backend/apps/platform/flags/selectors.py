from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet

from .models import FeatureFlag


def flag_list() -> QuerySet[FeatureFlag]:
    """Every flag with its targeted user ids (three queries whatever the page size)."""
    ids_only = get_user_model().objects.only("id")
    return FeatureFlag.objects.prefetch_related(
        Prefetch("allowed_users", queryset=ids_only), Prefetch("denied_users", queryset=ids_only)
    ).order_by("key")


def flag_get(*, key: str) -> FeatureFlag | None:
    return flag_list().filter(key=key).first()
