"""Backups rehearsed: a journey through the API, `backup`, the site wiped (database flushed, proofs
deleted), `restore`, and everything the journey made is back, proof bytes included. And an archive
that does not fit is refused before anything is touched. Runs on SQLite and on PostgreSQL."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.appointments.models import Appointment
from apps.appointments.storage import private_storage
from apps.appointments.tests.helpers import image_bytes, upload
from apps.chat.models import Message
from apps.common.backup import FORMAT, MANIFEST, BackupError, restore

pytestmark = pytest.mark.django_db(transaction=True)


def journey(as_user, client_user, master_user) -> dict:
    client, master = as_user(client_user), as_user(master_user)
    created = client.post("/api/v1/appointments/", {"title": "Backup haircut", "description": "Keep me"},
                          format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert master.post(f"/api/v1/appointments/{pk}/take/").status_code == 200
    assert master.post(f"/api/v1/appointments/{pk}/set-price/", {"price": "1500.00"},
                       format="json").status_code == 200
    said = client.post(f"/api/v1/appointments/{pk}/messages/", {"text": "Paid, see the receipt"}, format="json")
    assert said.status_code == 201, said.content
    proof = image_bytes(size=(80, 60))
    uploaded = client.post(f"/api/v1/appointments/{pk}/upload-payment-proof/", {"file": upload(proof)},
                           format="multipart")
    assert uploaded.status_code == 200, uploaded.content
    assert client.post(f"/api/v1/appointments/{pk}/mark-paid/").status_code == 200
    assert master.post(f"/api/v1/appointments/{pk}/confirm-payment/").status_code == 200
    stored = client.get(f"/api/v1/appointments/{pk}/payment-proof/")
    assert stored.status_code == 200
    return {
        "pk": pk,
        "detail": client.get(f"/api/v1/appointments/{pk}/").json(),
        "events": client.get(f"/api/v1/appointments/{pk}/events/").json(),
        "messages": client.get(f"/api/v1/appointments/{pk}/messages/").json(),
        "proof": b"".join(stored.streaming_content) if stored.streaming else stored.content,
    }


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for path in Path(private_storage.location).rglob("*"):
        if path.is_file():
            path.unlink()


def test_backup_wipe_restore_brings_the_journey_back(as_user, client_user, master_user, tmp_path):
    before = journey(as_user, client_user, master_user)
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())

    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile(MANIFEST).read())
        names = set(opened.getnames())
    assert manifest["format"] == FORMAT
    assert manifest["counts"]["appointments.Appointment"] == 1
    assert manifest["counts"]["chat.Message"] == 1
    assert ["appointments", "0001_initial"] in manifest["migrations"]
    assert len(manifest["files"]) == 1
    assert "private/" + manifest["files"][0]["path"] in names
    assert manifest["database"]["member"] in names

    wipe()
    assert not Appointment.objects.exists()
    assert not any(p.is_file() for p in Path(private_storage.location).rglob("*"))

    out = io.StringIO()
    call_command("restore", str(archive), yes=True, stdout=out)
    assert "row counts match the manifest" in out.getvalue()

    # The same users sign in again (their tokens are still valid: same ids, same secret).
    after = journey_state(as_user, client_user, before["pk"])
    assert after["detail"] == before["detail"]
    assert after["detail"]["status"] == "PAID"
    assert after["events"] == before["events"]
    assert after["messages"] == before["messages"]
    assert after["proof"] == before["proof"]
    assert Message.objects.count() == 1


def journey_state(as_user, client_user, pk) -> dict:
    client = as_user(client_user)
    stored = client.get(f"/api/v1/appointments/{pk}/payment-proof/")
    assert stored.status_code == 200
    return {
        "detail": client.get(f"/api/v1/appointments/{pk}/").json(),
        "events": client.get(f"/api/v1/appointments/{pk}/events/").json(),
        "messages": client.get(f"/api/v1/appointments/{pk}/messages/").json(),
        "proof": b"".join(stored.streaming_content) if stored.streaming else stored.content,
    }


def _rewrite(archive: Path, target: Path, *, manifest_change=None, member_change=None) -> Path:
    """A copy of `archive` with its manifest or one member altered."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as sink:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST and manifest_change:
                manifest = json.loads(data)
                manifest_change(manifest)
                data = json.dumps(manifest).encode()
            elif member_change and member.name == member_change[0]:
                data = member_change[1](data)
            member.size = len(data)
            sink.addfile(member, io.BytesIO(data))
    return target


@pytest.fixture
def small_backup(client_user, tmp_path) -> Path:
    archive = tmp_path / "small.tar.gz"
    call_command("backup", output=archive, stdout=io.StringIO())
    return archive


def _refused(archive: Path, match: str) -> None:
    users_before = client_count()
    with pytest.raises(CommandError, match=match):
        call_command("restore", str(archive), yes=True, stdout=io.StringIO())
    assert client_count() == users_before  # nothing was touched


def client_count() -> int:
    from apps.accounts.models import User

    return User.objects.count()


def test_an_archive_of_the_other_database_kind_is_refused(small_backup, tmp_path, make_user):
    make_user()  # the site has changed since the backup: a refusal must leave it as it is

    def other_kind(manifest):
        manifest["database"]["kind"] = "postgresql" if manifest["database"]["kind"] == "sqlite" else "sqlite"

    _refused(_rewrite(small_backup, tmp_path / "kind.tar.gz", manifest_change=other_kind),
             r"holds a (sqlite|postgresql) database; this site runs on")


def test_an_archive_from_newer_code_is_refused(small_backup, tmp_path, make_user):
    make_user()

    def newer(manifest):
        manifest["migrations"].append(["appointments", "9999_from_the_future"])

    _refused(_rewrite(small_backup, tmp_path / "newer.tar.gz", manifest_change=newer),
             r"taken by newer code.*appointments\.9999_from_the_future")


def test_a_damaged_archive_is_refused(small_backup, tmp_path, make_user):
    make_user()
    with tarfile.open(small_backup) as opened:
        member = json.loads(opened.extractfile(MANIFEST).read())["database"]["member"]
    damaged = _rewrite(small_backup, tmp_path / "damaged.tar.gz",
                       member_change=(member, lambda data: data[:-1] + bytes([data[-1] ^ 1])))
    _refused(damaged, r"damaged: db\.(sqlite3|dump) does not match its sha256")


def test_not_a_backup_is_refused(tmp_path, db):
    plain = tmp_path / "plain.tar.gz"
    with tarfile.open(plain, "w:gz") as archive:
        archive.addfile(tarfile.TarInfo("hello.txt"), io.BytesIO(b""))
    with pytest.raises(BackupError, match="not a marketplace backup"):
        restore(plain)
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not gzip at all")
    with pytest.raises(BackupError, match=r"not a tar\.gz archive"):
        restore(junk)
