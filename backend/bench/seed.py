"""Seeding at scale for the benchmark suite: one function per kind of row, each taking sizes and
returning the ids it wrote. PostgreSQL gets `COPY ... FROM STDIN` (psycopg 3's `cursor.copy`),
SQLite batched `executemany`; both write straight to the tables (no model `save()`, no signals),
so a million appointments take about a minute, not hours.

    users = seed_users(2_000, role="client")                  # -> IdRange
    masters = seed_users(200, role="master")
    seed_master_profiles(masters)
    appts = seed_appointments(1_000_000, client_ids=users, master_ids=masters)   # + their timelines
    chat = seed_messages(appts.ids[0], 100_000, sender_ids=[...])                 # -> IdRange

Adding a table: call `write(Model, columns, rows)` with the columns you set; every other concrete
column gets its field default (a new column with a default never breaks a seeder; one without a
default makes `write` fail naming it). Ids are assigned here, so every function can return them.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.db.models.fields import NOT_PROVIDED
from django.utils import timezone

from apps.accounts.models import MasterProfile, User
from apps.appointments.models import (
    Appointment,
    AppointmentEvent,
    AppointmentEventType,
    AppointmentStatus,
    SlaClock,
)
from apps.appointments.state import FLOW, STAGE_TIMESTAMPS
from apps.chat.models import Message, ReadState
from apps.platform.models import AuditEntry, FeatureFlag, Notification, PlatformEvent, Rule, RuleRun
from apps.reviews.models import MasterRating, Review
from apps.reviews.types import ReviewDirection
from apps.scoring.models import ScoreSnapshot

S = AppointmentStatus
E = AppointmentEventType

# The status mix of a marketplace (the demo data's shares).
STATUS_WEIGHTS: dict[str, int] = {S.NEW: 5, S.IN_REVIEW: 3, S.AWAITING_PAYMENT: 3, S.PAYMENT_PROOF_UPLOADED: 2,
                                  S.PAID: 2, S.IN_PROGRESS: 2, S.COMPLETED: 10, S.DECLINED_BY_MASTER: 2,
                                  S.CANCELLED: 2}
FLOW_EVENTS = {S.IN_REVIEW: E.TAKEN, S.AWAITING_PAYMENT: E.PRICED, S.PAYMENT_PROOF_UPLOADED: E.MARKED_PAID,
               S.PAID: E.PAYMENT_CONFIRMED, S.IN_PROGRESS: E.STARTED, S.COMPLETED: E.COMPLETED}
TITLES = ["Женская стрижка", "Маникюр с покрытием", "Окрашивание волос", "Педикюр", "Мужская стрижка",
          "Наращивание ресниц", "Массаж спины", "Коррекция бровей", "Ремонт стиральной машины", "Сборка шкафа",
          "Уборка квартиры", "Вечерняя укладка"]
LINES = ["Здравствуйте! Можно записаться на эту неделю?", "Добрый день! Могу в четверг после 15:00.",
         "Суббота утром подойдёт, спасибо!", "Стоимость указал(а) в заявке.", "Оплатила, чек прикрепила.",
         "Оплату получил(а), спасибо!", "Выезжаю, буду через 20 минут.", "Готово! Спасибо, что выбрали меня."]
BENCH_PASSWORD = "bench-pass-2026"


@dataclass(frozen=True)
class IdRange:
    """Consecutive ids written by one call (`ids[0]`, `len(ids)`, `id in ids` all work)."""

    ids: range

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        return self.ids[index]

    def __contains__(self, item) -> bool:
        return item in self.ids


@dataclass(frozen=True)
class SeededAppointments(IdRange):
    events: IdRange  # their timelines


# --- the writer ------------------------------------------------------------------------------------

def _next_id(model: type[Model]) -> int:
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) + 1 FROM "{table}"')
        return int(cursor.fetchone()[0])


def _constant_default(field, now: datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
        raise ValueError(f"{field.model.__name__}.{field.name}: a database default; give the column to write()")
    raise ValueError(f"{field.model.__name__}.{field.name} has no default: give it to write() "
                     f"(a new required column needs its seeder updated)")


class Encoded(str):
    """A JSON column's value already encoded (seeders pass constants this way: no dumps per row)."""


