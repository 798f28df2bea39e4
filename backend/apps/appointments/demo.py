"""Demo data: realistic users, appointments in every status with consistent timelines. Bulk inserts,
so `--scale 200` builds a benchmark-sized marketplace in seconds. Chat and reviews add their part
through `register_demo_seeder`."""

import io
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.accounts.models import MasterProfile, User
from apps.common.capabilities import Role
from apps.platform.notifications.models import Notification

from .models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus
from .state import FLOW, STAGE_TIMESTAMPS
from .storage import private_storage

S = AppointmentStatus
E = AppointmentEventType

FIRST = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Дмитрий", "Алексей", "Сергей", "Наталья", "Татьяна",
         "Павел", "Екатерина", "Юлия", "Андрей", "Светлана", "Максим", "Виктория", "Игорь", "Ксения", "Роман"]
LAST = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева", "Козлова", "Новикова",
        "Морозова", "Волкова", "Орлова", "Зайцева", "Павлова", "Семёнова", "Голубева"]
# Each master has one trade; the requests a master takes are of that trade.
TRADES: list[tuple[str, list[tuple[str, str]]]] = [
    ("Парикмахер-стилист", [("Женская стрижка", "Стрижка средней длины, укладка"),
                            ("Окрашивание волос", "Тонирование в тёплый блонд"),
                            ("Мужская стрижка", "Фейд, борода"), ("Вечерняя укладка", "Локоны на выпускной")]),
    ("Мастер маникюра и педикюра", [("Маникюр с покрытием", "Гель-лак, короткие ногти"),
                                    ("Педикюр", "Аппаратный педикюр")]),
    ("Бровист и лэшмейкер", [("Наращивание ресниц", "Классика, 2D"),
                             ("Коррекция бровей", "Коррекция и окрашивание хной")]),
    ("Мастер по ремонту и сборке", [("Ремонт стиральной машины", "Не сливает воду"),
                                    ("Сборка шкафа", "Шкаф-купе 2 м, инструкция есть")]),
    ("Массажист", [("Массаж спины", "40 минут, классический")]),
    ("Клининг", [("Уборка квартиры", "2 комнаты после ремонта")]),
]
SERVICES = [service for _trade, services in TRADES for service in services]
TRADE_OF_SERVICE = {title: trade for trade, services in TRADES for title, _description in services}
EXPERIENCE = ["Опыт работы более 5 лет.", "Работаю с 2018 года, выезжаю на дом.", "Аккуратно и в срок.",
              "Сертифицированный мастер, свои материалы."]
# Stages follow each other after this long (minutes), so a conversation fits between them.
STAGE_GAP = (30, 600)
# The last stage of any appointment is at least this long ago (its chat lines come after it).
SETTLED = timedelta(minutes=30)
# Share of each status in the data set (every status appears at least once per scale unit).
STATUS_WEIGHTS = {S.NEW: 5, S.IN_REVIEW: 3, S.AWAITING_PAYMENT: 3, S.PAYMENT_PROOF_UPLOADED: 2, S.PAID: 2,
                  S.IN_PROGRESS: 2, S.COMPLETED: 10, S.DECLINED_BY_MASTER: 2, S.CANCELLED: 2}
FLOW_EVENTS = {S.IN_REVIEW: E.TAKEN, S.AWAITING_PAYMENT: E.PRICED, S.PAYMENT_PROOF_UPLOADED: E.MARKED_PAID,
               S.PAID: E.PAYMENT_CONFIRMED, S.IN_PROGRESS: E.STARTED, S.COMPLETED: E.COMPLETED}


@dataclass
class DemoData:
    rng: random.Random
    admins: list[User] = field(default_factory=list)
    clients: list[User] = field(default_factory=list)
    masters: list[User] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)


DemoSeeder = Callable[[DemoData], None]
_seeders: list[DemoSeeder] = []


