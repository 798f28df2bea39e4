"""Payment proofs: content checks, attacks, private storage and streaming."""

import io
import os

import pytest
from django.test import override_settings
from PIL import Image

from apps.accounts.models import SiteSettings
from apps.appointments.models import AppointmentStatus
from apps.appointments.storage import private_storage
from apps.common.capabilities import Role

from .helpers import PDF, image_bytes, png_bomb, upload

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def awaiting(make_appointment):
    return make_appointment(S.AWAITING_PAYMENT)


def _upload(as_user, appointment, data, name="proof.png", content_type="image/png"):
    return as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/upload-payment-proof/",
                                            {"file": upload(data, name, content_type)}, format="multipart")


def _files() -> set[str]:
    root = private_storage.location
    return {os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs}


@pytest.mark.parametrize(("fmt", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                                    ("WEBP", "image/webp")])
def test_images_are_accepted_and_reencoded_without_metadata(as_user, awaiting, fmt, content_type):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x8825] = {2: (55.0, 45.0, 0.0)}  # GPS info
    data = image_bytes(fmt, exif=exif.tobytes()) if fmt != "PNG" else image_bytes(fmt)
    response = _upload(as_user, awaiting, data, f"anything.{fmt.lower()}", "application/octet-stream")
    assert response.status_code == 200, response.content
    assert response.json()["payment"]["proof"]["content_type"] == content_type
    awaiting.refresh_from_db()
    stored = private_storage.open(awaiting.payment_proof.name).read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == fmt
    assert image.size == (64, 48)
    assert not image.getexif()  # metadata (camera, GPS) is gone
    assert awaiting.payment_proof.name.startswith("proofs/")
    assert "anything" not in awaiting.payment_proof.name  # generated name, not the user's


def test_pdf_is_accepted_as_is(as_user, awaiting):
    response = _upload(as_user, awaiting, PDF, "receipt.pdf", "application/pdf")
    assert response.status_code == 200
    assert response.json()["payment"]["proof"]["content_type"] == "application/pdf"


@pytest.mark.parametrize(("data", "name", "code"), [
    (b"<html><script>alert(1)</script></html>", "proof.png", "unsupported_file_type"),
    (b"MZ\x90\x00\x03" + b"\x00" * 200, "proof.jpg", "unsupported_file_type"),
    (b"\x89PNG\r\n\x1a\n" + b"garbage" * 20, "proof.png", "invalid_image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "proof.jpg", "invalid_image"),
    (b"%PDF-1.4 truncated with no end", "proof.pdf", "unsupported_file_type"),
    (b"GIF89a" + b"\x00" * 50, "proof.gif", "unsupported_file_type"),
])
def test_bad_content_is_refused(as_user, awaiting, data, name, code):
    before = _files()
    response = _upload(as_user, awaiting, data, name)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    awaiting.refresh_from_db()
    assert not awaiting.payment_proof
    assert _files() == before  # nothing half-written


def test_decompression_bomb_is_refused_before_decoding(as_user, awaiting):
    bomb = png_bomb(30000, 30000)
    assert len(bomb) < 200_000
    response = _upload(as_user, awaiting, bomb, "bomb.png")
    assert response.status_code == 400
    assert response.json()["code"] == "image_too_large"


def test_oversize_is_413(as_user, awaiting):
    site = SiteSettings.load()
    site.max_upload_mb = 1
    site.save()
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10) + b"\n%%EOF"
    response = _upload(as_user, awaiting, big, "big.pdf", "application/pdf")
    assert response.status_code == 413
    assert response.json()["code"] == "file_too_large"


def test_missing_file_is_400(as_user, awaiting):
    response = as_user(awaiting.client).post(f"/api/v1/appointments/{awaiting.id}/upload-payment-proof/", {},
                                             format="multipart")
    assert response.status_code == 400


def test_replacing_a_proof_removes_the_old_file(as_user, awaiting, django_capture_on_commit_callbacks):
    _upload(as_user, awaiting, image_bytes())
    awaiting.refresh_from_db()
    first = awaiting.payment_proof.name
    with django_capture_on_commit_callbacks(execute=True):
        _upload(as_user, awaiting, image_bytes("JPEG"), "second.jpg")
    awaiting.refresh_from_db()
    assert awaiting.payment_proof.name != first
    assert not private_storage.exists(first)
    assert private_storage.exists(awaiting.payment_proof.name)


def test_a_refused_transition_leaves_no_file_behind(as_user, make_appointment):
    appointment = make_appointment(S.PAID)  # proof uploads are not allowed any more
    before = _files()
    response = _upload(as_user, appointment, image_bytes())
    assert response.status_code == 409
    assert _files() == before


def test_stranger_upload_is_404_and_writes_nothing(as_user, awaiting, make_user):
    before = _files()
    response = as_user(make_user(Role.CLIENT)).post(
        f"/api/v1/appointments/{awaiting.id}/upload-payment-proof/", {"file": upload(image_bytes())},
        format="multipart")
    assert response.status_code == 404
    assert _files() == before


def test_download_streams_privately(as_user, awaiting):
    _upload(as_user, awaiting, image_bytes())
    response = as_user(awaiting.master).get(f"/api/v1/appointments/{awaiting.id}/payment-proof/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"].startswith("private")
    assert response["Content-Disposition"] == f'inline; filename="payment-proof-{awaiting.id}.png"'
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).format == "PNG"


def test_pdf_download_is_an_attachment(as_user, awaiting):
    _upload(as_user, awaiting, PDF, "r.pdf", "application/pdf")
    response = as_user(awaiting.client).get(f"/api/v1/appointments/{awaiting.id}/payment-proof/")
    assert response["Content-Disposition"].startswith("attachment;")


@override_settings(PRIVATE_MEDIA_ACCEL_PREFIX="/protected/")
def test_download_via_x_accel_redirect(as_user, awaiting):
    _upload(as_user, awaiting, image_bytes())
    awaiting.refresh_from_db()
    response = as_user(awaiting.client).get(f"/api/v1/appointments/{awaiting.id}/payment-proof/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected/{awaiting.payment_proof.name}"
    assert response.content == b""
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_proof_is_404(as_user, awaiting):
    assert as_user(awaiting.client).get(f"/api/v1/appointments/{awaiting.id}/payment-proof/").status_code == 404


def test_proof_has_no_public_url(as_user, awaiting, client):
    _upload(as_user, awaiting, image_bytes())
    awaiting.refresh_from_db()
    with pytest.raises(ValueError):
        awaiting.payment_proof.url  # noqa: B018
    assert client.get(f"/media/{awaiting.payment_proof.name}").status_code == 404