def write(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence], *, chunk: int = 5000) -> IdRange:
    """Insert `rows` (tuples in `columns` order, column = field attname, without the id) into the
    model's table in bulk and return the ids given to them, in order. JSON columns take a dict or
    list, or an `Encoded` string."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    pk = model._meta.pk.attname
    unknown = [c for c in columns if c not in fields or c == pk]
    if unknown:
        raise ValueError(f"{model.__name__}: unknown or id columns {unknown}")
    now = timezone.now()
    rest = [f for name, f in fields.items() if name != pk and name not in columns]
    postgres = connection.vendor == "postgresql"
    constants = tuple(_prepare(f, postgres)(_constant_default(f, now)) for f in rest)
    all_fields = [fields[pk], *(fields[c] for c in columns), *rest]
    names = ", ".join(f'"{f.column}"' for f in all_fields)
    table = model._meta.db_table
    start = _next_id(model)
    # Values that need converting (JSON everywhere; every column on SQLite), by position in the row.
    converting = [(i, _prepare(f, postgres)) for i, f in enumerate(fields[c] for c in columns)
                  if not postgres or f.get_internal_type() == "JSONField"]

    def full_rows() -> Iterator[tuple]:
        if not converting:
            for number, row in enumerate(rows, start):
                yield (number, *row, *constants)
            return
        for number, row in enumerate(rows, start):
            values = list(row)
            for i, convert in converting:
                values[i] = convert(values[i])
            yield (number, *values, *constants)

    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            skipped = _skip_fk_triggers(cursor)
            with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for values in full_rows():
                    copy.write_row(values)
                    count += 1
            if count:
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                               [f'"{table}"', fields[pk].column, start + count - 1])
            if skipped:
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            placeholders = ", ".join(["%s"] * len(all_fields))
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})'
            iterator = full_rows()
            while batch := list(itertools.islice(iterator, chunk)):
                cursor.executemany(sql, batch)
                count += len(batch)
    return IdRange(range(start, start + count))


def _skip_fk_triggers(cursor) -> bool:
    """Foreign keys are checked at commit, row by row: for a million rows that is most of the load.
    The seeders write consistent ids by construction (bench/tests check it), so the COPY skips
    those triggers when the role may (a superuser, as the bench's local server); `write` turns
    them back on after its COPY, so a caller's own writes in the same transaction are checked."""
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        return False
    cursor.execute("SET LOCAL session_replication_role = replica")
    return True


BULK = 50_000  # from this many rows on, PostgreSQL builds the indexes after the load


@contextlib.contextmanager
def indexes_deferred(*models: type[Model], rows: int = BULK) -> Iterator[None]:
    """A bulk load of `rows` rows into these tables on PostgreSQL: their plain indexes are dropped
    for the load and built again after it (one sorted build each, about twice as fast as keeping
    them up to date row by row). Primary keys and unique constraints stay."""
    if rows < BULK or connection.vendor != "postgresql":
        yield
        return
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                       "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)", [tables])
        saved = cursor.fetchall()
        for name, _ in saved:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _, definition in saved:
                cursor.execute(definition)


def _prepare(field, postgres: bool):
    """How a Python value becomes what the driver takes: JSON as text on both; on SQLite the field's
    own database preparation (datetimes, decimals, booleans)."""
    if field.get_internal_type() == "JSONField":
        encoder = getattr(field, "encoder", None)
        return lambda v: v if isinstance(v, Encoded) else json.dumps(v, cls=encoder, ensure_ascii=False)
    if postgres:
        return lambda v: v
    return lambda v: field.get_db_prep_save(v, connection)


