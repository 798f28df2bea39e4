from django.contrib.auth import get_user_model
from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.accounts.api.serializers import MasterSummaryFloat, MasterSummaryInteger
from apps.accounts.models import MasterProfile
from apps.common.capabilities import AdminRole, Role, effective_admin_role, effective_role

User = get_user_model()


class AdminTelegramSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class AdminMasterProfileSerializer(serializers.ModelSerializer):
    # a plain string here (pending, active or suspended): a second component with the master status
    # enum would rename the StatusEnum of the generated frontend types
    status = serializers.CharField(read_only=True, help_text="pending, active or suspended")
    # the rating summary is the reviews app's (the list selects it with the user: no query per row)
    rating_avg = MasterSummaryFloat(key="rating_avg", empty=None, allow_null=True)
    rating_count = MasterSummaryInteger(key="rating_count", empty=0)

    class Meta:
        model = MasterProfile
        fields = ["status", "status_reason", "status_changed_at", "rating_avg", "rating_count"]
        read_only_fields = fields

    def to_representation(self, profile):
        # What DRF's generic path writes for these fields (a test compares the two), read directly:
        # the generic path costs more than the data in a 50-row user list (make bench).
        if type(self) is not AdminMasterProfileSerializer:
            return super().to_representation(profile)
        changed = profile.status_changed_at
        return {"status": str(profile.status), "status_reason": profile.status_reason,
                "status_changed_at": self.fields["status_changed_at"].to_representation(changed) if changed else None,
                **{name: self.fields[name].to_representation(self.fields[name].get_attribute(profile))
                   for name in ("rating_avg", "rating_count")}}


class AdminUserSerializer(serializers.ModelSerializer):
    """A user as admins see them (lists of `users/`, `users/all/` and the answer of every user
    action). Reads the master profile through select_related: no query per row."""

    role = serializers.SerializerMethodField()
    admin_role = serializers.SerializerMethodField()
    telegram = serializers.SerializerMethodField()
    master_profile = serializers.SerializerMethodField()
    risk_level = serializers.CharField(read_only=True, allow_null=True,
                                       help_text="A client's risk level (override applied); null for others.")
    performance_level = serializers.CharField(read_only=True, allow_null=True,
                                              help_text="A master's performance level (override applied); null "
                                                        "for others.")

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "role", "admin_role", "is_active", "is_banned",
                  "banned_at", "ban_reason", "telegram", "master_profile", "language", "date_joined", "last_login",
                  "risk_level", "performance_level"]
        read_only_fields = fields

    def to_representation(self, user):
        # What DRF's generic path writes for Meta.fields (a test compares the two), read directly:
        # per field, the generic path cost more than the row's data (make bench, lists.floor).
        if type(self) is not AdminUserSerializer:  # subclasses add fields: the generic path
            return super().to_representation(user)
        moment = self.fields["date_joined"].to_representation  # DRF's datetime format and zone
        return {
            "id": user.id, "username": user.username, "display_name": user.display_name, "email": user.email,
            "role": self.get_role(user), "admin_role": self.get_admin_role(user), "is_active": user.is_active,
            "is_banned": user.is_banned, "banned_at": moment(user.banned_at) if user.banned_at else None,
            "ban_reason": user.ban_reason, "telegram": self.get_telegram(user),
            "master_profile": self.get_master_profile(user), "language": user.language,
            "date_joined": moment(user.date_joined) if user.date_joined else None,
            "last_login": moment(user.last_login) if user.last_login else None,
            "risk_level": getattr(user, "risk_level", None),
            "performance_level": getattr(user, "performance_level", None),
        }

    def get_role(self, user) -> str:
        return effective_role(user)

    def get_admin_role(self, user) -> str | None:
        return effective_admin_role(user)

    @extend_schema_field(AdminTelegramSerializer(allow_null=True))
    def get_telegram(self, user):
        if not user.telegram_id:
            return None
        return {"id": user.telegram_id, "username": user.telegram_username}

    @extend_schema_field(AdminMasterProfileSerializer(allow_null=True))
    def get_master_profile(self, user):
        profile = getattr(user, "master_profile", None) if user.role == Role.MASTER else None
        return self._profile_serializer.to_representation(profile) if profile else None

    @cached_property
    def _profile_serializer(self) -> AdminMasterProfileSerializer:
        # One for the whole list: a ModelSerializer builds its fields per instance (model
        # introspection), which per row cost more than the rest of the row (make bench).
        return AdminMasterProfileSerializer()


