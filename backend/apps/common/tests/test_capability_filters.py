"""The capability table read as a user filter agrees with the table read for one user."""

import pytest
from django.contrib.auth import get_user_model

from apps.common.capabilities import AdminRole, Capability, Role, admins_q, has_capability, holders_q, is_admin

pytestmark = pytest.mark.django_db


def test_the_filters_pick_exactly_who_the_table_says(make_user):
    people = [make_user(Role.CLIENT), make_user(Role.MASTER), make_user(Role.CLIENT, is_superuser=True),
              *(make_user(Role.ADMIN, admin_role=role) for role in ["", *AdminRole])]
    users = get_user_model().objects.filter(pk__in=[p.pk for p in people])
    assert set(users.filter(admins_q())) == {p for p in people if is_admin(p)}
    for capability in Capability:
        assert set(users.filter(holders_q(capability))) == {p for p in people if is_admin(p)
                                                            and has_capability(p, capability)}, capability
