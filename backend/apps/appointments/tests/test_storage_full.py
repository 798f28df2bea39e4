"""The disk for proofs is full: the upload gets 507 `storage_full` with a clear message, and
leaves no file (not even the partly written one) and no half row (status and proof fields as before)."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage

from apps.appointments.models import Appointment, AppointmentEvent, AppointmentStatus
from apps.appointments.storage import private_storage

from .helpers import image_bytes, upload

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def _files() -> list[str]:
    root = private_storage.location
    return [os.path.join(d, f) for d, _, files in os.walk(root) for f in files] if os.path.isdir(root) else []


@pytest.fixture
def full_disk(monkeypatch):
    """The storage writes some bytes into the final name, then the disk is full (what
    FileSystemStorage does on a full filesystem: the stub stays unless someone removes it)."""
    real_save = FileSystemStorage._save

    def save_then_enospc(self, name, content):
        if self is not private_storage and not isinstance(self, type(private_storage)):
            return real_save(self, name, content)
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(b"\x89PNG\r\n")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save_then_enospc)


@pytest.mark.parametrize("action", ["upload-payment-proof", "mark-paid"])
def test_full_disk_refuses_the_upload_cleanly(as_user, make_appointment, full_disk, action):
    appointment = make_appointment(S.AWAITING_PAYMENT)
    events_before = AppointmentEvent.objects.filter(appointment=appointment).count()
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/{action}/",
                                                {"file": upload(image_bytes())}, format="multipart")
    assert response.status_code == 507
    assert response.json() == {"detail": "The server has no room to store the file now; try again later.",
                               "code": "storage_full"}
    assert _files() == []
    fresh = Appointment.objects.get(pk=appointment.pk)
    assert fresh.status == S.AWAITING_PAYMENT
    assert not fresh.payment_proof
    assert fresh.payment_proof_size in (None, 0)
    assert AppointmentEvent.objects.filter(appointment=appointment).count() == events_before


def test_other_storage_errors_are_not_called_full(as_user, make_appointment, monkeypatch):
    def broken(self, name, content):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", broken)
    appointment = make_appointment(S.AWAITING_PAYMENT)
    client = as_user(appointment.client)
    client.raise_request_exception = False
    response = client.post(f"/api/v1/appointments/{appointment.id}/upload-payment-proof/",
                           {"file": upload(image_bytes())}, format="multipart")
    assert response.status_code == 500
