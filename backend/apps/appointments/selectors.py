"""Reads of appointments: lists, single rows, dashboards. Who sees what is decided in policy.py;
these functions apply it."""

from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from apps.accounts.models import SiteSettings
from apps.common.capabilities import Role, effective_role
from apps.common.errors import ApplicationError, ErrorCode, NotFound
from apps.platform.events.services import shared

from . import policy
from .errors import AppointmentErrorCode
from .models import TERMINAL_STATUSES, Appointment, AppointmentEvent, AppointmentStatus
from .state import actions_for

S = AppointmentStatus

# Other apps add per-row annotations (e.g. chat's unread_count) without a query per row.
ListAnnotation = Callable[[QuerySet, object], QuerySet]
_annotations: list[ListAnnotation] = []
# Other apps add actions that aren't status transitions (e.g. reviews' review_master).
ExtraActions = Callable[[Appointment, object], list[str]]
_extra_actions: list[ExtraActions] = []
# Other apps add keys to an appointment response for some callers (e.g. scoring's client_risk for
# masters); a provider reads only what the list annotations loaded, never a query per row.
ResponseFields = Callable[[Appointment, object], dict]
_response_fields: list[ResponseFields] = []


def register_list_annotation(annotate: ListAnnotation) -> None:
    if annotate not in _annotations:
        _annotations.append(annotate)


def register_extra_actions(provider: ExtraActions) -> None:
    if provider not in _extra_actions:
        _extra_actions.append(provider)


def register_response_fields(provider: ResponseFields) -> None:
    if provider not in _response_fields:
        _response_fields.append(provider)


def response_fields(appointment: Appointment, user) -> dict:
    """The keys other apps add to this appointment's response for `user`."""
    extra: dict = {}
    for provider in _response_fields:
        extra.update(provider(appointment, user))
    return extra


def appointments_visible_to(user) -> QuerySet:
    """What the caller may see (policy.visible_q): their own, the NEW queue for an active master,
    everything for an admin with `appointments.view`."""
    return Appointment.objects.filter(policy.visible_q(user))


def appointments_taking_part(user) -> QuerySet:
    """The appointments the caller takes part in: a client's own, a master's assigned ones
    (policy.taking_part_q). Chat and reviews start from here."""
    return Appointment.objects.filter(policy.taking_part_q(user))


def with_list_data(qs: QuerySet, user) -> QuerySet:
    qs = qs.select_related("client", "master", "master__master_profile")
    for annotate in _annotations:
        qs = annotate(qs, user)
    return qs


def appointment_with_people(appointment_id) -> Appointment | None:
    """The appointment with its client, master and the master's profile (who may see it, who to
    tell), or None."""
    if not appointment_id:
        return None
    return (Appointment.objects.select_related("client", "master", "master__master_profile")
            .filter(pk=appointment_id).first())


def appointment_of_event(event) -> Appointment | None:
    """The appointment an event's payload names (`appointment_id`), `appointment_with_people`,
    read once for all of the event's handlers (read-only for them)."""
    return shared(event, "appointment", lambda: appointment_with_people(event.payload.get("appointment_id")))


def appointment_get_visible(*, appointment_id, user) -> Appointment:
    """One appointment `user` sees, with the list's per-row data, or 404. Unordered: at most one row
    matches, and ordering the annotated query (what `first()` would add) costs ~1 ms of compiling
    on every detail and every transition's answer."""
    rows = list(with_list_data(appointments_visible_to(user), user).filter(pk=appointment_id).order_by()[:1])
    if not rows:
        raise NotFound()
    return rows[0]


def allowed_actions(appointment: Appointment, user) -> list[str]:
    kinds = policy.actor_kinds(appointment, user)
    actions = [str(a) for a in actions_for(AppointmentStatus(appointment.status), kinds, appointment)]
    for provider in _extra_actions:
        actions.extend(provider(appointment, user))
    return actions


def statuses_parse(raw: str | Iterable[str] | None) -> list[str]:
    """The statuses a `status` filter names: `PAID`, `paid,completed` or a list of them. An unknown
    one is a 400 `invalid` naming it. Every appointment list (the regular ones, the admin's) reads
    its `status` filter through here."""
    parts = raw.split(",") if isinstance(raw, str) else list(raw or [])
    statuses = [str(part).strip().upper() for part in parts if str(part).strip()]
    unknown = [s for s in statuses if s not in S.values]
    if unknown:
        raise ApplicationError(ErrorCode.INVALID, f"Unknown status: {', '.join(unknown)}.", 400,
                               errors={"status": [f"Choose from {', '.join(S.values)}."]})
    return statuses


