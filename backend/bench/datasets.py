"""The data sets rows run on. Each is seeded once per run into its own fresh database (cloned from
a migrated template) and shared by every row that names it. A builder runs with its database
active and returns Facts: the ids rows need (who to call as, which appointment, ...).

Add a data set with `@dataset(name, sizes={...})`, or add what your row needs to `marketplace`
(e.g. SLA clocks for its appointments) and a fact naming it. Sizes are per mode ("full", "quick")
and may be overridden per database ("sqlite-full": SQLite gets smaller scales).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any


class Facts(SimpleNamespace):
    """What a builder returns: attributes rows read (`ctx.facts.admin_id`)."""


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    sizes: dict[str, dict[str, int]]
    build: Callable[[dict[str, int]], Facts]

    def sizes_for(self, mode: str, vendor: str) -> dict[str, int]:
        return {**self.sizes[mode], **self.sizes.get(f"{vendor}-{mode}", {})}


DATASETS: dict[str, Dataset] = {}


def dataset(name: str, *, sizes: dict[str, dict[str, int]], description: str = ""):
    def register(build: Callable[[dict[str, int]], Facts]) -> Callable[[dict[str, int]], Facts]:
        if name in DATASETS:
            raise ValueError(f"two data sets named {name!r}")
        DATASETS[name] = Dataset(name, description or (build.__doc__ or "").strip().split("\n")[0], sizes, build)
        return build

    return register


# --- the marketplace at scale (seeded with bench.seed: COPY on PostgreSQL) -------------------------

CHAT_DEPTH = 100_000


@dataset("marketplace", description="1M appointments (PostgreSQL; 100k on SQLite) with timelines, a 100k-message "
                                    "chat, reviews, notifications, events, audit, flags",
         sizes={"full": {"appointments": 1_000_000, "clients": 50_000, "masters": 2_000, "chats": 5_000},
                "sqlite-full": {"appointments": 100_000, "clients": 10_000, "masters": 500, "chats": 2_000},
                "quick": {"appointments": 20_000, "clients": 2_000, "masters": 200, "chats": 500}})
def marketplace(sizes: dict[str, int]) -> Facts:
    """A large marketplace plus named actors with known volumes: every list has 50+ items for them."""
    from django.utils import timezone

    from apps.accounts.models import MasterProfile, User
    from apps.appointments.models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus

    from . import seed

    S, E = AppointmentStatus, AppointmentEventType
    admin = seed.seed_users(1, role="admin", prefix="bench_admin", is_superuser=True)[0]
    User.objects.filter(pk=admin).update(username="bench_admin")
    for sub_role in ("support", "finance", "moderator", "analyst"):
        seed.seed_users(1, role="admin", admin_role=sub_role)
    clients = seed.seed_users(sizes["clients"], role="client")
    masters = seed.seed_users(sizes["masters"], role="master")
    seed.seed_master_profiles(masters)
    client, master = clients[0], masters[0]
    MasterProfile.objects.filter(user_id=master).update(status=MasterProfile.Status.ACTIVE)
    active = list(MasterProfile.objects.filter(status=MasterProfile.Status.ACTIVE).values_list("user_id", flat=True))

    bulk = seed.seed_appointments(sizes["appointments"], client_ids=clients, master_ids=active)
    # SLA clocks, one per appointment; 1% of the appointments have a running clock past due.
    sla_due = len(bulk) // 100
    seed.seed_sla_clocks(bulk, overdue=sla_due, breached=200)
    # The named actors' own volumes: a client and a master with 150 appointments between them in
    # every status, 120 completed ones of the master with reviews both ways.
    own = seed.seed_appointments(150, client_ids=[client], master_ids=[master], seed=5)
    reviewed = seed.seed_appointments(120, client_ids=clients[:500], master_ids=[master], statuses=S.COMPLETED,
                                      seed=6)
    seed.seed_reviews((a, c, m) for a, c, m in Appointment.objects.filter(pk__in=reviewed.ids)
                      .values_list("id", "client_id", "master_id"))

    # The deep chat: one appointment of the pair with CHAT_DEPTH + 500 messages.
    chat = seed.seed_appointments(1, client_ids=[client], master_ids=[master], statuses=S.IN_PROGRESS, seed=7)[0]
    chat_messages = seed.seed_messages(chat, CHAT_DEPTH + 500, sender_ids=[client, master])
    # Short chats on the pair's appointments and on random others; read marks leave some unread.
    with_master = list(Appointment.objects.filter(master__isnull=False, pk__range=(bulk[0], bulk[-1]))
                       .order_by("id").values_list("id", "client_id", "master_id")[:sizes["chats"]])
    pair = list(Appointment.objects.filter(pk__in=own.ids).values_list("id", "client_id", "master_id"))
    seed.seed_chats(with_master + pair)
    seed.seed_read_states([(a, admin, None) for a, _c, _m in (pair + with_master)[:120]]
                          + [(a, client, None) for a, _c, _m in pair[:60]])

    # Timelines of known length: 5 events, and 50 (a client who re-sent a wrong receipt 22 times).
    short = seed.seed_appointments(1, client_ids=[client], master_ids=[master], statuses=S.PAID, seed=8)[0]
    long = seed.seed_appointments(1, client_ids=[client], master_ids=[master], statuses=S.AWAITING_PAYMENT,
                                  seed=9)[0]
    now = timezone.now()
    extra = []
    for i in range(22):
        extra.append((long, client, E.MARKED_PAID, S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED, {}, now))
        extra.append((long, master, E.PAYMENT_REJECTED, S.PAYMENT_PROOF_UPLOADED, S.AWAITING_PAYMENT,
                      {"reason": f"Чек {i + 1} не читается"}, now))
    seed.write(AppointmentEvent, seed.EVENT_COLUMNS, extra)
    seed.write(AppointmentEvent, seed.EVENT_COLUMNS,
               [(long, master, E.STATUS_SET, S.AWAITING_PAYMENT, S.AWAITING_PAYMENT, {}, now)] * (
                   50 - AppointmentEvent.objects.filter(appointment_id=long).count()))

    # Clock histories of known length for appointments/{id}/sla/: 5 (PAID: one per stage so far) and
    # 50 (24 payments rejected and re-sent).
    seed.seed_sla_history(short, ["take", "price", "pay", "confirm_payment", "start"], master_id=master)
    seed.seed_sla_history(long, ["take", "price", *["pay", "confirm_payment"] * 24], master_id=master)

    seed.seed_notifications(client, 120)
    seed.seed_notifications(admin, 120)
    seed.seed_platform_events(200, actor_ids=[admin, client, master], subject_ids=own.ids)
    seed.seed_audit_entries(200, actor_id=admin, actor_username="bench_admin", target_ids=clients[:200])
    seed.seed_flags(60)
    rules = seed.seed_rules(60, runs=120, appointment_ids=own.ids[:100])
    seed.seed_score_history(client, "client_risk", 120)
    seed.seed_score_history(master, "master_performance", 120)
    seed.analyze()
    return Facts(rule_id=rules[0],
                 admin_id=admin, client_id=client, master_id=master, chat_id=chat, chat_messages=chat_messages,
                 timeline_short_id=short, timeline_long_id=long, appointments=Appointment.objects.count(),
                 messages=len(chat_messages), sla_due=sla_due)


@dataset("sla_tenth", description="A tenth of the marketplace's appointments with as many SLA clocks past due "
                                  "(the sweep's growth row)",
         sizes={"full": {"appointments": 100_000, "due": 10_000}, "sqlite-full": {"appointments": 10_000, "due": 1_000},
                "quick": {"appointments": 2_000, "due": 200}})
def sla_tenth(sizes: dict[str, int]) -> Facts:
    """Appointments and one SLA clock each, `due` of them running past due."""
    from . import seed

    clients = seed.seed_users(max(10, sizes["appointments"] // 20), role="client")
    masters = seed.seed_users(max(5, sizes["appointments"] // 500), role="master")
    seed.seed_master_profiles(masters, active_share=1.0)
    bulk = seed.seed_appointments(sizes["appointments"], client_ids=clients, master_ids=masters, with_events=False,
                                  seed=11)
    seed.seed_sla_clocks(bulk, overdue=sizes["due"])
    seed.analyze()
    return Facts(appointments=len(bulk), sla_due=sizes["due"])


# --- the demo marketplace, small and 20x (seed_demo: the app's own realistic data) ----------------

def _demo(scale: int) -> Facts:
    from django.core.management import call_command
    from django.db.models import Count

    from apps.accounts.models import User
    from apps.appointments.models import Appointment

    from . import seed

    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", "--scale", str(scale), stdout=quiet)
    seed.analyze()
    master = (User.objects.filter(role="master", master_profile__status="active")
              .annotate(n=Count("master_appointments")).order_by("-n", "id").first())
    client = User.objects.filter(role="client").annotate(n=Count("client_appointments")).order_by("-n", "id").first()
    chatty = Appointment.objects.annotate(n=Count("messages")).order_by("-n", "id").first()
    return Facts(admin_id=User.objects.get(username="demo_admin1").pk, master_id=master.pk, client_id=client.pk,
                 chat_id=chatty.pk, appointments=Appointment.objects.count(), users=User.objects.count())


@dataset("demo_small", sizes={"full": {"scale": 5}, "quick": {"scale": 1}},
         description="seed_demo at the small scale (5; quick: 1)")
def demo_small(sizes: dict[str, int]) -> Facts:
    return _demo(sizes["scale"])


@dataset("demo_large", sizes={"full": {"scale": 100}, "quick": {"scale": 20}},
         description="seed_demo at 20x the small scale (100; quick: 20)")
def demo_large(sizes: dict[str, int]) -> Facts:
    return _demo(sizes["scale"])


def facts_summary(facts: Facts) -> dict[str, Any]:
    return {k: (len(v) if hasattr(v, "__len__") and not isinstance(v, str) else v) for k, v in vars(facts).items()}
