from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.capabilities import Role

flag_key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_.-]{0,63}\Z",
    "A flag key is 1-64 lowercase letters, digits, dots, dashes or underscores.",
)


class FeatureFlag(models.Model):
    """A switch for a feature. Evaluation order (flags/services.py): kill switch, denied users,
    allowed users, roles, then a stable percentage rollout."""

    key = models.CharField(_("key"), max_length=64, unique=True, validators=[flag_key_validator])
    description = models.TextField(_("description"), blank=True, default="", max_length=1000)
    enabled = models.BooleanField(_("enabled"), default=False, help_text="Kill switch: off means off for everyone.")
    rollout_percent = models.PositiveSmallIntegerField(_("rollout, %"), default=100,
                                                       validators=[MaxValueValidator(100)])
    roles = models.JSONField(_("roles"), default=list, blank=True, help_text="Roles it targets; empty: every role.")
    allowed_users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("allowed users"), blank=True,
                                           related_name="+")
    denied_users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("denied users"), blank=True,
                                          related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("feature flag")
        verbose_name_plural = _("feature flags")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        known = {r.value for r in Role}
        if not isinstance(self.roles, list) or not set(self.roles) <= known:
            raise ValidationError({"roles": f"A list of roles among: {', '.join(sorted(known))}."})
