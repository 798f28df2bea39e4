"""Backups: the database and the private payment proofs in one archive, and the way back.

The archive is a tar.gz holding
- `manifest.json`: format, when, the database kind (sqlite | postgresql), the applied migrations,
  the row count of every model, and the size and sha256 of every other member;
- `db.sqlite3` (SQLite's online backup API: a consistent copy of a live database, never a file
  copy) or `db.dump` (pg_dump's custom format, taken in the same snapshot the counts are read in);
- `private/...`: every file under PRIVATE_MEDIA_ROOT, taken after the database (a row without
  its file shows as "no proof", a file without its row is only wasted space).

`restore` checks everything it can before it touches anything (format, database kind, migrations
the code knows, every member's sha256) and refuses a mismatched archive with a message saying
what differs; then it replaces the database (PostgreSQL: one transaction, the schema dropped and
the dump replayed; SQLite: the backup API into the live file), applies the migrations the code
has beyond the archive's, replaces the proofs and compares the row counts with the manifest.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

FORMAT = 1
MANIFEST = "manifest.json"
PRIVATE_PREFIX = "private/"
DB_MEMBERS = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass
class Result:
    path: Path
    manifest: dict


# --- helpers ---------------------------------------------------------------------------------------


def db_kind() -> str:
    vendor = connection.vendor
    if vendor not in DB_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _models():
    return sorted((m for m in apps.get_models() if m._meta.managed and not m._meta.proxy),
                  key=lambda m: m._meta.label)


def _counts(cursor, quote) -> dict[str, int]:
    counts = {}
    for model in _models():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(model._meta.db_table)}")  # noqa: S608 (model tables)
        counts[model._meta.label] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def code_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _counts(cursor, connection.ops.quote_name)


def _pg_env_and_args() -> tuple[dict, list[str]]:
    params = connection.settings_dict
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = []
    if params.get("HOST"):
        args += ["-h", str(params["HOST"])]
    if params.get("PORT"):
        args += ["-p", str(params["PORT"])]
    if params.get("USER"):
        args += ["-U", str(params["USER"])]
    return env, args


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client-<server version>).")
    return found


def _run(command: list[str], env: dict, what: str, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, env=env, capture_output=True, **kwargs)  # noqa: S603 (fixed tools)
    if done.returncode:
        stderr = done.stderr.decode(errors="replace") if isinstance(done.stderr, bytes) else done.stderr
        raise BackupError(f"{what} failed (exit {done.returncode}): {stderr.strip()[-2000:]}")
    return done


# --- backup ----------------------------------------------------------------------------------------


def default_archive_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"backup-{stamp}.tar.gz"


def backup(output: Path | None = None) -> Result:
    kind = db_kind()
    output = Path(output) if output else default_archive_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mp-backup-", dir=output.parent) as scratch:
        db_file = Path(scratch) / DB_MEMBERS[kind]
        if kind == "sqlite":
            migrations, counts = _backup_sqlite(db_file)
        else:
            migrations, counts = _backup_postgresql(db_file)
        files = _private_files()
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "app_version": settings.APP_VERSION,
            "database": {"kind": kind, "member": DB_MEMBERS[kind], "size": db_file.stat().st_size,
                         "sha256": _sha256(db_file)},
            "migrations": migrations,
            "counts": counts,
            "files": [],
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(db_file, arcname=DB_MEMBERS[kind])
            for relative, path in files:
                try:
                    digest, size = _sha256(path), path.stat().st_size
                except FileNotFoundError:  # deleted while we were copying: its row is gone too
                    continue
                archive.add(path, arcname=PRIVATE_PREFIX + relative)
                manifest["files"].append({"path": relative, "size": size, "sha256": digest})
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(datetime.now(UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(output)
    return Result(output, manifest)


def _backup_sqlite(target: Path) -> tuple[list, dict]:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        cursor = destination.cursor()
        migrations = _applied_migrations(cursor)
        counts = _counts(cursor, lambda name: '"' + name.replace('"', '""') + '"')
    finally:
        destination.close()
    return migrations, counts


def _backup_postgresql(target: Path) -> tuple[list, dict]:
    pg_dump = _tool("pg_dump")
    env, args = _pg_env_and_args()
    # One snapshot for the counts, the migration list and the dump: they describe the same data.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        migrations = _applied_migrations(cursor)
        counts = _counts(cursor, connection.ops.quote_name)
        _run([pg_dump, *args, "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
              "-f", str(target), "-d", connection.settings_dict["NAME"]], env, "pg_dump")
    return migrations, counts


def _private_files() -> list[tuple[str, Path]]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted((path.relative_to(root).as_posix(), path) for path in root.rglob("*") if path.is_file())


# --- restore ---------------------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile, name: str) -> dict:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise BackupError(f"{name} is not a marketplace backup: it has no {MANIFEST}.") from None
    try:
        manifest = json.loads(archive.extractfile(member).read())
    except ValueError:
        raise BackupError(f"{name}: {MANIFEST} is not valid JSON.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{name} is backup format {manifest.get('format')!r}; this code reads format {FORMAT}.")
    return manifest


def check_compatible(manifest: dict, name: str) -> list[tuple[str, str]]:
    """Refuse an archive this database or this code can't take. Returns the migrations the code
    has beyond the archive's (applied after the restore)."""
    kind = db_kind()
    archived_kind = manifest["database"]["kind"]
    if archived_kind != kind:
        raise BackupError(f"{name} holds a {archived_kind} database; this site runs on {kind}. "
                          f"Restore it on a {archived_kind} site (DATABASE_URL), or migrate the data otherwise.")
    archived = {tuple(item) for item in manifest["migrations"]}
    known = code_migrations()
    unknown = sorted(archived - known)
    if unknown:
        listed = ", ".join(f"{app}.{migration}" for app, migration in unknown[:8])
        raise BackupError(f"{name} was taken by newer code: its database has migrations this code does not have "
                          f"({listed}{', ...' if len(unknown) > 8 else ''}). Deploy that version (or newer), "
                          "then restore.")
    return sorted(known - archived)


