from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..actors import ActorType
from ..refs import subject_resolve


class PlatformEvent(models.Model):
    """Something that happened on the platform: who did it, to what, with which data, and what
    caused it.

    `type` holds a registered event type (events/types.py); it has no DB choices so that a new
    event type never needs a migration. The subject is any row, referenced as
    ("app_label.model", "<pk>"). `actor_kind` says whether a user, the system (`actor_label` names
    what ran) or nobody acted. `caused_by` is the event whose handling emitted this one (a rule
    run is itself a recorded event), and `depth` counts the links back to the first cause: the
    rule engine refuses to chain deeper than it allows."""

    type = models.CharField(_("type"), max_length=64, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.SET_NULL,
                              related_name="+")
    actor_kind = models.CharField(_("actor kind"), max_length=16, default=ActorType.USER.value,
                                  choices=[(t.value, t.value) for t in ActorType])
    actor_label = models.CharField(_("actor label"), max_length=100, blank=True, default="")
    caused_by = models.ForeignKey("self", verbose_name=_("caused by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="effects")
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True, default="")
    subject_id = models.CharField(_("subject ID"), max_length=64, blank=True, default="")
    payload = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(_("request ID"), max_length=128, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("platform event")
        verbose_name_plural = _("platform events")
        ordering = ["-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="platform_event_subject")]

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"

    @property
    def subject(self) -> models.Model | None:
        """The subject row (one query), or None when there is none or it is gone."""
        return subject_resolve(self.subject_type, self.subject_id)

    def chain(self) -> list["PlatformEvent"]:
        """This event's causes, first cause first, ending with this event (one query per link;
        chains are bounded by the rule engine, so they stay short)."""
        chain = [self]
        while chain[0].caused_by_id is not None and len(chain) <= self.depth:
            cause = PlatformEvent.objects.filter(pk=chain[0].caused_by_id).first()
            if cause is None:  # pruned
                break
            chain.insert(0, cause)
        return chain


class PendingHandlerRun(models.Model):
    """A worker handler of an event that could not be queued (the broker was down after the
    event's commit). The `events.requeue_handlers` job queues it again and deletes the row once
    the broker took it, so a Redis outage delays worker handlers (rules, scores, SLA notices)
    instead of losing them."""

    event = models.ForeignKey(PlatformEvent, verbose_name=_("event"), on_delete=models.CASCADE, related_name="+")
    handler = models.CharField(_("handler"), max_length=255)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_error = models.CharField(_("last error"), max_length=500, blank=True, default="")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending handler run")
        verbose_name_plural = _("pending handler runs")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["event", "handler"], name="pending_handler_once")]

    def __str__(self) -> str:
        return f"{self.handler} for event #{self.event_id}"
