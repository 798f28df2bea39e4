from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.common.capabilities import Role, capabilities_of, effective_admin_role, effective_role

from ..models import Language, MasterProfile, SiteSettings
from ..passwords import password_reset_enabled
from ..selectors import master_summary

User = get_user_model()


class PaymentSettingsSerializer(serializers.Serializer):
    method = serializers.CharField(max_length=100, allow_blank=True, required=False)
    recipient = serializers.CharField(max_length=200, allow_blank=True, required=False)
    account = serializers.CharField(max_length=200, allow_blank=True, required=False)
    instructions = serializers.CharField(max_length=2000, allow_blank=True, required=False)


def payment_settings_of(profile: MasterProfile) -> dict:
    return {
        "method": profile.payment_method,
        "recipient": profile.payment_recipient,
        "account": profile.payment_account,
        "instructions": profile.payment_instructions,
    }


class MasterSummaryMixin:
    """A read-only field whose value another app contributes to a master's profile
    (`selectors.master_summary`: the reviews app's rating summary)."""

    def __init__(self, *, key: str, empty, **kwargs) -> None:
        self.key, self.empty = key, empty
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, profile: MasterProfile):
        cache = self.parent.__dict__.setdefault("_summaries", {})
        if profile.pk not in cache:
            cache[profile.pk] = master_summary(profile.user)
        return cache[profile.pk].get(self.key, self.empty)

    def to_representation(self, value):
        return None if value is None else super().to_representation(value)


class MasterSummaryFloat(MasterSummaryMixin, serializers.FloatField):
    pass


class MasterSummaryInteger(MasterSummaryMixin, serializers.IntegerField):
    pass


class MasterProfileSerializer(serializers.ModelSerializer):
    # the rating summary belongs to the reviews app: it contributes it (selectors.master_summary)
    rating_avg = MasterSummaryFloat(key="rating_avg", empty=None, allow_null=True)
    rating_count = MasterSummaryInteger(key="rating_count", empty=0)

    class Meta:
        model = MasterProfile
        fields = ["status", "bio", "rating_avg", "rating_count", "status_changed_at"]
        read_only_fields = fields


class TelegramAccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    photo_url = serializers.CharField()


class UserBriefSerializer(serializers.ModelSerializer):
    """How a user appears inside other objects (appointment client/master, message sender)."""

    display_name = serializers.CharField(source="public_name", read_only=True)
    role = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "role"]
        read_only_fields = fields

    def get_role(self, user) -> str:
        return effective_role(user)

    def to_representation(self, user):
        # DRF's generic representation of these four fields (a test compares the two), read
        # directly: a user brief is nested in every appointment and message row (make bench).
        if type(self) is not UserBriefSerializer:
            return super().to_representation(user)
        return {"id": user.id, "username": user.username, "display_name": user.public_name,
                "role": self.get_role(user)}


class MeSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()
    admin_role = serializers.SerializerMethodField()
    capabilities = serializers.SerializerMethodField()
    telegram = serializers.SerializerMethodField()
    master_profile = serializers.SerializerMethodField()
    payment_settings = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "role", "admin_role", "capabilities",
                  "telegram", "master_profile", "payment_settings", "language", "date_joined"]
        read_only_fields = fields

    def get_role(self, user) -> str:
        return effective_role(user)

    def get_admin_role(self, user) -> str | None:
        return effective_admin_role(user)

    def get_capabilities(self, user) -> list[str]:
        return sorted(capabilities_of(user))

    @extend_schema_field(TelegramAccountSerializer(allow_null=True))
    def get_telegram(self, user):
        if not user.telegram_id:
            return None
        return {"id": user.telegram_id, "username": user.telegram_username, "photo_url": user.telegram_photo_url}

    @extend_schema_field(MasterProfileSerializer(allow_null=True))
    def get_master_profile(self, user):
        profile = getattr(user, "master_profile", None) if user.role == Role.MASTER else None
        return MasterProfileSerializer(profile).data if profile else None

    @extend_schema_field(PaymentSettingsSerializer(allow_null=True))
    def get_payment_settings(self, user):
        profile = getattr(user, "master_profile", None) if user.role == Role.MASTER else None
        return payment_settings_of(profile) if profile else None


class MeUpdateSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    email = serializers.EmailField(allow_blank=True, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    payment_settings = PaymentSettingsSerializer(required=False)
    bio = serializers.CharField(max_length=2000, allow_blank=True, required=False,
                                help_text="Masters only: the public \"about\" text of their profile page.")


class AuthResponseSerializer(serializers.Serializer):
    access = serializers.CharField()
    user = MeSerializer()


class AccessSerializer(serializers.Serializer):
    access = serializers.CharField()


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class BootstrapAdminSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    email = serializers.EmailField(required=False, allow_blank=True)


class RegisterSerializer(BootstrapAdminSerializer):
    display_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=[Role.CLIENT.value, Role.MASTER.value], default=Role.CLIENT.value)


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField(required=False, help_text="Non-browser clients; browsers use the cookie.")


class TelegramLoginSerializer(serializers.Serializer):
    """Either the Login Widget's fields or `{init_data}` from a Mini App."""

    id = serializers.IntegerField(required=False)
    first_name = serializers.CharField(required=False)
    last_name = serializers.CharField(required=False)
    username = serializers.CharField(required=False)
    photo_url = serializers.CharField(required=False)
    auth_date = serializers.IntegerField(required=False)
    hash = serializers.CharField(required=False)
    init_data = serializers.CharField(required=False)


class BootstrapStatusSerializer(serializers.Serializer):
    needs_bootstrap = serializers.BooleanField()


class PublicSiteSerializer(serializers.ModelSerializer):
    password_reset_enabled = serializers.SerializerMethodField(
        help_text="Whether a forgotten password can be reset by email (otherwise: ask `support_contact`).")

    class Meta:
        model = SiteSettings
        fields = ["site_name", "support_contact", "registration_open", "telegram_bot_username", "max_upload_mb",
                  "password_reset_enabled"]
        read_only_fields = fields

    def get_password_reset_enabled(self, _row) -> bool:
        return password_reset_enabled()


class SiteSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = SiteSettings
        fields = ["site_name", "support_contact", "payment_instructions", "registration_open",
                  "max_upload_mb", "telegram_bot_username", "updated_at"]
        read_only_fields = ["updated_at"]

    def validate_site_name(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("The site needs a name.")
        return value.strip()
