from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.appointments import demo


class Command(BaseCommand):
    help = ("Load realistic demo data: users of each role, appointments in every status, chats and reviews. "
            "--clear removes it again.")

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the data set (e.g. 200 for benchmarks).")
        parser.add_argument("--password", default="demo-pass-2026", help="Password of every demo user.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (same seed, same data).")
        parser.add_argument("--clear", action="store_true",
                            help="Remove the demo users and everything they made (real data stays).")

    def handle(self, *args, scale: int, password: str, seed: int, clear: bool, **options):
        if clear:
            return self._clear()
        if scale < 1 or scale > 10000:
            raise CommandError("--scale must be between 1 and 10000.")
        if demo.demo_users().filter(username="demo_admin1").exists():
            self.stdout.write("Demo data is already loaded (user demo_admin1 exists); nothing to do. "
                              "`seed_demo --clear` removes it.")
            return
        with transaction.atomic():
            data = demo.seed(scale=scale, password=password, seed_value=seed)
        self.stdout.write(self.style.SUCCESS(
            f"Loaded {len(data.clients)} clients, {len(data.masters)} masters, {len(data.admins)} admins, "
            f"{len(data.appointments)} appointments."))
        self.stdout.write(f"Sign in as demo_admin1, demo_master1 or demo_client1 with password {password!r}.")

    def _clear(self) -> None:
        try:
            with transaction.atomic():
                cleared = demo.clear()
        except demo.DemoInUse as exc:
            raise CommandError(str(exc)) from None
        if not cleared.users:
            self.stdout.write("No demo data is loaded; nothing to remove.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Removed {cleared.users} demo users and {cleared.appointments} demo requests."))