def _extract_checked(archive: tarfile.TarFile, manifest: dict, scratch: Path, name: str) -> tuple[Path, Path]:
    """Every member the manifest lists, written under `scratch` and checked against its sha256."""
    expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
    expected.update({PRIVATE_PREFIX + item["path"]: item["sha256"] for item in manifest["files"]})
    for member_name, digest in expected.items():
        if member_name.startswith("/") or ".." in Path(member_name).parts:
            raise BackupError(f"{name}: refusing the member {member_name!r} (outside the archive).")
        try:
            member = archive.getmember(member_name)
        except KeyError:
            raise BackupError(f"{name} is incomplete: {member_name} is missing.") from None
        if not member.isfile():
            raise BackupError(f"{name}: {member_name} is not a regular file.")
        target = scratch / member_name
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink)
        if _sha256(target) != digest:
            raise BackupError(f"{name} is damaged: {member_name} does not match its sha256 in the manifest.")
    return scratch / manifest["database"]["member"], scratch / PRIVATE_PREFIX.rstrip("/")


def restore(path: Path, *, log=lambda text: None) -> dict:
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    private_root.parent.mkdir(parents=True, exist_ok=True)
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{name} is not a tar.gz archive ({exc}).") from None
    with archive, tempfile.TemporaryDirectory(prefix="mp-restore-", dir=private_root.parent) as scratch:
        manifest = read_manifest(archive, name)
        pending = check_compatible(manifest, name)
        db_file, private_dir = _extract_checked(archive, manifest, Path(scratch), name)
        log(f"{name}: manifest, database kind, migrations and {len(manifest['files']) + 1} checksums ok")

        if manifest["database"]["kind"] == "sqlite":
            _restore_sqlite(db_file)
        else:
            _restore_postgresql(db_file)
        log(f"database restored ({manifest['database']['kind']})")
        if pending:
            from django.core.management import call_command

            log(f"applying {len(pending)} migration(s) newer than the backup")
            call_command("migrate", interactive=False, verbosity=0)

        _replace_private(private_dir if private_dir.is_dir() else None, private_root)
        log(f"{len(manifest['files'])} private file(s) restored under {private_root}")
    counts = current_counts()
    differing = {label: (count, counts.get(label)) for label, count in manifest["counts"].items()
                 if counts.get(label) != count}
    if differing and not pending:
        listed = ", ".join(f"{label}: {want} in the backup, {got} now" for label, (want, got) in differing.items())
        raise BackupError(f"Restored, but the row counts differ from the manifest: {listed}.")
    log(f"row counts match the manifest ({sum(manifest['counts'].values())} rows in {len(counts)} tables)")
    return manifest


def _restore_sqlite(db_file: Path) -> None:
    source = sqlite3.connect(db_file)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def _restore_postgresql(dump: Path) -> None:
    """The dump replayed over an emptied schema in one transaction: if anything fails, the
    database is as it was before."""
    pg_restore, psql = _tool("pg_restore"), _tool("psql")
    env, args = _pg_env_and_args()
    name = connection.settings_dict["NAME"]
    connection.close()  # our own session must not hold a lock the DROP waits for
    script = _run([pg_restore, "--no-owner", "--no-privileges", "-f", "-", str(dump)], env, "pg_restore").stdout
    preamble = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
    _run([psql, *args, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", name, "-f", "-"],
         env, "psql (replaying the dump)", input=preamble + script)


def _replace_private(source: Path | None, root: Path) -> None:
    old = root.with_name(root.name + ".pre-restore")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        root.rename(old)
    if source is not None:
        shutil.move(str(source), str(root))
    else:
        root.mkdir(parents=True)
    if old.exists():
        shutil.rmtree(old)
