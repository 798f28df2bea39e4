"""What a user list costs per row: the master profile's nested serializer is built once per list,
not once per master (a ModelSerializer introspects its model to build its fields; per row that
cost more than the rest of the row: make bench, lists.floor.admin-users-all)."""

import pytest

from apps.adminpanel.api import serializers
from apps.common.capabilities import Role
from apps.reviews.models import MasterRating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/admin/users/?page_size=50", "/api/v1/admin/users/all/?page_size=50",
                                 "/api/v1/admin/masters/?page_size=50"])
def test_profile_serializer_built_once_per_list(make_user, make_admin, as_user, monkeypatch, url):
    for _ in range(12):
        make_user(Role.MASTER)
    built = []
    original = serializers.AdminMasterProfileSerializer.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(serializers.AdminMasterProfileSerializer, "__init__", counting)
    response = as_user(make_admin("super_admin")).get(url)
    assert response.status_code == 200
    profiles = [row["master_profile"] for row in response.json()["results"] if row["master_profile"]]
    assert len(profiles) == 12 and {p["status"] for p in profiles} == {"active"}
    assert len(built) == 1


def _generic(serializer, instance):
    """What DRF's own Serializer.to_representation makes of the instance."""
    from rest_framework.serializers import Serializer

    return Serializer.to_representation(serializer, instance)


def test_user_rows_are_what_drf_writes(make_user, make_admin):
    """The direct user row (and its profile) is field for field DRF's generic representation, for
    every kind of user: client, masters in each status, banned, Telegram, admins of each sub-role,
    a superuser of another role, someone who logged in."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.accounts.models import MasterProfile, User
    from apps.adminpanel.api.serializers import AdminMasterProfileSerializer, AdminUserSerializer

    now = timezone.now()
    users = [
        make_user(Role.CLIENT, email="c@example.com", language="en"),
        make_user(Role.CLIENT, is_banned=True, banned_at=now, ban_reason="Спам", telegram_id=42,
                  telegram_username="tg_user", last_login=now - timedelta(days=1, microseconds=5)),
        make_user(Role.MASTER),
        make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING),
        make_user(Role.CLIENT, is_superuser=True, is_staff=True),
        *(make_admin(role) for role in ("", "support", "finance", "moderator", "analyst")),
    ]
    suspended = make_user(Role.MASTER)
    MasterProfile.objects.filter(user=suspended).update(status=MasterProfile.Status.SUSPENDED, status_reason="Жалобы",
                                                        status_changed_at=now)
    MasterRating.objects.create(master=suspended, average="4.67", count=3)
    users.append(suspended)
    serializer = AdminUserSerializer()
    for user in User.objects.select_related("master_profile").filter(pk__in=[u.pk for u in users]):
        fast = serializer.to_representation(user)
        assert list(fast) == AdminUserSerializer.Meta.fields
        assert fast == _generic(serializer, user), user.username
        if user.role == Role.MASTER:
            profile_serializer = AdminMasterProfileSerializer()
            profile = profile_serializer.to_representation(user.master_profile)
            assert profile == _generic(profile_serializer, user.master_profile)
            assert list(profile) == AdminMasterProfileSerializer.Meta.fields
