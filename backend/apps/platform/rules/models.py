from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleMode(models.TextChoices):
    LIVE = "live", _("live")
    SHADOW = "shadow", _("shadow")


class RunOutcome(models.TextChoices):
    MATCHED = "matched", _("matched")
    NOT_MATCHED = "not_matched", _("not matched")
    ERROR = "error", _("error")
    SHADOW = "shadow", _("shadow")


class Rule(models.Model):
    """An automation rule (SPEC 10.1). `trigger_event` repeats the trigger's event type (empty
    for a duration trigger) so the engine finds a type's rules with one indexed query. Every edit
    bumps `version` and stores a snapshot in RuleVersion; a run records the version it used."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="", max_length=2000)
    enabled = models.BooleanField(_("enabled"), default=True)
    mode = models.CharField(_("mode"), max_length=8, choices=RuleMode.choices, default=RuleMode.LIVE)
    priority = models.IntegerField(_("priority"), default=100)
    stop_processing = models.BooleanField(_("stop processing"), default=False)
    trigger = models.JSONField(_("trigger"), default=dict)
    trigger_event = models.CharField(_("trigger event"), max_length=64, blank=True, default="", db_index=True)
    conditions = models.JSONField(_("conditions"), default=dict)
    actions = models.JSONField(_("actions"), default=list)
    version = models.PositiveIntegerField(_("version"), default=1)
    consecutive_errors = models.PositiveSmallIntegerField(_("errors in a row"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.name


class RuleVersion(models.Model):
    """One version of a rule as it was saved (the history behind `version`)."""

    rule = models.ForeignKey(Rule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["rule_id", "-version"]
        constraints = [models.UniqueConstraint(fields=["rule", "version"], name="rule_version_unique")]

    def __str__(self) -> str:
        return f"{self.rule_id} v{self.version}"


class RuleRun(models.Model):
    """One evaluation of a rule. `key` says what it ran for (`event:<id>`, or
    `duration:<appointment>:<status entry>`); (rule, key) is unique, so a retried handler or a
    second sweep never runs a rule twice for the same thing. `appointment_id` is a plain id (the
    platform imports no domain model)."""

    rule = models.ForeignKey(Rule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="runs")
    rule_version = models.PositiveIntegerField(_("rule version"))
    key = models.CharField(_("key"), max_length=100)
    event = models.ForeignKey("platform.PlatformEvent", verbose_name=_("event"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    appointment_id = models.BigIntegerField(_("appointment ID"), null=True, blank=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=RunOutcome.choices)
    trace = models.JSONField(_("trace"), default=list, blank=True, encoder=DjangoJSONEncoder)
    actions = models.JSONField(_("actions"), default=list, blank=True, encoder=DjangoJSONEncoder)
    duration_us = models.PositiveIntegerField(_("duration, µs"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("rule run")
        verbose_name_plural = _("rule runs")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["rule", "key"], name="rule_run_once")]
        indexes = [models.Index(fields=["rule", "-id"], name="rule_run_by_rule"),
                   models.Index(fields=["outcome", "-id"], name="rule_run_by_outcome")]

    def __str__(self) -> str:
        return f"{self.rule_id}@{self.rule_version} {self.key}: {self.outcome}"