def analyze() -> None:
    """After a bulk load: planner statistics, and on PostgreSQL the visibility map (VACUUM), as
    autovacuum leaves a table that has settled. Without it index-only scans (counts by status)
    read the heap, and autovacuum would start on the new tables in the middle of the measuring."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- people ----------------------------------------------------------------------------------------

@functools.cache
def _password_hash(password: str) -> str:
    return make_password(password)


def seed_users(n: int, *, role: str, prefix: str | None = None, admin_role: str = "", is_superuser: bool = False,
               password: str = BENCH_PASSWORD) -> IdRange:
    """`n` users of `role`, usernames `<prefix><id>` (unique across calls)."""
    prefix = prefix or f"bench_{admin_role or role}_"
    password_hash = _password_hash(password)
    first = ["Анна", "Мария", "Елена", "Дмитрий", "Алексей", "Сергей", "Ольга", "Павел"]
    last = ["Иванова", "Смирнова", "Кузнецова", "Попова", "Соколова", "Лебедева"]
    start = _next_id(User)
    now = timezone.now()

    def rows():
        for i in range(n):
            number = start + i
            name_first, name_last = first[number % len(first)], last[number % len(last)]
            yield (f"{prefix}{number}", password_hash, role, admin_role, is_superuser, is_superuser or role == "admin",
                   True, f"{name_first} {name_last[0]}.", name_first, name_last, f"{prefix}{number}@bench.example",
                   now - timedelta(days=number % 700))

    return write(User, ["username", "password", "role", "admin_role", "is_superuser", "is_staff", "is_active",
                        "display_name", "first_name", "last_name", "email", "date_joined"], rows())


def seed_master_profiles(user_ids: Iterable[int], *, active_share: float = 0.75, payment_share: float = 0.5,
                         seed: int = 1) -> IdRange:
    """A profile for each master: `active_share` of them active, `payment_share` with payment settings."""
    rng = random.Random(seed)  # noqa: S311  (reproducible data, not secrets)
    now = timezone.now()

    def rows():
        for user_id in user_ids:
            active = rng.random() < active_share
            paid = rng.random() < payment_share
            yield (user_id, MasterProfile.Status.ACTIVE if active else MasterProfile.Status.PENDING,
                   "Опыт работы более 5 лет.", "Перевод по СБП" if paid else "",
                   "Получатель" if paid else "", f"+7 900 {user_id % 1000:03d}-00-00" if paid else "", now, now)

    return write(MasterProfile, ["user_id", "status", "bio", "payment_method", "payment_recipient",
                                 "payment_account", "created_at", "updated_at"], rows())


# --- appointments ----------------------------------------------------------------------------------

STAGE_COLUMNS = list(dict.fromkeys(STAGE_TIMESTAMPS.values()))
_STAGE_INDEX = {status: STAGE_COLUMNS.index(column) for status, column in STAGE_TIMESTAMPS.items()}
MINUTE = timedelta(minutes=1)
REASONS = {S.DECLINED_BY_MASTER: "Нет свободного времени", S.CANCELLED: "Планы изменились"}


def _plan_appointments(n: int, *, client_ids: list[int], master_ids: list[int], weights: dict[str, int],
                       days: int, seed: int, first_id: int) -> Iterator[tuple]:
    """Appointment rows (APPOINTMENT_COLUMNS), deterministic for a seed: a master where the status
    needs one, a price once priced, every stage reached stamped in order, never in the future."""
    rng = random.Random(seed)  # noqa: S311  (reproducible data, not secrets)
    random_ = rng.random
    now = timezone.now().replace(microsecond=0)
    statuses = rng.choices([S(s) for s in weights], weights=list(weights.values()), k=n)
    clients, masters = len(client_ids), len(master_ids)
    declined_paths = ([S.IN_REVIEW], [S.IN_REVIEW, S.AWAITING_PAYMENT])
    flow_paths = {status: list(FLOW[1:FLOW.index(status) + 1]) for status in FLOW}
    for number, final in enumerate(statuses, first_id):
        master = None
        if final == S.CANCELLED:
            master = master_ids[int(random_() * masters)] if masters and random_() < 0.5 else None
            path = [S.IN_REVIEW] if master else []
        elif final == S.DECLINED_BY_MASTER:
            master = master_ids[int(random_() * masters)] if masters else None
            path = declined_paths[random_() < 0.5] if master else []
        else:
            master = master_ids[int(random_() * masters)] if final != S.NEW and masters else None
            path = flow_paths[final] if master else []
        if final not in (S.NEW, S.CANCELLED) and master is None:
            final = S.NEW  # nobody to give it to: it stays a new request
        price = Decimal(800 + 100 * int(random_() * 82)) if S.AWAITING_PAYMENT in path else None
        if final in (S.NEW, S.IN_REVIEW):
            created = now - MINUTE * (5 + int(random_() * 2000))
        else:
            created = now - MINUTE * int(random_() * 1440 * (days + 1))
        client = client_ids[int(random_() * clients)]
        stamps = [None] * len(STAGE_COLUMNS)
        moment = created
        for reached in path:
            moment = min(moment + MINUTE * (5 + int(random_() * 595)), now)
            stamps[_STAGE_INDEX[reached]] = moment
        decline_reason = cancel_reason = ""
        if final in REASONS:
            moment = min(moment + MINUTE * (5 + int(random_() * 295)), now)
            stamps[_STAGE_INDEX[final]] = moment
            if final == S.DECLINED_BY_MASTER:
                decline_reason = REASONS[final]
            else:
                cancel_reason = REASONS[final]
        yield (client, master, TITLES[number % len(TITLES)], "Детали по телефону", final, price, "RUB",
               decline_reason, cancel_reason, created, moment, *stamps)


APPOINTMENT_COLUMNS = ["client_id", "master_id", "title", "description", "status", "price", "currency",
                       "decline_reason", "cancel_reason", "created_at", "updated_at", *STAGE_COLUMNS]
EVENT_COLUMNS = ["appointment_id", "actor_id", "type", "from_status", "to_status", "data", "created_at"]


def seed_appointments(n: int, *, client_ids: Sequence[int], master_ids: Sequence[int],
                      statuses: dict[str, int] | str = STATUS_WEIGHTS, days: int = 365, with_events: bool = True,
                      seed: int = 2) -> SeededAppointments:
    """`n` appointments with consistent masters, prices, stage timestamps and (with_events) their
    timelines. `statuses`: one status for all, or weights. Clients and masters are picked uniformly
    from the given ids (pass one id to give someone a known volume)."""
    weights = {statuses: 1} if isinstance(statuses, str) else dict(statuses)
    first = _next_id(Appointment)
    with indexes_deferred(Appointment, AppointmentEvent, rows=n):
        ids = write(Appointment, APPOINTMENT_COLUMNS, _plan_appointments(
            n, client_ids=list(client_ids), master_ids=list(master_ids), weights=weights, days=days, seed=seed,
            first_id=first))
        events = seed_timelines(ids) if with_events else IdRange(range(0))
    return SeededAppointments(ids=ids.ids, events=events)


# (stage column, event type, actor column, from status (SQL), to status): one event per stage reached.
_TIMELINE = [
    ("taken_at", E.TAKEN, "master_id", f"'{S.NEW}'", S.IN_REVIEW),
    ("priced_at", E.PRICED, "master_id", f"'{S.IN_REVIEW}'", S.AWAITING_PAYMENT),
    ("marked_paid_at", E.MARKED_PAID, "client_id", f"'{S.AWAITING_PAYMENT}'", S.PAYMENT_PROOF_UPLOADED),
    ("payment_confirmed_at", E.PAYMENT_CONFIRMED, "master_id", f"'{S.PAYMENT_PROOF_UPLOADED}'", S.PAID),
    ("started_at", E.STARTED, "master_id", f"'{S.PAID}'", S.IN_PROGRESS),
    ("completed_at", E.COMPLETED, "master_id", f"'{S.IN_PROGRESS}'", S.COMPLETED),
    ("declined_at", E.DECLINED, "master_id",
     f"CASE WHEN priced_at IS NULL THEN '{S.IN_REVIEW}' ELSE '{S.AWAITING_PAYMENT}' END", S.DECLINED_BY_MASTER),
    ("cancelled_at", E.CANCELLED, "client_id",
     f"CASE WHEN taken_at IS NULL THEN '{S.NEW}' ELSE '{S.IN_REVIEW}' END", S.CANCELLED),
]


def seed_timelines(appointments: IdRange) -> IdRange:
    """The timeline of each appointment in the range, derived from its stage timestamps in one
    INSERT ... SELECT (set-based on both databases): `created`, then one event per stage reached,
    in order, with the actor, the statuses and the data the app writes."""
    if not len(appointments):
        return IdRange(range(0))
    postgres = connection.vendor == "postgresql"
    obj = "jsonb_build_object" if postgres else "json_object"
    table = Appointment._meta.db_table
    where = f"id BETWEEN {int(appointments[0])} AND {int(appointments[-1])}"
    parts = [f"SELECT id AS a, client_id AS actor, '{E.CREATED}' AS type, '' AS from_s, '{S.NEW}' AS to_s, "
             f"{obj}('title', title) AS data, created_at AS at, 0 AS ordinal FROM \"{table}\" WHERE {where}"]
    for ordinal, (column, event, actor, source, target) in enumerate(_TIMELINE, 1):
        if column == "priced_at":
            data = f"{obj}('price', CAST(price AS TEXT), 'currency', currency)"
        elif column in ("declined_at", "cancelled_at"):
            reason = "decline_reason" if column == "declined_at" else "cancel_reason"
            data = f"{obj}('reason', {reason})"
        else:
            data = f"{obj}()"
        parts.append(f"SELECT id, {actor}, '{event}', {source}, '{target}', {data}, {column}, {ordinal} "
                     f"FROM \"{table}\" WHERE {where} AND {column} IS NOT NULL")
    start = _next_id(AppointmentEvent)
    events = AppointmentEvent._meta.db_table
    sql = (f'INSERT INTO "{events}" (id, appointment_id, actor_id, type, from_status, to_status, data, created_at) '
           f"SELECT {start - 1} + ROW_NUMBER() OVER (ORDER BY a, ordinal), a, actor, type, from_s, to_s, data, at "
           f"FROM ({' UNION ALL '.join(parts)}) AS timeline")
    with transaction.atomic(), connection.cursor() as cursor:
        skipped = postgres and _skip_fk_triggers(cursor)
        cursor.execute(sql)
        count = cursor.rowcount
        if skipped:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        if postgres and count:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [f'"{events}"', start + count - 1])
    return IdRange(range(start, start + count))


# --- SLA clocks ------------------------------------------------------------------------------------

# The open stage of each status (its clock runs) and the closed one of a finished appointment.
_SLA_STAGE = {S.NEW: "take", S.IN_REVIEW: "price", S.AWAITING_PAYMENT: "pay", S.PAYMENT_PROOF_UPLOADED:
              "confirm_payment", S.PAID: "start", S.IN_PROGRESS: "complete", S.COMPLETED: "complete",
              S.DECLINED_BY_MASTER: "price", S.CANCELLED: "take"}
_SLA_OPEN = (S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED, S.PAID, S.IN_PROGRESS)


def seed_sla_clocks(appointments: IdRange, *, overdue: int, breached: int = 0, now: datetime | None = None) -> IdRange:
    """One clock per appointment in the range (set-based INSERT ... SELECT): running for an open
    status (due a day from `now`; the first `overdue` of them by id past due), met for a completed
    one and stopped for a declined or cancelled one (stopped at its last update); the first
    `breached` met ones by id were breached instead (due and breached when they stopped). Only the
    running ones are in the sweep's partial index; the closed ones are the table's bulk."""
    if not len(appointments):
        return IdRange(range(0))
    now = now or timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    stage = "CASE status " + " ".join(f"WHEN '{st}' THEN '{stage}'" for st, stage in _SLA_STAGE.items()) + " END"
    open_list = ", ".join(f"'{st}'" for st in _SLA_OPEN)
    state = (f"CASE WHEN status IN ({open_list}) THEN 'running' WHEN status = '{S.COMPLETED}' THEN 'met' "
             f"ELSE 'stopped' END")
    master = f"CASE WHEN status IN ('{S.NEW}', '{S.AWAITING_PAYMENT}', '{S.CANCELLED}') THEN NULL ELSE master_id END"
    stopped = f"CASE WHEN status IN ({open_list}) THEN NULL ELSE updated_at END"
    table, clocks = Appointment._meta.db_table, SlaClock._meta.db_table
    start = _next_id(SlaClock)
    sql = (f'INSERT INTO "{clocks}" (id, appointment_id, stage, cycle, master_id, state, target_minutes, '
           f"warn_before_minutes, business_hours, policy_version, started_at, due_at, warn_at, warned_at, "
           f"breached_at, stopped_at) "
           f"SELECT {start - 1} + ROW_NUMBER() OVER (ORDER BY id), id, {stage}, 1, {master}, {state}, 1440, 0, "
           f"%s, 1, updated_at, %s, NULL, NULL, NULL, {stopped} FROM \"{table}\" "
           f"WHERE id BETWEEN {int(appointments[0])} AND {int(appointments[-1])}")
    overdue_sql = (f'UPDATE "{clocks}" SET due_at = %s WHERE id IN (SELECT id FROM "{clocks}" WHERE state = '
                   f"'running' AND id >= {start} ORDER BY id LIMIT {int(overdue)})")
    postgres = connection.vendor == "postgresql"
    with transaction.atomic(), connection.cursor() as cursor:
        skipped = postgres and _skip_fk_triggers(cursor)
        cursor.execute(sql, [False, adapt(now + timedelta(days=1))])
        count = cursor.rowcount
        cursor.execute(overdue_sql, [adapt(now - timedelta(minutes=5))])
        if breached:
            cursor.execute(f'UPDATE "{clocks}" SET state = \'breached\', due_at = stopped_at, breached_at = stopped_at '
                           f"WHERE id IN (SELECT id FROM \"{clocks}\" WHERE state = 'met' AND id >= {start} "
                           f"ORDER BY id LIMIT {int(breached)})")
        if skipped:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        if postgres and count:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [f'"{clocks}"', start + count - 1])
    return IdRange(range(start, start + count))


def seed_sla_history(appointment_id: int, stages: Sequence[str], *, master_id: int | None,
                     start: datetime | None = None) -> IdRange:
    """Closed clocks of one appointment, one per entry of `stages` in order (a stage met again gets
    the next cycle), an hour apart, each met within its hour."""
    start = start or timezone.now() - timedelta(days=30)
    cycles: dict[str, int] = {}
    rows = []
    for i, stage in enumerate(stages):
        cycles[stage] = cycles.get(stage, 0) + 1
        began = start + timedelta(hours=i)
        rows.append((appointment_id, stage, cycles[stage], None if stage in ("take", "pay") else master_id, "met",
                     60, began, began + timedelta(hours=1), began + timedelta(minutes=30)))
    return write(SlaClock, ["appointment_id", "stage", "cycle", "master_id", "state", "target_minutes",
                            "started_at", "due_at", "stopped_at"], rows)


# --- chat ------------------------------------------------------------------------------------------

def seed_messages(appointment_id: int, n: int, *, sender_ids: Sequence[int], start: datetime | None = None,
                  every: timedelta = timedelta(seconds=20)) -> IdRange:
    """`n` messages in one appointment's chat, alternating between `sender_ids`, oldest first."""
    start = start or timezone.now() - every * (n + 1)
    senders = list(sender_ids)

    def rows():
        for i in range(n):
            yield appointment_id, senders[i % len(senders)], LINES[i % len(LINES)], start + every * i

    with indexes_deferred(Message, rows=n):
        return write(Message, ["appointment_id", "sender_id", "text", "created_at"], rows())


