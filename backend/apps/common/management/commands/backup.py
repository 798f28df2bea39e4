from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.common.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Back up the database (SQLite: online backup API; PostgreSQL: pg_dump custom format) and the "
            "private payment proofs into one tar.gz with a manifest (docs/operations.md, Backups).")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="archive path (default var/backups/backup-<UTC>.tar.gz)")

    def handle(self, *args, **options):
        try:
            result = backup(options["output"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        self.stdout.write(
            f"{result.path}: {manifest['database']['kind']} database, {sum(manifest['counts'].values())} rows, "
            f"{len(manifest['migrations'])} migrations, {len(manifest['files'])} private file(s)")
