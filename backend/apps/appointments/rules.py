"""What rules can read about an appointment, its client, its master and its status changes, and
what they can do to one (registered with the platform's rule engine in AppointmentsConfig.ready()).
Every loader is bulk: one query per group for any number of targets."""

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.common.capabilities import Capability
from apps.platform.notifications.alerts import holders_of
from apps.platform.notifications.services import notify_many
from apps.platform.rules.grammar import FieldType
from apps.platform.rules.registry import (
    ActionContext,
    ActionSpec,
    DurationHit,
    FieldSpec,
    ParamSpec,
    Target,
    register_duration_source,
    register_rule_action,
    register_rule_fields,
    register_target_lookup,
)
from apps.platform.rules.types import RuleNotification

from .models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus
from .tags import appointment_require_payment_review, appointment_tag, tag_problem

T = FieldType
S = AppointmentStatus
STATUSES = tuple(S.values)
HOUR = 3600


def _entries():
    """The timeline rows that entered an appointment's current status (the status changed)."""
    return AppointmentEvent.objects.filter(appointment=OuterRef("pk"), to_status=OuterRef("status")).exclude(
        from_status=OuterRef("status")).order_by("-created_at", "-id")


def with_status_entry(qs):
    """`entry_id` and `entered_at`: the timeline row that entered the current status, and when."""
    entries = _entries()
    return qs.annotate(entry_id=Subquery(entries.values("id")[:1]),
                       entered_at=Subquery(entries.values("created_at")[:1]))


def _rejections():
    return (AppointmentEvent.objects.filter(appointment=OuterRef("pk"), type=AppointmentEventType.PAYMENT_REJECTED)
            .order_by().values("appointment").annotate(n=Count("id")).values("n"))


APPOINTMENT_FIELDS = [
    FieldSpec("appointment.status", T.ENUM, "Status", choices=STATUSES),
    FieldSpec("appointment.price", T.NUMBER, "Price"),
    FieldSpec("appointment.hours_in_status", T.NUMBER, "Hours in the current status"),
    FieldSpec("appointment.age_hours", T.NUMBER, "Hours since the request was created"),
    FieldSpec("appointment.created_at", T.DATETIME, "Created at"),
    FieldSpec("appointment.tags", T.LIST, "Tags"),
    FieldSpec("appointment.title", T.STRING, "Title"),
    FieldSpec("appointment.has_proof", T.BOOLEAN, "A payment proof is attached"),
    FieldSpec("appointment.rejected_payments", T.NUMBER, "Payment proofs rejected so far"),
    FieldSpec("appointment.payment_review_required", T.BOOLEAN, "An admin must review the payment"),
]
CLIENT_FIELDS = [
    FieldSpec("client.completed_count", T.NUMBER, "Client: completed appointments"),
    FieldSpec("client.cancelled_count", T.NUMBER, "Client: cancelled appointments"),
    FieldSpec("client.account_age_days", T.NUMBER, "Client: days since sign-up"),
    FieldSpec("client.signed_up_via_telegram", T.BOOLEAN, "Client: has a Telegram account linked"),
]
MASTER_FIELDS = [
    FieldSpec("master.completed_count", T.NUMBER, "Master: completed appointments"),
]
STATUS_CHANGE_FIELDS = [
    FieldSpec("event.from_status", T.ENUM, "Status before the event", choices=STATUSES),
    FieldSpec("event.to_status", T.ENUM, "Status after the event", choices=STATUSES),
]


def _hours(since: datetime | None, now: datetime) -> float | None:
    return None if since is None else round((now - since).total_seconds() / HOUR, 2)


def _appointment_rows(targets: Sequence[Target]) -> dict[int, Appointment]:
    ids = {t.appointment_id for t in targets if t.appointment_id is not None}
    if not ids:
        return {}
    qs = with_status_entry(Appointment.objects.filter(pk__in=ids)).annotate(
        rejected=Coalesce(Subquery(_rejections(), output_field=IntegerField()), 0))
    return {a.pk: a for a in qs}


def load_appointment_facts(targets: Sequence[Target]) -> list[dict]:
    rows = _appointment_rows(targets)
    now = timezone.now()
    out = []
    for target in targets:
        a = rows.get(target.appointment_id)
        if a is None:
            out.append({})
            continue
        out.append({
            "appointment.status": a.status, "appointment.price": a.price,
            "appointment.hours_in_status": _hours(a.entered_at or a.created_at, now),
            "appointment.age_hours": _hours(a.created_at, now), "appointment.created_at": a.created_at,
            "appointment.tags": list(a.tags or []), "appointment.title": a.title,
            "appointment.has_proof": bool(a.payment_proof), "appointment.rejected_payments": a.rejected,
            "appointment.payment_review_required": a.payment_review_required,
        })
    return out


