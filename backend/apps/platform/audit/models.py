from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditImmutable(Exception):
    """Audit entries are append-only."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("Audit entries cannot be changed.")

    def delete(self):
        raise AuditImmutable("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """Who did what to which row, from where, with the field diff. Append-only: written once by
    `audit_record()`, never updated or deleted (model, queryset and Django admin refuse)."""

    # No cascade, no SET NULL (that would rewrite history) and no DB constraint: the entry keeps
    # the actor's id and name as written even if the account is later removed.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
                              on_delete=models.DO_NOTHING,
                              db_constraint=False, related_name="+")
    actor_username = models.CharField(_("actor's username"), max_length=150, blank=True, default="")
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100, blank=True, default="")
    target_id = models.CharField(_("target ID"), max_length=64, blank=True, default="")
    target_repr = models.CharField(_("target as recorded"), max_length=200, blank=True, default="")
    changes = models.JSONField(_("changes"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    reason = models.TextField(_("reason"), blank=True, default="")
    metadata = models.JSONField(_("details"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True, default="")
    request_id = models.CharField(_("request ID"), max_length=128, blank=True, default="", db_index=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="platform_audit_target")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_username or 'system'} #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditImmutable("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("Audit entries cannot be deleted.")