def seed_chats(appointments: Iterable[tuple[int, int, int]], *, per_chat: int = 6) -> IdRange:
    """A short conversation in each (appointment id, client id, master id)."""
    now = timezone.now()

    def rows():
        for appointment_id, client_id, master_id in appointments:
            for i in range(per_chat):
                sender = client_id if i % 2 == 0 or master_id is None else master_id
                yield appointment_id, sender, LINES[i % len(LINES)], now - timedelta(minutes=per_chat - i)

    return write(Message, ["appointment_id", "sender_id", "text", "created_at"], rows())


def seed_read_states(marks: Iterable[tuple[int, int, int | None]]) -> IdRange:
    """(appointment id, user id, last read message id) read marks."""
    now = timezone.now()
    return write(ReadState, ["appointment_id", "user_id", "last_read_message_id", "updated_at"],
                 ((a, u, m, now) for a, u, m in marks))


# --- reviews ---------------------------------------------------------------------------------------

def seed_reviews(appointments: Iterable[tuple[int, int, int]], *, both_ways: bool = True, seed: int = 3) -> IdRange:
    """Published reviews of COMPLETED (appointment id, client id, master id): the client's of the
    master, and (both_ways) the master's of the client. Updates the masters' rating summaries."""
    rng = random.Random(seed)  # noqa: S311
    now = timezone.now()
    ratings: dict[int, list[int]] = {}

    def rows():
        for appointment_id, client_id, master_id in appointments:
            rating = rng.choice([5, 5, 5, 4, 4, 3, 2])
            ratings.setdefault(master_id, []).append(rating)
            written = now - timedelta(hours=rng.randint(1, 2000))
            yield (appointment_id, ReviewDirection.CLIENT_TO_MASTER, client_id, master_id, rating,
                   "Всё отлично, рекомендую.", ["excellent"], written, written)
            if both_ways:
                yield (appointment_id, ReviewDirection.MASTER_TO_CLIENT, master_id, client_id, 5,
                       "Приятный клиент.", ["polite"], written, written)

    ids = write(Review, ["appointment_id", "direction", "author_id", "subject_id", "rating", "comment", "flags",
                         "created_at", "published_at"], rows())
    MasterRating.objects.bulk_create(
        [MasterRating(master_id=master_id, count=len(values),
                      distribution={str(r): values.count(r) for r in range(1, 6)},
                      average=(Decimal(sum(values)) / len(values)).quantize(Decimal("0.01")))
         for master_id, values in ratings.items()],
        batch_size=1000, update_conflicts=True, unique_fields=["master"],
        update_fields=["average", "count", "distribution"])
    return ids


