"""Admins acting on each other at the same moment, on real connections (one thread each). On
PostgreSQL the admin row locks decide; on SQLite the database-wide write lock does. Whatever the
interleaving, the marketplace is never left without a working super admin."""


import pytest

from apps.common.capabilities import AdminRole, Role, effective_admin_role
from apps.common.testing import api_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _simultaneously(calls: list[tuple]) -> list[int]:
    """calls: (user, path, body), posted at once; returns the status codes in the same order."""
    return api_at_once([(user, "post", path, body) for user, path, body in calls])


def _working_super_admins(model) -> list:
    admins = model.objects.filter(role=Role.ADMIN, is_banned=False, is_active=True)
    return [a for a in admins if effective_admin_role(a) == AdminRole.SUPER_ADMIN]


@pytest.mark.parametrize("attempt", range(3))
def test_two_super_admins_demoting_each_other_leave_one(make_user, attempt):
    a, b = make_user(Role.ADMIN), make_user(Role.ADMIN)
    body = {"role": "admin", "admin_role": "support"}
    statuses = _simultaneously([(a, f"/api/v1/admin/users/{b.id}/role/", body),
                                (b, f"/api/v1/admin/users/{a.id}/role/", body)])
    assert sorted(statuses) in ([200, 403], [200, 409]), statuses
    assert len(_working_super_admins(type(a))) == 1


@pytest.mark.parametrize("attempt", range(3))
def test_two_super_admins_banning_each_other_leave_one(make_user, attempt):
    a, b = make_user(Role.ADMIN), make_user(Role.ADMIN)
    statuses = _simultaneously([(a, f"/api/v1/admin/users/{b.id}/ban/", {"reason": "coup"}),
                                (b, f"/api/v1/admin/users/{a.id}/ban/", {"reason": "coup"})])
    assert sorted(statuses) in ([200, 403], [200, 409]), statuses
    assert len(_working_super_admins(type(a))) == 1

