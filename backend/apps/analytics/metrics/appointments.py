"""Appointment metrics. Where each figure comes from (docs/analytics.md):

- status changes from the timeline (`AppointmentEvent`: `to_status`, `created_at`), the record of
  every change including an admin's `set_status`; an event counts when it *enters* the status
  (`from_status` differs), so a proof re-upload or a repeated status is not counted twice;
- a take is a `taken` event (each take counts, also a second take after an admin released it);
- confirmed payments and revenue from `payment_confirmed_at`: it is stamped once, when the payment is
  confirmed, and cleared when an admin moves the appointment back before PAID, so a reversed
  payment drops out of its day at the next recompute and a move forward again is not counted twice;
- SLA breaches from `SlaClock.breached_at` (by the clock's master)."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Sum

from apps.appointments.models import Appointment, AppointmentEvent, AppointmentEventType, AppointmentStatus, SlaClock
from apps.common.capabilities import Role
from apps.common.periods import DateRange

from ..registry import Figures, Kind, Metric, register_metrics
from .grouping import count_by_day, day_of, medians_by_day, minutes_between

S = AppointmentStatus
E = AppointmentEventType


def _entered(status: S):
    return AppointmentEvent.objects.filter(to_status=status).exclude(from_status=status)


def take_samples(span: DateRange):
    """Minutes from the request's creation to each take, by the taking master."""
    start, end = span.bounds
    rows = (AppointmentEvent.objects.filter(type=E.TAKEN, created_at__gte=start, created_at__lt=end)
            .values_list("created_at", "appointment__created_at", "actor_id").order_by())
    return [(day_of(at), actor, minutes_between(at, created)) for at, created, actor in rows]


def confirm_samples(span: DateRange):
    """Minutes from the client's "I paid" (first proof) to the standing confirmation, by master."""
    start, end = span.bounds
    rows = (Appointment.objects.filter(payment_confirmed_at__gte=start, payment_confirmed_at__lt=end,
                                       marked_paid_at__isnull=False)
            .values_list("payment_confirmed_at", "marked_paid_at", "master_id").order_by())
    return [(day_of(at), master, minutes_between(at, paid)) for at, paid, master in rows]


def _pg_median(sql: str, params: list) -> Decimal | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (value,) = cursor.fetchone()
    return None if value is None else Decimal(str(round(float(value), 2)))


def take_median(span: DateRange):
    """The median of `take_samples` over the range, computed by PostgreSQL."""
    if connection.vendor != "postgresql":
        return NotImplemented
    events, appointments = AppointmentEvent._meta.db_table, Appointment._meta.db_table
    start, end = span.bounds
    sql = (  # table names only: the values are parameters
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM e.created_at - a.created_at) / 60) "  # noqa: S608
        f"FROM {events} e JOIN {appointments} a ON a.id = e.appointment_id "
        "WHERE e.type = %s AND e.created_at >= %s AND e.created_at < %s")
    return _pg_median(sql, [E.TAKEN, start, end])


def confirm_median(span: DateRange):
    """The median of `confirm_samples` over the range, computed by PostgreSQL."""
    if connection.vendor != "postgresql":
        return NotImplemented
    start, end = span.bounds
    sql = (  # a table name only: the values are parameters
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM payment_confirmed_at - marked_paid_at)"  # noqa: S608
        f" / 60) FROM {Appointment._meta.db_table} "
        "WHERE payment_confirmed_at >= %s AND payment_confirmed_at < %s AND marked_paid_at IS NOT NULL")
    return _pg_median(sql, [start, end])