def _people(targets: Sequence[Target], field: str) -> dict[int, int]:
    """appointment id -> its client's / master's id."""
    ids = {t.appointment_id for t in targets if t.appointment_id is not None}
    return dict(Appointment.objects.filter(pk__in=ids).values_list("pk", field)) if ids else {}


def _counts(user_field: str, user_ids: set[int]) -> dict[int, dict]:
    rows = (Appointment.objects.filter(**{f"{user_field}__in": user_ids}).values(user_field)
            .annotate(completed=Count("id", filter=Q(status=S.COMPLETED)),
                      cancelled=Count("id", filter=Q(status=S.CANCELLED))))
    return {row[user_field]: row for row in rows}


def load_client_facts(targets: Sequence[Target]) -> list[dict]:
    clients = _people(targets, "client_id")
    ids = set(clients.values())
    users = get_user_model().objects.in_bulk(ids) if ids else {}
    counts = _counts("client_id", ids) if ids else {}
    now = timezone.now()
    out = []
    for target in targets:
        user = users.get(clients.get(target.appointment_id))
        if user is None:
            out.append({})
            continue
        count = counts.get(user.pk, {})
        out.append({"client.completed_count": count.get("completed", 0),
                    "client.cancelled_count": count.get("cancelled", 0),
                    "client.account_age_days": (now - user.date_joined).days,
                    "client.signed_up_via_telegram": user.telegram_id is not None})
    return out


def load_master_facts(targets: Sequence[Target]) -> list[dict]:
    masters = _people(targets, "master_id")
    ids = {m for m in masters.values() if m is not None}
    counts = _counts("master_id", ids) if ids else {}
    out = []
    for target in targets:
        master_id = masters.get(target.appointment_id)
        completed = counts.get(master_id, {}).get("completed", 0)
        out.append({} if master_id is None else {"master.completed_count": completed})
    return out


def load_status_change_facts(targets: Sequence[Target]) -> list[dict]:
    out = []
    for target in targets:
        payload = getattr(target.event, "payload", None) or {}
        out.append({"event.from_status": payload.get("from_status") or None,
                    "event.to_status": payload.get("to_status") or None})
    return out


def appointments_in_status(status: str, entered_before: datetime) -> list[DurationHit]:
    """Appointments now in `status` that entered it no later than `entered_before` (each entry is
    the timeline row that entered it)."""
    qs = with_status_entry(Appointment.objects.filter(status=status)).filter(entered_at__lte=entered_before)
    return [DurationHit(appointment_id=pk, entry=str(entry_id), entered_at=entered_at)
            for pk, entry_id, entered_at in qs.values_list("pk", "entry_id", "entered_at").order_by("pk")]


# --- actions ------------------------------------------------------------------------------------

class Recipient:
    ADMINS = "admins"
    CLIENT = "client"
    MASTER = "master"


RECIPIENTS = (Recipient.ADMINS, Recipient.CLIENT, Recipient.MASTER)


def notify_action(context: ActionContext) -> str:
    """Tell the chosen people, in-app and on their channels. "admins" are those who manage
    appointments (the capability this kind of problem needs)."""
    appointment = Appointment.objects.select_related("client", "master").get(pk=context.target.appointment_id)
    users = []
    for who in context.params["to"]:
        if who == Recipient.ADMINS:
            users.extend(holders_of(Capability.APPOINTMENTS_MANAGE))
        elif who == Recipient.CLIENT:
            users.append(appointment.client)
        elif who == Recipient.MASTER and appointment.master_id:
            users.append(appointment.master)
    unique = list({user.pk: user for user in users}.values())
    sent = notify_many(users=unique, type=RuleNotification.NOTICE, subject=appointment,
                       texts=lambda _user: (f"#{appointment.pk} {appointment.title}", context.params["message"]),
                       data={"appointment_id": appointment.pk, "rule_id": context.rule.pk})
    return f"notified {len(sent)}"


def tag_action(context: ActionContext) -> str:
    added = appointment_tag(appointment_id=context.target.appointment_id, tag=context.params["tag"])
    return "tagged" if added else "already tagged"


