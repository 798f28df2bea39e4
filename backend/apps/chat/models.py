from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 4000


class Message(models.Model):
    """One chat message of an appointment. Deleting is soft: the row stays (ids and the timeline
    stay consistent), `text` is emptied for everyone and the original moves to `original_text`,
    which only moderators (`chat.moderate`) can read."""

    appointment = models.ForeignKey("appointments.Appointment", verbose_name=_("appointment"),
                                    on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sender"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("text"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    # Not auto_now_add: demo data and imports set the moment a message was written.
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("deleted by"), on_delete=models.SET_NULL,
                                   null=True, blank=True,
                                   related_name="+")
    original_text = models.TextField(_("original text"), blank=True, default="")
    delete_reason = models.CharField(_("delete reason"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["appointment", "id"], name="chat_message_thread")]

    def __str__(self) -> str:
        return f"#{self.pk} in appointment {self.appointment_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReadState(models.Model):
    """How far one user has read one appointment's chat. Only ever moves forward."""

    appointment = models.ForeignKey("appointments.Appointment", verbose_name=_("appointment"),
                                    on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    last_read_message = models.ForeignKey(Message, verbose_name=_("last read message"), on_delete=models.SET_NULL,
                                          null=True, blank=True,
                                          related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [
            models.UniqueConstraint(fields=["appointment", "user"], name="chat_readstate_one_per_user"),
        ]
        indexes = [models.Index(fields=["user", "appointment"], name="chat_readstate_user")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.appointment_id} up to {self.last_read_message_id}"