def register_demo_seeder(seeder: DemoSeeder) -> None:
    if seeder not in _seeders:
        _seeders.append(seeder)


# Called after demo data is removed with the ids of the real users it touched (e.g. a real master
# who took a demo request), so other apps can bring their summaries up to date.
DemoClearer = Callable[[set[int]], None]
_clearers: list[DemoClearer] = []


def register_demo_clearer(clearer: DemoClearer) -> None:
    if clearer not in _clearers:
        _clearers.append(clearer)


DEMO_PREFIX = "demo_"
DEMO_EMAIL_DOMAIN = "demo.example"


def _users(rng, role: str, prefix: str, count: int, password_hash: str, **extra) -> list[User]:
    """Demo users, who joined 4 to 13 months ago (before anything they did here)."""
    rows = []
    now = timezone.now()
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(User(username=f"{prefix}{i + 1}", role=role, password=password_hash,
                         display_name=f"{first} {last[0]}.", first_name=first, last_name=last,
                         email=f"{prefix}{i + 1}@{DEMO_EMAIL_DOMAIN}", language="ru",
                         date_joined=now - timedelta(days=rng.randint(120, 400), minutes=rng.randint(0, 1440)),
                         **extra))
    return User.objects.bulk_create(rows, batch_size=1000)


def demo_users():
    """The users `seed_demo` made (and `seed_demo --clear` removes)."""
    return User.objects.filter(username__startswith=DEMO_PREFIX, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


class DemoInUse(Exception):
    """Real data depends on demo data in a way that removing it would lose."""


@dataclass(frozen=True)
class Cleared:
    users: int
    appointments: int


def clear() -> Cleared:
    """Remove everything `seed()` made: the demo users with their requests (timelines, chats,
    reviews and payment proofs go with them) and the notifications about them. The audit log and
    the event log keep their history. Refuses (DemoInUse) when a real client's request is assigned
    to a demo master."""
    users = demo_users()
    ids = set(users.values_list("pk", flat=True))
    if not ids:
        return Cleared(users=0, appointments=0)
    borrowed = Appointment.objects.filter(master_id__in=ids).exclude(client_id__in=ids).count()
    if borrowed:
        raise DemoInUse(f"{borrowed} request(s) of real clients are assigned to demo masters; reassign them first.")
    appointments = Appointment.objects.filter(client_id__in=ids)
    appointment_ids = [str(pk) for pk in appointments.values_list("pk", flat=True)]
    proofs = list(appointments.exclude(payment_proof="").values_list("payment_proof", flat=True))
    touched = set(appointments.exclude(master_id__in=ids).exclude(master__isnull=True)
                  .values_list("master_id", flat=True))
    Notification.objects.filter(
        Q(subject_type=Appointment._meta.label_lower, subject_id__in=appointment_ids)
        | Q(subject_type=User._meta.label_lower, subject_id__in=[str(pk) for pk in ids])).delete()
    deleted_appointments = len(appointment_ids)
    for model, user_field in _leftovers():  # rows of demo users outside demo requests (a demo admin's message)
        model.objects.filter(**{f"{user_field}__in": ids}).delete()
    appointments.delete()
    users.delete()
    for clearer in _clearers:
        clearer(touched)
    transaction.on_commit(lambda: [private_storage.delete(name) for name in proofs])
    return Cleared(users=len(ids), appointments=deleted_appointments)


def _leftovers() -> list[tuple[type[models.Model], str]]:
    """Rows that PROTECT their user (the user could not be deleted while they exist)."""
    found = []
    for relation in User._meta.related_objects:
        if relation.on_delete is models.PROTECT and relation.related_model is not Appointment:
            found.append((relation.related_model, relation.field.name))
    return found


def trade_of(profile: MasterProfile) -> str:
    """A demo master's trade: their bio starts with it."""
    return next((trade for trade, _services in TRADES if profile.bio.startswith(trade)), "")


def _timeline(rng, appointment: Appointment, created: datetime) -> list[AppointmentEvent]:
    """Events and stage timestamps consistent with the appointment's final status."""
    events = [AppointmentEvent(appointment=appointment, actor_id=appointment.client_id, type=E.CREATED,
                               to_status=S.NEW, data={"title": appointment.title}, created_at=created)]
    final = S(appointment.status)
    path = list(FLOW[1:FLOW.index(final) + 1]) if final in FLOW else []
    if final == S.DECLINED_BY_MASTER:
        path = [S.IN_REVIEW] + ([S.AWAITING_PAYMENT] if rng.random() < 0.5 else [])
    if final == S.CANCELLED:
        path = [S.IN_REVIEW] if appointment.master_id else []
    gaps = [timedelta(minutes=rng.randint(*STAGE_GAP)) for _ in path]
    terminal_gap = timedelta(minutes=rng.randint(30, 300))
    total = sum(gaps, timedelta()) + (terminal_gap if final in (S.DECLINED_BY_MASTER, S.CANCELLED) else timedelta())
    latest = timezone.now() - SETTLED
    if created + total > latest:  # nothing in the future: the whole story moves back
        created = latest - total - timedelta(minutes=rng.randint(0, 120))
        appointment.created_at = events[0].created_at = created
    moment, previous = created, S.NEW
    for status, gap in zip(path, gaps, strict=True):
        moment += gap
        data = {"price": str(appointment.price), "currency": appointment.currency} if status == S.AWAITING_PAYMENT \
            else {}
        actor = appointment.client_id if status == S.PAYMENT_PROOF_UPLOADED else appointment.master_id
        events.append(AppointmentEvent(appointment=appointment, actor_id=actor, type=FLOW_EVENTS[status],
                                       from_status=previous, to_status=status, data=data, created_at=moment))
        setattr(appointment, STAGE_TIMESTAMPS[status], moment)
        previous = status
    if final in (S.DECLINED_BY_MASTER, S.CANCELLED):
        moment += terminal_gap
        kind, actor = (E.DECLINED, appointment.master_id) if final == S.DECLINED_BY_MASTER else (
            E.CANCELLED, appointment.client_id)
        reason = "Нет свободного времени" if kind == E.DECLINED else "Планы изменились"
        events.append(AppointmentEvent(appointment=appointment, actor_id=actor, type=kind, from_status=previous,
                                       to_status=final, data={"reason": reason}, created_at=moment))
        setattr(appointment, STAGE_TIMESTAMPS[final], moment)
        if kind == E.DECLINED:
            appointment.decline_reason = reason
        else:
            appointment.cancel_reason = reason
    appointment.updated_at = moment
    return events


def _receipt_png() -> bytes:
    image = Image.new("RGB", (360, 200), (250, 250, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 350, 190), outline=(40, 120, 40), width=3)
    draw.text((30, 40), "PAYMENT RECEIPT (demo)", fill=(20, 20, 20))
    draw.text((30, 90), "Transfer completed", fill=(40, 120, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seed(*, scale: int = 1, password: str = "demo-pass-2026", seed_value: int = 2026) -> DemoData:  # noqa: S107
    rng = random.Random(seed_value)  # noqa: S311  (reproducible demo data, not secrets)
    data = DemoData(rng=rng)
    password_hash = make_password(password)
    now = timezone.now()

    data.admins = _users(rng, Role.ADMIN, "demo_admin", 1, password_hash, is_staff=True, is_superuser=True)
    for sub_role in ("support", "finance", "moderator", "analyst"):
        data.admins += _users(rng, Role.ADMIN, f"demo_{sub_role}", 1, password_hash, is_staff=True,
                              admin_role=sub_role)
    data.clients = _users(rng, Role.CLIENT, "demo_client", 8 * scale, password_hash)
    data.masters = _users(rng, Role.MASTER, "demo_master", 4 * scale, password_hash)
    profiles = []
    trades: dict[int, list[tuple[str, str]]] = {}
    for i, master in enumerate(data.masters):
        status = MasterProfile.Status.PENDING if i % 4 == 3 else MasterProfile.Status.ACTIVE
        trade, services = TRADES[i % len(TRADES)]
        trades[master.pk] = services
        if status == MasterProfile.Status.PENDING:  # applied a couple of days ago, waits for approval
            master.date_joined = now - timedelta(days=rng.randint(1, 3), minutes=rng.randint(0, 1440))
        profiles.append(MasterProfile(
            user=master, status=status, bio=f"{trade}. {rng.choice(EXPERIENCE)}",
            payment_method="Перевод по СБП" if i % 2 == 0 else "",
            payment_recipient=master.display_name if i % 2 == 0 else "",
            payment_account=f"+7 900 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
            if i % 2 == 0 else "",
        ))
    MasterProfile.objects.bulk_create(profiles, batch_size=1000)
    # joined when they signed up (auto_now_add stamped "now" on insert)
    for master, profile in zip(data.masters, profiles, strict=True):
        profile.created_at = profile.status_changed_at = master.date_joined
        if profile.status == MasterProfile.Status.ACTIVE:
            profile.status_changed_at = master.date_joined + timedelta(days=1)
    MasterProfile.objects.bulk_update(profiles, ["created_at", "status_changed_at"], batch_size=1000)
    User.objects.bulk_update(data.masters, ["date_joined"], batch_size=1000)
    active_masters = [m for m, p in zip(data.masters, profiles, strict=True) if p.status == MasterProfile.Status.ACTIVE]

    statuses = [s for s, w in STATUS_WEIGHTS.items() for _ in range(w)] * max(1, scale)
    rng.shuffle(statuses)
    appointments, created_at = [], []
    for status in statuses:
        needs_master = status not in (S.NEW,) and not (status == S.CANCELLED and rng.random() < 0.5)
        master = rng.choice(active_masters) if needs_master else None
        # a master takes the requests of their trade; the queue holds requests of every kind
        title, description = rng.choice(trades[master.pk] if master else SERVICES)
        priced = status in FLOW[2:]
        appointments.append(Appointment(
            client=rng.choice(data.clients), master=master,
            title=title, description=description, status=status,
            price=Decimal(rng.randrange(800, 9000, 100)) if priced or (
                status == S.DECLINED_BY_MASTER and rng.random() < 0.5) else None,
            currency="RUB",
        ))
        created_at.append(now - timedelta(days=rng.randint(0, 90), minutes=rng.randint(0, 1440))
                          if status not in (S.NEW, S.IN_REVIEW) else now - timedelta(minutes=rng.randint(5, 2000)))
    Appointment.objects.bulk_create(appointments, batch_size=1000)
    events = []
    for appointment, created in zip(appointments, created_at, strict=True):
        appointment.created_at = created
        events += _timeline(rng, appointment, created)
    receipt = _receipt_png()
    for appointment in appointments:
        if appointment.marked_paid_at:
            appointment.payment_proof.name = private_storage.save(
                f"proofs/demo/{uuid.uuid4().hex}.png", ContentFile(receipt))
            appointment.payment_proof_content_type = "image/png"
            appointment.payment_proof_size = len(receipt)
            appointment.payment_proof_uploaded_at = appointment.marked_paid_at
    Appointment.objects.bulk_update(
        appointments, ["created_at", "updated_at", *STAGE_TIMESTAMPS.values(), "decline_reason", "cancel_reason",
                       "payment_proof", "payment_proof_content_type", "payment_proof_size",
                       "payment_proof_uploaded_at"],
        batch_size=500)
    AppointmentEvent.objects.bulk_create(events, batch_size=2000)
    data.appointments = appointments
    for seeder in _seeders:
        seeder(data)
    return data
