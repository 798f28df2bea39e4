from django.conf import settings
from django.db import models
from django.utils import timezone

MESSAGE_MAX_LENGTH = 4000


class Message(models.Model):
    """One chat message of an appointment. Deleting is soft: the row stays (ids and the timeline
    stay consistent), `text` is emptied for everyone and the original moves to `original_text`,
    which only moderators (`chat.moderate`) can read."""

    appointment = models.ForeignKey("appointments.Appointment", on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    # Not auto_now_add: demo data and imports set the moment a message was written.
    created_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    original_text = models.TextField(blank=True, default="")
    delete_reason = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["appointment", "id"], name="chat_message_thread")]

    def __str__(self) -> str:
        return f"#{self.pk} in appointment {self.appointment_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReadState(models.Model):
    """How far one user has read one appointment's chat. Only ever moves forward."""

    appointment = models.ForeignKey("appointments.Appointment", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_message = models.ForeignKey(Message, on_delete=models.SET_NULL, null=True, blank=True,
                                          related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appointment", "user"], name="chat_readstate_one_per_user"),
        ]
        indexes = [models.Index(fields=["user", "appointment"], name="chat_readstate_user")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.appointment_id} up to {self.last_read_message_id}"