# --- platform --------------------------------------------------------------------------------------

def seed_notifications(user_id: int, n: int, *, unread_share: float = 0.5) -> IdRange:
    now = timezone.now()

    def rows():
        for i in range(n):
            moment = now - timedelta(minutes=n - i)
            unread = i >= n * (1 - unread_share)
            yield (user_id, "appointment_status", f"Заявка #{i + 1}: статус изменён", "Откройте заявку.",
                   {"appointment_id": i + 1}, "appointments.appointment", str(i + 1), True,
                   None if unread else moment, moment, moment)

    return write(Notification, ["user_id", "type", "title", "body", "data", "subject_type", "subject_id", "in_app",
                                "read_at", "created_at", "bumped_at"], rows())


def seed_platform_events(n: int, *, actor_ids: Sequence[int], subject_ids: Sequence[int]) -> IdRange:
    now = timezone.now()
    actors, subjects = list(actor_ids), list(subject_ids)

    def rows():
        for i in range(n):
            yield ("appointment.status_changed", actors[i % len(actors)], "appointments.appointment",
                   str(subjects[i % len(subjects)]), {"to": "IN_REVIEW"}, f"bench-{i}", now - timedelta(seconds=n - i))

    return write(PlatformEvent, ["type", "actor_id", "subject_type", "subject_id", "payload", "request_id",
                                 "created_at"], rows())


