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
from django.utils import timezone
from PIL import Image, ImageDraw

from apps.accounts.models import MasterProfile, User
from apps.common.capabilities import Role

from .models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus
from .state import FLOW, STAGE_TIMESTAMPS
from .storage import private_storage

S = AppointmentStatus
E = AppointmentEventType

FIRST = ["Анна", "Мария", "Елена", "Ольга", "Ирина", "Дмитрий", "Алексей", "Сергей", "Наталья", "Татьяна",
         "Павел", "Екатерина", "Юлия", "Андрей", "Светлана", "Максим", "Виктория", "Игорь", "Ксения", "Роман"]
LAST = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева", "Козлова", "Новикова",
        "Морозова", "Волкова", "Орлова", "Зайцева", "Павлова", "Семёнова", "Голубева"]
SERVICES = [
    ("Женская стрижка", "Стрижка средней длины, укладка"), ("Маникюр с покрытием", "Гель-лак, короткие ногти"),
    ("Окрашивание волос", "Тонирование в тёплый блонд"), ("Педикюр", "Аппаратный педикюр"),
    ("Мужская стрижка", "Фейд, борода"), ("Наращивание ресниц", "Классика, 2D"),
    ("Массаж спины", "40 минут, классический"), ("Коррекция бровей", "Коррекция и окрашивание хной"),
    ("Вечерняя укладка", "Локоны на выпускной"), ("Ремонт стиральной машины", "Не сливает воду"),
    ("Сборка шкафа", "Шкаф-купе 2 м, инструкция есть"), ("Уборка квартиры", "2 комнаты после ремонта"),
]
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


def _users(rng, role: str, prefix: str, count: int, password_hash: str, **extra) -> list[User]:
    rows = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append(User(username=f"{prefix}{i + 1}", role=role, password=password_hash,
                         display_name=f"{first} {last[0]}.", first_name=first, last_name=last,
                         email=f"{prefix}{i + 1}@demo.example", language="ru", **extra))
    return User.objects.bulk_create(rows, batch_size=1000)


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
    moment, previous = created, S.NEW
    for status in path:
        moment += timedelta(minutes=rng.randint(5, 600))
        data = {"price": str(appointment.price), "currency": appointment.currency} if status == S.AWAITING_PAYMENT \
            else {}
        actor = appointment.client_id if status == S.PAYMENT_PROOF_UPLOADED else appointment.master_id
        events.append(AppointmentEvent(appointment=appointment, actor_id=actor, type=FLOW_EVENTS[status],
                                       from_status=previous, to_status=status, data=data, created_at=moment))
        setattr(appointment, STAGE_TIMESTAMPS[status], moment)
        previous = status
    if final in (S.DECLINED_BY_MASTER, S.CANCELLED):
        moment += timedelta(minutes=rng.randint(5, 300))
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
    for i, master in enumerate(data.masters):
        status = MasterProfile.Status.PENDING if i % 4 == 3 else MasterProfile.Status.ACTIVE
        profiles.append(MasterProfile(
            user=master, status=status, bio="Опыт работы более 5 лет.",
            payment_method="Перевод по СБП" if i % 2 == 0 else "",
            payment_recipient=master.display_name if i % 2 == 0 else "",
            payment_account=f"+7 900 {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"
            if i % 2 == 0 else "",
        ))
    MasterProfile.objects.bulk_create(profiles, batch_size=1000)
    active_masters = [m for m, p in zip(data.masters, profiles, strict=True) if p.status == MasterProfile.Status.ACTIVE]

    statuses = [s for s, w in STATUS_WEIGHTS.items() for _ in range(w)] * max(1, scale)
    rng.shuffle(statuses)
    appointments, created_at = [], []
    for status in statuses:
        title, description = rng.choice(SERVICES)
        needs_master = status not in (S.NEW,) and not (status == S.CANCELLED and rng.random() < 0.5)
        priced = status in FLOW[2:]
        appointments.append(Appointment(
            client=rng.choice(data.clients), master=rng.choice(active_masters) if needs_master else None,
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
