"""A database that went away (restart, failover) makes a view answer 503 `database_unavailable`
with JSON and Retry-After, never a 500; readiness says 503 too."""

import pytest
from django.db import InterfaceError, OperationalError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError("terminating connection due to administrator command"),
                                   InterfaceError("connection already closed")])
def test_a_view_without_its_database_answers_503_json(as_user, client_user, monkeypatch, error):
    from apps.appointments import selectors

    def gone(**kwargs):
        raise error

    monkeypatch.setattr(selectors, "appointment_list_my", gone)
    client = as_user(client_user)
    client.raise_request_exception = False
    response = client.get("/api/v1/appointments/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "database_unavailable"
    assert response["Retry-After"] == "5"
    assert "no-store" in response["Cache-Control"]


def test_other_errors_stay_500(as_user, client_user, monkeypatch):
    from apps.appointments import selectors

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(selectors, "appointment_list_my", broken)
    client = as_user(client_user)
    client.raise_request_exception = False
    assert client.get("/api/v1/appointments/").status_code == 500


def test_readiness_answers_503_without_the_database(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/api/v1/health/")
    assert response.status_code == 503
    assert response.json()["code"] == "database_unavailable"
