"""Requests Django refuses before or while parsing (bad Host, too many fields or parts, a body over
the limit) answer the API's `{detail, code}` under /api/, never Django's HTML page."""

import pytest
from django.test import Client

from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


def test_a_bad_host_is_a_json_400_under_the_api():
    response = Client().get("/api/v1/health/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "The Host header is not one this server answers.", "code": "bad_host"}


def test_a_bad_host_outside_the_api_keeps_django_s_page():
    response = Client().get("/requests/1", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("application/json")


def test_too_many_form_fields_is_a_json_400(settings, as_user, client_user):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{i}=x" for i in range(50))
    response = as_user(client_user).patch("/api/v1/me/", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_fields"


def test_too_many_multipart_parts_is_a_json_400(settings, as_user, make_appointment):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    appointment = make_appointment("AWAITING_PAYMENT")
    data = {f"field{i}": "x" for i in range(50)}
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.pk}/upload-payment-proof/",
                                                 data=data, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "too_many_fields"


def test_too_many_multipart_files_is_a_json_400(settings, as_user, make_appointment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    appointment = make_appointment("AWAITING_PAYMENT")
    data = {f"file{i}": SimpleUploadedFile(f"f{i}.txt", b"x") for i in range(10)}
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.pk}/upload-payment-proof/",
                                                 data=data, format="multipart")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "too_many_fields"


def test_an_oversized_form_body_is_a_json_413(settings, as_user, client_user):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = as_user(client_user).patch("/api/v1/me/", data="display_name=" + "a" * 5000,
                                          content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_an_oversized_body_read_by_django_itself_is_a_json_413(settings):
    """Outside DRF: the CSRF check of a plain Django view under /api/ reads request.POST."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    response = client.post("/api/v1/health/", data="a=" + "b" * 5000, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large.", "code": "request_too_large"}


def test_admin_sub_role_capability_is_untouched_by_the_error_mapping(as_user, make_user):
    # an ordinary error still goes through the one handler unchanged
    response = as_user(make_user(Role.CLIENT)).get("/api/v1/admin/users/")
    assert response.status_code == 403
    assert set(response.json()) == {"detail", "code"}


def test_a_csrf_refusal_under_the_api_is_json():
    response = Client(enforce_csrf_checks=True).post("/api/v1/health/")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
