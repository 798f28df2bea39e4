from django.db import models
from django.utils.translation import gettext_lazy as _


class JobHeartbeat(models.Model):
    """The last run of one job, for the system status page (one row per job, upserted)."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration, ms"), null=True, blank=True)
    ok = models.BooleanField(_("succeeded"), null=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True, default="")
    runs = models.PositiveIntegerField(_("runs"), default=0)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    last_success_at = models.DateTimeField(_("last success at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
