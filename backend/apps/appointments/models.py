from django.conf import settings
from django.db import models
from django.utils import timezone

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
    client = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="client_appointments")
    master = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="master_appointments"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True, default="")
    scheduled_for = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=32, choices=AppointmentStatus.choices, default=AppointmentStatus.NEW,
                              db_index=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="RUB")

    payment_proof = models.FileField(storage=private_storage, max_length=255, blank=True, default="")
    payment_proof_content_type = models.CharField(max_length=64, blank=True, default="")
    payment_proof_size = models.PositiveIntegerField(null=True, blank=True)
    payment_proof_uploaded_at = models.DateTimeField(null=True, blank=True)
    payment_rejection_reason = models.CharField(max_length=1000, blank=True, default="")
    payment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=1000, blank=True, default="")
    cancel_reason = models.CharField(max_length=1000, blank=True, default="")

    # When each stage was reached (kept for SLAs and metrics).
    taken_at = models.DateTimeField(null=True, blank=True)
    priced_at = models.DateTimeField(null=True, blank=True)
    marked_paid_at = models.DateTimeField(null=True, blank=True)
    payment_confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    type = models.CharField(max_length=32, choices=AppointmentEventType.choices)
    from_status = models.CharField(max_length=32, choices=AppointmentStatus.choices, blank=True, default="")
    to_status = models.CharField(max_length=32, choices=AppointmentStatus.choices, blank=True, default="")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["appointment", "created_at"], name="appt_event_timeline")]

    def __str__(self) -> str:
        return f"{self.appointment_id}: {self.type}"