def seed_audit_entries(n: int, *, actor_id: int, actor_username: str, target_ids: Sequence[int]) -> IdRange:
    now = timezone.now()
    targets = list(target_ids)

    def rows():
        for i in range(n):
            target = targets[i % len(targets)]
            yield (actor_id, actor_username, "user.ban", "accounts.user", str(target), f"user {target}",
                   {"is_banned": [False, True]}, "Спам", {}, "127.0.0.1", "bench", f"bench-{i}",
                   now - timedelta(seconds=n - i))

    return write(AuditEntry, ["actor_id", "actor_username", "action", "target_type", "target_id", "target_repr",
                              "changes", "reason", "metadata", "ip", "user_agent", "request_id", "created_at"],
                 rows())


def seed_rules(n: int, *, runs: int, appointment_ids: Sequence[int]) -> IdRange:
    """`n` disabled rules (they never fire during the bench) and `runs` runs of the first one."""
    now = timezone.now()
    trigger = {"type": "event", "event": "appointment.priced"}
    conditions = {"all": [{"field": "appointment.price", "op": "gte", "value": 10000}]}
    actions = [{"type": "tag", "params": {"tag": "big"}}]
    rules = write(Rule, ["name", "description", "enabled", "mode", "priority", "stop_processing", "trigger",
                         "trigger_event", "conditions", "actions", "version", "consecutive_errors", "created_at",
                         "updated_at"],
                  ((f"bench rule {i}", "", False, "live", i, False, trigger, "appointment.priced", conditions,
                    actions, 1, 0, now, now) for i in range(n)))
    first = rules[0]
    trace = [{"path": "conditions.all.0", "field": "appointment.price", "op": "gte", "expected": 10000,
              "actual": 12000, "result": True}]
    write(RuleRun, ["rule_id", "rule_version", "key", "appointment_id", "outcome", "trace", "actions", "duration_us",
                    "created_at"],
          ((first, 1, f"event:bench-{i}", appointment_ids[i % len(appointment_ids)], "matched", trace,
            [{"type": "tag", "ok": True, "detail": "tagged"}], 120, now) for i in range(runs)))
    return rules


def seed_score_history(user_id: int, kind: str, days: int) -> IdRange:
    """`days` daily score snapshots of one user, today and back (the history lists' data)."""
    today = timezone.localdate()
    levels = ("low", "medium", "high") if kind == "client_risk" else ("excellent", "good", "fair", "poor")
    return write(ScoreSnapshot, ["user_id", "kind", "date", "score", "level", "model_version"],
                 ((user_id, kind, today - timedelta(days=i), 40 + i % 50, levels[i % len(levels)], "bench")
                  for i in range(days)))


def seed_flags(n: int, *, prefix: str = "bench.flag") -> IdRange:
    now = timezone.now()
    return write(FeatureFlag, ["key", "description", "enabled", "rollout_percent", "roles", "created_at",
                               "updated_at"],
                 ((f"{prefix}-{i:04d}", "Benchmark flag", i % 2 == 0, 50, ["client"], now, now) for i in range(n)))