def payment_review_action(context: ActionContext) -> str:
    changed = appointment_require_payment_review(appointment_id=context.target.appointment_id,
                                                 reason=context.params.get("reason", ""))
    return "review required" if changed else "already required"


ACTIONS = [
    ActionSpec("notify", "Notify people", (ParamSpec("to", type="choices", choices=RECIPIENTS),
                                           ParamSpec("message", max_length=1000)), run=notify_action),
    ActionSpec("tag", "Tag the appointment", (ParamSpec("tag", max_length=40, check=tag_problem),), run=tag_action),
    ActionSpec("require_payment_review", "Require an admin's review of the payment",
               (ParamSpec("reason", required=False),), run=payment_review_action),
]


def register(owner: str) -> None:
    register_rule_fields(APPOINTMENT_FIELDS, owner=owner, loader=load_appointment_facts)
    register_rule_fields(CLIENT_FIELDS, owner=owner, loader=load_client_facts)
    register_rule_fields(MASTER_FIELDS, owner=owner, loader=load_master_facts)
    register_rule_fields(STATUS_CHANGE_FIELDS, owner=owner, loader=load_status_change_facts)
    for spec in ACTIONS:
        register_rule_action(spec, owner=owner)
    register_duration_source(statuses=STATUSES, finder=appointments_in_status, owner=owner)
    register_target_lookup(dry_run_lookup)


def dry_run_lookup(appointment_id: int, event_type: str):
    """For a dry run: does the appointment exist, and its latest platform event of `event_type`."""
    from apps.platform.events.models import PlatformEvent
    from apps.platform.refs import subject_ref

    appointment = Appointment.objects.filter(pk=appointment_id).first()
    if appointment is None:
        return False, None
    subject_type, subject_id = subject_ref(appointment)
    event = (PlatformEvent.objects.filter(type=event_type, subject_type=subject_type, subject_id=subject_id)
             .order_by("-id").first()) if event_type else None
    return True, event


# --- demo ---------------------------------------------------------------------------------------
# In Russian, like the rest of the demo data (names, requests, chats): what an owner reads first.

EXAMPLE_RULES = [
    {"name": "Пример: крупная оплата от нового клиента — на проверку", "mode": "shadow", "priority": 10,
     "description": "Оплату от 10 000 от клиента без выполненных заявок сначала проверяет администратор.",
     "trigger": {"type": "event", "event": "appointment.marked_paid"},
     "conditions": {"all": [{"field": "appointment.price", "op": "gte", "value": 10000},
                            {"field": "client.completed_count", "op": "eq", "value": 0}]},
     "actions": [{"type": "require_payment_review", "params": {"reason": "Крупная оплата от нового клиента"}},
                 {"type": "tag", "params": {"tag": "проверка-оплаты"}}]},
    {"name": "Пример: заявку сутки никто не взял — сообщить администраторам", "enabled": False, "priority": 20,
     "description": "Заявка ждёт мастера больше 24 часов.",
     "trigger": {"type": "duration", "status": S.NEW, "hours": 24},
     "conditions": {"all": []},
     "actions": [{"type": "notify", "params": {"to": [Recipient.ADMINS],
                                               "message": "Эту заявку уже сутки никто не берёт."}},
                 {"type": "tag", "params": {"tag": "ждёт-24ч"}}]},
    {"name": "Пример: низкая оценка с отметкой «грубость» — на модерацию", "mode": "shadow", "priority": 30,
     "description": "Отзыв на 1–2 звезды с отметкой о грубости.",
     "trigger": {"type": "event", "event": "review.left"},
     "conditions": {"all": [{"field": "review.rating", "op": "lte", "value": 2},
                            {"field": "review.flags", "op": "contains", "value": "rude"}]},
     "actions": [{"type": "tag", "params": {"tag": "модерация"}}]},
]


def seed_example_rules(data=None) -> int:
    """The three example rules of seed_demo (shadow or disabled: they act on nothing until an
    admin turns them live). Idempotent by name; returns how many it created."""
    from apps.platform.actors import system_actor
    from apps.platform.rules.models import Rule
    from apps.platform.rules.services import rule_create

    existing = set(Rule.objects.filter(name__in=[r["name"] for r in EXAMPLE_RULES]).values_list("name", flat=True))
    created = 0
    for definition in EXAMPLE_RULES:
        if definition["name"] not in existing:
            rule_create(actor=system_actor("seed_demo"), data=dict(definition))
            created += 1
    return created