METRICS = [
    Metric("appointments_created", Kind.COUNT, "Requests created", "Appointment.created_at"),
    Metric("appointments_taken", Kind.COUNT, "Requests taken by a master",
           "AppointmentEvent type=taken (actor = master)", per_master=True),
    Metric("appointments_completed", Kind.COUNT, "Appointments completed",
           "AppointmentEvent entering COMPLETED", per_master=True),
    Metric("appointments_cancelled", Kind.COUNT, "Appointments cancelled",
           "AppointmentEvent entering CANCELLED", per_master=True),
    Metric("appointments_declined", Kind.COUNT, "Appointments declined by the master",
           "AppointmentEvent entering DECLINED_BY_MASTER", per_master=True),
    Metric("payments_confirmed", Kind.COUNT, "Payments confirmed (and still standing)",
           "Appointment.payment_confirmed_at", per_master=True),
    Metric("payments_rejected", Kind.COUNT, "Payment proofs rejected",
           "AppointmentEvent type=payment_rejected", per_master=True),
    Metric("revenue", Kind.MONEY, "Sum of the prices whose payment was confirmed that day",
           "Appointment.price by payment_confirmed_at", per_master=True),
    Metric("median_minutes_to_take", Kind.MEDIAN, "Median minutes from creation to a take",
           "AppointmentEvent type=taken - Appointment.created_at", per_master=True, samples=take_samples,
           range_median=take_median),
    Metric("median_minutes_to_confirm_payment", Kind.MEDIAN,
           "Median minutes from the client's 'paid' to the payment's confirmation",
           "Appointment.payment_confirmed_at - marked_paid_at", per_master=True, samples=confirm_samples,
           range_median=confirm_median),
    Metric("sla_breaches", Kind.COUNT, "SLA clocks breached", "SlaClock.breached_at (clock's master)",
           per_master=True),
    Metric("active_masters", Kind.DISTINCT, "Masters who acted on an appointment",
           "distinct AppointmentEvent actors with the master role"),
]


def compute(days: list[date], keys: frozenset[str]) -> Figures:
    figures: Figures = {}
    span = DateRange(days[0], days[-1])
    events = AppointmentEvent.objects.all()
    counted = {
        "appointments_created": lambda: count_by_day(Appointment.objects.all(), "created_at", days,
                                                     "appointments_created"),
        "appointments_taken": lambda: count_by_day(events.filter(type=E.TAKEN), "created_at", days,
                                                   "appointments_taken", master="actor_id"),
        "appointments_completed": lambda: count_by_day(_entered(S.COMPLETED), "created_at", days,
                                                       "appointments_completed", master="appointment__master_id"),
        "appointments_cancelled": lambda: count_by_day(_entered(S.CANCELLED), "created_at", days,
                                                       "appointments_cancelled", master="appointment__master_id"),
        "appointments_declined": lambda: count_by_day(_entered(S.DECLINED_BY_MASTER), "created_at", days,
                                                      "appointments_declined", master="appointment__master_id"),
        "payments_confirmed": lambda: count_by_day(Appointment.objects.all(), "payment_confirmed_at", days,
                                                   "payments_confirmed", master="master_id"),
        "revenue": lambda: count_by_day(Appointment.objects.all(), "payment_confirmed_at", days, "revenue",
                                        master="master_id", value=Sum("price")),
        "payments_rejected": lambda: count_by_day(events.filter(type=E.PAYMENT_REJECTED), "created_at", days,
                                                  "payments_rejected", master="appointment__master_id"),
        "median_minutes_to_take": lambda: medians_by_day(take_samples(span), days, "median_minutes_to_take",
                                                         per_master=True),
        "median_minutes_to_confirm_payment": lambda: medians_by_day(
            confirm_samples(span), days, "median_minutes_to_confirm_payment", per_master=True),
        "sla_breaches": lambda: count_by_day(SlaClock.objects.filter(breached_at__isnull=False), "breached_at",
                                             days, "sla_breaches", master="master_id"),
        "active_masters": lambda: count_by_day(events.filter(actor__role=Role.MASTER, actor__is_superuser=False),
                                               "created_at", days, "active_masters", master="actor_id",
                                               distinct_masters=True),
    }
    for key, figure in counted.items():
        if key in keys:
            figures |= figure()
    return figures


def register() -> None:
    register_metrics("appointments", METRICS, compute)