class AdminMasterSerializer(AdminUserSerializer):
    """A master row of `masters/`: the user, their profile's status and rating flattened, and
    their work counts (annotated by the selector)."""

    status = serializers.CharField(source="master_profile.status", read_only=True)
    rating_avg = serializers.FloatField(read_only=True, allow_null=True)  # annotated from reviews' summary
    rating_count = serializers.IntegerField(read_only=True)
    active_count = serializers.IntegerField(read_only=True, help_text="Assigned, not yet finished.")
    completed_count = serializers.IntegerField(read_only=True)

    class Meta(AdminUserSerializer.Meta):
        fields = [*AdminUserSerializer.Meta.fields, "status", "rating_avg", "rating_count", "active_count",
                  "completed_count"]
        read_only_fields = fields


class BanSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class UnbanSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                   help_text="Kept in the audit trail.")


class MasterStatusReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                   help_text="Shown to the master and kept in the audit trail.")


# Documented with a pattern, not an enum: drf-spectacular names enums by field name, and a second
# "role" choice set would rename the RoleEnum the frontend's generated types already use.
@extend_schema_field({"type": "string", "pattern": "^(" + "|".join(r.value for r in Role) + ")$",
                      "description": "client, master or admin"})
class RoleField(serializers.ChoiceField):
    def __init__(self, **kwargs) -> None:
        super().__init__(choices=[r.value for r in Role], **kwargs)


class RoleChangeSerializer(serializers.Serializer):
    role = RoleField()
    admin_role = serializers.ChoiceField(choices=[r.value for r in AdminRole], required=False, allow_blank=True,
                                         allow_null=True, default="",
                                         help_text="For admins only; none means super_admin.")

    def validate(self, attrs: dict) -> dict:
        attrs["admin_role"] = attrs.get("admin_role") or ""
        if attrs["admin_role"] and attrs["role"] != Role.ADMIN:
            raise serializers.ValidationError({"admin_role": ["Only admins have an admin role."]})
        return attrs


class RunActionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=100)
    params = serializers.JSONField(required=False, allow_null=True, default=None,
                                   help_text="An object; which keys depends on the action.")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                   help_text="Why, for the audit trail.")


class ActionParamSerializer(serializers.Serializer):
    name = serializers.CharField()
    required = serializers.BooleanField()
    help = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField(), required=False)


class ActionSerializer(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    params = ActionParamSerializer(many=True)


class RunActionResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    ok = serializers.BooleanField()
    result = serializers.JSONField(allow_null=True)
    duration_ms = serializers.IntegerField()


class ProbeSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    latency_ms = serializers.FloatField(required=False)
    error = serializers.CharField(required=False)


class DatabaseStatusSerializer(ProbeSerializer):
    vendor = serializers.CharField(required=False)


class CacheStatusSerializer(ProbeSerializer):
    backend = serializers.CharField(required=False)


class BrokerStatusSerializer(ProbeSerializer):
    transport = serializers.CharField(required=False)
    eager = serializers.BooleanField(required=False)
    queued = serializers.IntegerField(required=False, help_text="Tasks waiting in the default queue.")


class SystemStatusSerializer(serializers.Serializer):
    """For the schema: the report `system/status/` answers with."""

    version = serializers.CharField()
    python = serializers.CharField()
    django = serializers.CharField()
    debug = serializers.BooleanField()
    time = serializers.DateTimeField()
    database = DatabaseStatusSerializer()
    migrations = serializers.JSONField(help_text="{pending: [app.migration, ...], up_to_date: bool}")
    cache = CacheStatusSerializer()
    broker = BrokerStatusSerializer()
    counts = serializers.JSONField(help_text="users by role, masters by status, appointments by status.")
    jobs = serializers.JSONField(help_text="Every registered job with its last heartbeat.")
    actions = ActionSerializer(many=True)
