from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models

from apps.common.capabilities import Role

flag_key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_.-]{0,63}\Z",
    "A flag key is 1-64 lowercase letters, digits, dots, dashes or underscores.",
)


class FeatureFlag(models.Model):
    """A switch for a feature. Evaluation order (flags/services.py): kill switch, denied users,
    allowed users, roles, then a stable percentage rollout."""

    key = models.CharField(max_length=64, unique=True, validators=[flag_key_validator])
    description = models.TextField(blank=True, default="", max_length=1000)
    enabled = models.BooleanField(default=False, help_text="Kill switch: off means off for everyone.")
    rollout_percent = models.PositiveSmallIntegerField(default=100, validators=[MaxValueValidator(100)])
    roles = models.JSONField(default=list, blank=True, help_text="Roles it targets; empty: every role.")
    allowed_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    denied_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self) -> None:
        known = {r.value for r in Role}
        if not isinstance(self.roles, list) or not set(self.roles) <= known:
            raise ValidationError({"roles": f"A list of roles among: {', '.join(sorted(known))}."})
