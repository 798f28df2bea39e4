from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .types import ScoreKind


class UserScore(models.Model):
    """The current score of one kind for one user, and an admin's override of its level.

    `score` is None below the minimum sample (`level` is then insufficient_data). While an
    override lasts (`override_level` set, `override_expires_at` empty or in the future) its level is
    the one shown everywhere; an expired override is ignored at read time and cleared by the next
    recompute."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="scores")
    kind = models.CharField(_("kind"), max_length=32, choices=ScoreKind.choices)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=32)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    sample_count = models.PositiveIntegerField(_("sample size"), default=0)
    window_days = models.PositiveIntegerField(_("window, days"))
    model_version = models.CharField(_("model version"), max_length=32)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    override_level = models.CharField(_("manual level"), max_length=32, blank=True, default="")
    override_reason = models.CharField(_("manual level reason"), max_length=1000, blank=True, default="")
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("manual level set by"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    override_at = models.DateTimeField(_("manual level set at"), null=True, blank=True)
    override_expires_at = models.DateTimeField(_("manual level expires at"), null=True, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["user_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="score_one_per_user_kind"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="score_0_to_100"),
        ]
        indexes = [models.Index(fields=["kind", "level"], name="score_kind_level")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.score} ({self.level})"

    def override_active(self, now=None) -> bool:
        if not self.override_level:
            return False
        return self.override_expires_at is None or self.override_expires_at > (now or timezone.now())

    def effective_level(self, now=None) -> str:
        return self.override_level if self.override_active(now) else self.level


class ScoreSnapshot(models.Model):
    """A score as it stood on one day (the last recompute of that day wins): the history."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="+")
    kind = models.CharField(_("kind"), max_length=32, choices=ScoreKind.choices)
    date = models.DateField(_("date"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=32)
    model_version = models.CharField(_("model version"), max_length=32)

    class Meta:
        verbose_name = _("score snapshot")
        verbose_name_plural = _("score snapshots")
        ordering = ["user_id", "kind", "-date"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "date"], name="score_snapshot_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.date}: {self.score} ({self.level})"