def with_statuses(qs: QuerySet, raw: str | Iterable[str] | None) -> QuerySet:
    """`qs` limited to the statuses `raw` names (all of them when it names none)."""
    statuses = statuses_parse(raw)
    return qs.filter(status__in=statuses) if statuses else qs


def _filtered(qs: QuerySet, filters: dict) -> QuerySet:
    return with_statuses(qs, filters.get("status"))


def _involved(user) -> QuerySet:
    return Appointment.objects.filter(policy.involved_q(user))


def appointment_list_my(*, user, filters: dict) -> QuerySet:
    """client: own; master: assigned; admin with `appointments.view`: all. Newest first."""
    return with_list_data(_filtered(_involved(user), filters), user).order_by("-created_at", "-id")


def appointment_list_new(*, user, filters: dict) -> QuerySet:
    """The NEW queue, oldest first: active masters and admins with `appointments.view` only."""
    actor = policy.actor_of(user)
    if not policy.may_see_queue(actor):
        if actor.role == Role.MASTER:
            raise ApplicationError(AppointmentErrorCode.MASTER_NOT_ACTIVE, "Your master profile is not active yet.",
                                   403)
        raise ApplicationError(ErrorCode.PERMISSION_DENIED, "Only masters see the queue of new requests.", 403)
    qs = Appointment.objects.filter(policy.queue_q())
    return with_list_data(qs, user).order_by("created_at", "id")


def appointment_list_active(*, user, filters: dict) -> QuerySet:
    """Non-terminal appointments of the caller's own lists (see `appointment_list_my`). Newest first."""
    qs = _involved(user).exclude(status__in=TERMINAL_STATUSES)
    return with_list_data(_filtered(qs, filters), user).order_by("-created_at", "-id")


def appointment_events(*, appointment: Appointment) -> QuerySet:
    return AppointmentEvent.objects.filter(appointment=appointment).select_related("actor").order_by(
        "created_at", "id")


def payment_instructions(appointment: Appointment,
                         site: Callable[[], SiteSettings] = SiteSettings.load) -> dict | None:
    """What the client needs to pay: the master's payment settings, else the site's. `site` is
    called only when the site's settings are needed (a list passes a memoised loader, so they are
    read at most once per response, not once per row)."""
    if appointment.status not in (S.AWAITING_PAYMENT, S.PAYMENT_PROOF_UPLOADED):
        return None
    profile = getattr(appointment.master, "master_profile", None) if appointment.master_id else None
    amount = str(appointment.price) if appointment.price is not None else None
    if profile is not None and profile.has_payment_settings:
        return {"source": "master", "method": profile.payment_method, "recipient": profile.payment_recipient,
                "account": profile.payment_account, "instructions": profile.payment_instructions,
                "amount": amount, "currency": appointment.currency}
    return {"source": "site", "method": "", "recipient": "", "account": "",
            "instructions": site().payment_instructions, "amount": amount, "currency": appointment.currency}


def _month_start(now: datetime) -> datetime:
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _by_status(qs: QuerySet) -> dict[str, int]:
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {s: counts.get(s, 0) for s in S.values}


def dashboard_section(user) -> dict:
    role = effective_role(user)
    now = timezone.localtime()
    if role == Role.CLIENT:
        own = Appointment.objects.filter(client=user)
        return {
            "appointments_by_status": _by_status(own),
            "payments_to_make": own.filter(status=S.AWAITING_PAYMENT).count(),
        }
    if role == Role.MASTER:
        assigned = Appointment.objects.filter(master=user)
        completed_month = assigned.filter(status=S.COMPLETED, completed_at__gte=_month_start(now))
        totals = completed_month.aggregate(n=Count("id"), earnings=Sum("price"))
        return {
            "new_queue": Appointment.objects.filter(policy.queue_q()).count()
            if policy.is_active_master(user) else 0,
            "appointments_by_status": _by_status(assigned),
            "payments_to_confirm": assigned.filter(status=S.PAYMENT_PROOF_UPLOADED).count(),
            "completed_this_month": totals["n"],
            "earnings_this_month": str((totals["earnings"] or Decimal(0)).quantize(Decimal("0.01"))),
        }
    if role == Role.ADMIN:
        today = now.replace(hour=0, minute=0, second=0, microsecond=0)
        return {
            "appointments_by_status": _by_status(Appointment.objects.all()),
            "payments_awaiting_confirmation": Appointment.objects.filter(status=S.PAYMENT_PROOF_UPLOADED).count(),
            "new_today": Appointment.objects.filter(created_at__gte=today).count(),
        }
    return {}

