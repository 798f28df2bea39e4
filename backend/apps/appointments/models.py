from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.common.models import BaseModel

from .storage import private_storage


class AppointmentStatus(models.TextChoices):
    NEW = "NEW", "New"
    IN_REVIEW = "IN_REVIEW", "In review"
    AWAITING_PAYMENT = "AWAITING_PAYMENT", "Awaiting payment"
    PAYMENT_PROOF_UPLOADED = "PAYMENT_PROOF_UPLOADED", "Payment proof uploaded"
    PAID = "PAID", "Paid"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETED = "COMPLETED", "Completed"
    DECLINED_BY_MASTER = "DECLINED_BY_MASTER", "Declined by master"
    CANCELLED = "CANCELLED", "Cancelled"


TERMINAL_STATUSES = frozenset(
    {AppointmentStatus.COMPLETED, AppointmentStatus.DECLINED_BY_MASTER, AppointmentStatus.CANCELLED}
)


class Appointment(BaseModel):
    client = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("client"), on_delete=models.PROTECT,
                               related_name="client_appointments")
    master = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("master"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="master_appointments"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True, default="")
    scheduled_for = models.DateTimeField(_("wanted for"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=32, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.NEW,
                              db_index=True)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="RUB")

    payment_proof = models.FileField(_("payment proof"), storage=private_storage, max_length=255, blank=True,
                                     default="")
    payment_proof_content_type = models.CharField(_("payment proof file type"), max_length=64, blank=True, default="")
    payment_proof_size = models.PositiveIntegerField(_("payment proof size"), null=True, blank=True)
    payment_proof_uploaded_at = models.DateTimeField(_("payment proof uploaded at"), null=True, blank=True)
    payment_rejection_reason = models.CharField(_("payment rejection reason"), max_length=1000, blank=True, default="")
    payment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("payment confirmed by"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+"
    )
    decline_reason = models.CharField(_("decline reason"), max_length=1000, blank=True, default="")
    cancel_reason = models.CharField(_("cancel reason"), max_length=1000, blank=True, default="")
    # Set by rules (apps/appointments/rules.py): labels shown to admins and the assigned master, and
    # "an admin must review this payment" (the master can no longer confirm it: state.py's guard).
    tags = models.JSONField(_("tags"), default=list, blank=True)
    payment_review_required = models.BooleanField(_("payment review required"), default=False)
    payment_review_reason = models.CharField(_("payment review reason"), max_length=500, blank=True, default="")

    # When each stage was reached (kept for SLAs and metrics).
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    priced_at = models.DateTimeField(_("priced at"), null=True, blank=True)
    marked_paid_at = models.DateTimeField(_("marked paid at"), null=True, blank=True)
    payment_confirmed_at = models.DateTimeField(_("payment confirmed at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="appt_status_created"),
            models.Index(fields=["client", "status"], name="appt_client_status"),
            models.Index(fields=["master", "status"], name="appt_master_status"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__isnull=True) | models.Q(price__gt=0),
                                   name="appt_price_positive"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title} ({self.status})"


class AppointmentEventType(models.TextChoices):
    CREATED = "created", "Created"
    TAKEN = "taken", "Taken"
    PRICED = "priced", "Priced"
    PAYMENT_PROOF_UPLOADED = "payment_proof_uploaded", "Payment proof uploaded"
    MARKED_PAID = "marked_paid", "Marked paid"
    PAYMENT_CONFIRMED = "payment_confirmed", "Payment confirmed"
    PAYMENT_REJECTED = "payment_rejected", "Payment rejected"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    STATUS_SET = "status_set", "Status set by admin"
    MESSAGE_DELETED = "message_deleted", "Message deleted"
    REVIEW_LEFT = "review_left", "Review left"


class AppointmentEvent(models.Model):
    """The appointment's own timeline, shown to its participants."""

    appointment = models.ForeignKey(Appointment, verbose_name=_("appointment"), on_delete=models.CASCADE,
                                    related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True,
                              blank=True,
                              related_name="+")
    type = models.CharField(_("type"), max_length=32, choices=AppointmentEventType.choices)
    from_status = models.CharField(_("from status"), max_length=32, choices=AppointmentStatus.choices, blank=True,
                                   default="")
    to_status = models.CharField(_("to status"), max_length=32, choices=AppointmentStatus.choices, blank=True,
                                 default="")
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("appointment event")
        verbose_name_plural = _("appointment events")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["appointment", "created_at"], name="appt_event_timeline")]

    def __str__(self) -> str:
        return f"{self.appointment_id}: {self.type}"


class SlaStage(models.TextChoices):
    """The stages an SLA clock can time (SPEC 10.4); each runs while the appointment is in one status."""

    TAKE = "take", _("take")
    PRICE = "price", _("price")
    PAY = "pay", _("pay")
    CONFIRM_PAYMENT = "confirm_payment", _("confirm payment")
    START = "start", _("start")
    COMPLETE = "complete", _("complete")


class SlaClockState(models.TextChoices):
    RUNNING = "running", _("running")
    MET = "met", _("met")
    BREACHED = "breached", _("breached")
    STOPPED = "stopped", _("stopped")  # the stage ended some other way (cancelled, declined, rewound)


class SlaClock(models.Model):
    """One timed stage of one appointment, per cycle (a stage entered again opens cycle 2).

    It keeps the target it started with. ``state`` goes running -> met | breached | stopped by
    conditional updates; a breached clock stays breached when its stage ends (``stopped_at`` set).
    ``master`` is who was assigned when the clock started (none for ``take``).
    """

    appointment = models.ForeignKey(Appointment, verbose_name=_("appointment"), on_delete=models.CASCADE,
                                    related_name="sla_clocks")
    stage = models.CharField(_("stage"), max_length=32, choices=SlaStage.choices)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    master = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("master"), on_delete=models.SET_NULL,
                               null=True, blank=True, related_name="+")
    state = models.CharField(_("state"), max_length=16, choices=SlaClockState.choices,
                             default=SlaClockState.RUNNING)
    target_minutes = models.PositiveIntegerField(_("target, minutes"))
    warn_before_minutes = models.PositiveIntegerField(_("warning lead, minutes"), default=0)
    business_hours = models.BooleanField(_("working hours only"), default=False)
    policy_version = models.PositiveIntegerField(_("policy version"), default=1)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"))
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        ordering = ["appointment_id", "started_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appointment", "stage", "cycle"], name="sla_clock_once_per_cycle"),
        ]
        indexes = [
            # The sweep reads only running clocks that are due: its cost follows them, not the table.
            models.Index(fields=["due_at"], name="sla_running_due", condition=models.Q(state="running")),
            models.Index(fields=["warn_at"], name="sla_running_warn",
                         condition=models.Q(state="running", warned_at__isnull=True, warn_at__isnull=False)),
            models.Index(fields=["master", "breached_at"], name="sla_master_breached",
                         condition=models.Q(breached_at__isnull=False)),
            models.Index(fields=["breached_at"], name="sla_breached_at", condition=models.Q(breached_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.appointment_id}:{self.stage}#{self.cycle} {self.state}"


class SlaPolicy(models.Model):
    """One version of the SLA policy (SPEC 10.4): the newest row is in force; older rows stay so a
    clock's ``policy_version`` still names what it started under. Without any row the built-in
    defaults (``sla.policy.DEFAULT_POLICY``, version 1) apply."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    data = models.JSONField(_("policy"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"SLA policy v{self.version}"
