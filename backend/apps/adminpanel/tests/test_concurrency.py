"""Admins acting on each other at the same moment, on real connections (one thread each). On
PostgreSQL the admin row locks decide; on SQLite the database-wide write lock does. Whatever the
interleaving, the marketplace is never left without a working super admin."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.common.capabilities import AdminRole, Role, effective_admin_role

pytestmark = pytest.mark.django_db(transaction=True)


def _simultaneously(calls: list[tuple]) -> list[int]:
    """calls: (user, path, body); returns the status codes in the same order."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int | None] = [None] * len(calls)
    tokens = [str(RefreshToken.for_user(user).access_token) for user, _, _ in calls]

    def worker(i: int) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[i]}")
        barrier.wait()
        try:
            statuses[i] = client.post(calls[i][1], calls[i][2], format="json").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


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

