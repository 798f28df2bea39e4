from django.contrib.auth.models import AbstractUser, UserManager
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.common.capabilities import AdminRole, Role
from apps.common.models import BaseModel


class Language(models.TextChoices):
    RU = "ru", "Русский"
    EN = "en", "English"


class User(AbstractUser):
    class RoleChoices(models.TextChoices):
        CLIENT = Role.CLIENT.value, "Client"
        MASTER = Role.MASTER.value, "Master"
        ADMIN = Role.ADMIN.value, "Admin"

    class AdminRoleChoices(models.TextChoices):
        SUPER_ADMIN = AdminRole.SUPER_ADMIN.value, "Super admin"
        SUPPORT = AdminRole.SUPPORT.value, "Support"
        FINANCE = AdminRole.FINANCE.value, "Finance"
        MODERATOR = AdminRole.MODERATOR.value, "Moderator"
        ANALYST = AdminRole.ANALYST.value, "Analyst"

    role = models.CharField(_("role"), max_length=16, choices=RoleChoices.choices, default=Role.CLIENT, db_index=True)
    admin_role = models.CharField(_("admin role"), max_length=16, choices=AdminRoleChoices.choices, blank=True,
                                  default="")
    display_name = models.CharField(_("display name"), max_length=150, blank=True, default="")
    telegram_id = models.BigIntegerField(_("Telegram ID"), unique=True, null=True, blank=True)
    telegram_username = models.CharField(_("Telegram username"), max_length=64, blank=True, default="")
    telegram_photo_url = models.URLField(_("Telegram photo"), max_length=500, blank=True, default="")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.RU)
    is_banned = models.BooleanField(_("banned"), default=False, db_index=True)
    banned_at = models.DateTimeField(_("banned at"), null=True, blank=True)
    ban_reason = models.CharField(_("ban reason"), max_length=500, blank=True, default="")
    banned_by = models.ForeignKey("self", verbose_name=_("banned by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class MasterProfile(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"

    user = models.OneToOneField(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="master_profile")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    bio = models.TextField(_("about"), blank=True, default="", max_length=2000)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_reason = models.CharField(_("status reason"), max_length=500, blank=True, default="")
    # Payment settings shown to a client who has to pay this master.
    payment_method = models.CharField(_("payment method"), max_length=100, blank=True, default="")
    payment_recipient = models.CharField(_("payment recipient"), max_length=200, blank=True, default="")
    payment_account = models.CharField(_("payment account"), max_length=200, blank=True, default="")
    payment_instructions = models.TextField(_("payment instructions"), blank=True, default="", max_length=2000)
    # The rating summary belongs to the reviews app (reviews.MasterRating), read here through
    # accounts.selectors.master_summary.

    class Meta:
        verbose_name = _("master profile")
        verbose_name_plural = _("master profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def has_payment_settings(self) -> bool:
        return bool(self.payment_account or self.payment_instructions)


telegram_username_validator = RegexValidator(
    r"^[A-Za-z][A-Za-z0-9_]{4,31}$", "A Telegram bot username: 5-32 letters, digits or underscores."
)


class SiteSettings(models.Model):
    """One row of marketplace-wide settings, edited by super admins."""

    CACHE_KEY = "site-settings:v1"

    site_name = models.CharField(_("site name"), max_length=100, default="Marketplace")
    support_contact = models.CharField(_("support contact"), max_length=200, blank=True, default="")
    payment_instructions = models.TextField(_("payment instructions"), blank=True, default="", max_length=2000)
    registration_open = models.BooleanField(_("registration open"), default=True)
    max_upload_mb = models.PositiveIntegerField(
        _("largest upload, MB"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    telegram_bot_username = models.CharField(
        _("Telegram bot username"), max_length=32, blank=True, default="", validators=[telegram_username_validator]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return "Site settings"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    def delete(self, *args, **kwargs):
        raise ValidationError("Site settings cannot be deleted.")

    def clean(self) -> None:
        if not self.site_name.strip():
            raise ValidationError({"site_name": "The site needs a name."})

    @classmethod
    def load(cls) -> "SiteSettings":
        settings_row = cache.get(cls.CACHE_KEY)
        if settings_row is None:
            settings_row, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, settings_row, 300)
        return settings_row
