"""The bearer token's user as every API view gets it: one query for the user and, for a master,
their profile (is_active_master is asked on every master's request)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIRequestFactory
from rest_framework_simplejwt.tokens import AccessToken

from apps.accounts.authentication import BearerAuthentication
from apps.accounts.models import MasterProfile, Role
from apps.appointments.policy import is_active_master

pytestmark = pytest.mark.django_db


def _authenticate(user):
    request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return BearerAuthentication().authenticate(request)[0]


@pytest.mark.parametrize(("status", "active"), [(MasterProfile.Status.ACTIVE, True),
                                                (MasterProfile.Status.PENDING, False)])
def test_a_master_and_their_profile_come_in_one_query(make_user, status, active):
    master = make_user(Role.MASTER, master_status=status)
    with CaptureQueriesContext(connection) as queries:
        user = _authenticate(master)
        assert is_active_master(user) is active
    assert user.pk == master.pk
    assert len(queries.captured_queries) == 1, [q["sql"] for q in queries.captured_queries]


def test_a_client_without_a_profile_is_no_active_master(make_user):
    client = make_user(Role.CLIENT)
    with CaptureQueriesContext(connection) as queries:
        user = _authenticate(client)
        assert is_active_master(user) is False
    assert len(queries.captured_queries) == 1


def test_an_unknown_user_is_still_refused(make_user):
    from rest_framework_simplejwt.exceptions import AuthenticationFailed

    gone = make_user(Role.MASTER)
    token = AccessToken.for_user(gone)
    gone.delete()
    request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    with pytest.raises(AuthenticationFailed):
        BearerAuthentication().authenticate(request)
