from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MetricRollup(models.Model):
    """One figure of one reporting day (`TIME_ZONE`): a metric's total (`master` null) or its share
    for one master. A day's rows are only ever replaced whole (`services.rollup_days`), never
    incremented, so recomputing a day is harmless."""

    date = models.DateField(_("date"))
    metric = models.CharField(_("metric"), max_length=64)
    master = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("master"), on_delete=models.CASCADE,
                               null=True, blank=True, related_name="+")
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("daily metric")
        verbose_name_plural = _("daily metrics")
        ordering = ["date", "metric", "master_id"]
        constraints = [
            # NULLs are distinct in a plain unique constraint (PostgreSQL and SQLite alike): the
            # total row gets its own partial constraint.
            models.UniqueConstraint(fields=["date", "metric", "master"], name="rollup_day_metric_master",
                                    condition=Q(master__isnull=False)),
            models.UniqueConstraint(fields=["date", "metric"], name="rollup_day_metric_total",
                                    condition=Q(master__isnull=True)),
        ]
        # a metric's rows of a range (with the master, so "distinct masters" is an index-only scan)
        indexes = [models.Index(fields=["metric", "date", "master"], name="rollup_metric_date_master")]

    def __str__(self) -> str:
        return f"{self.date} {self.metric}{f' master {self.master_id}' if self.master_id else ''}: {self.value}"


class RollupDay(models.Model):
    """A day whose figures are in the rollup (and when they were computed). Days without one are
    computed live from the source tables."""

    date = models.DateField(_("date"), primary_key=True)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)

    class Meta:
        verbose_name = _("rolled-up day")
        verbose_name_plural = _("rolled-up days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} ({self.computed_at:%Y-%m-%d %H:%M})"
