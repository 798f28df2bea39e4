from django.contrib.auth import get_user_model
from rest_framework import serializers

from apps.common.capabilities import Role

from ..audit.models import AuditEntry
from ..events.models import PlatformEvent
from ..flags.models import FeatureFlag, flag_key_validator
from ..notifications.models import Notification
from ..notifications.types import Channel, critical_types, notification_types


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    actor = ActorSerializer(allow_null=True, read_only=True)

    class Meta:
        model = PlatformEvent
        fields = ["id", "type", "actor", "subject_type", "subject_id", "payload", "request_id", "created_at"]
        read_only_fields = fields


class AuditEntrySerializer(serializers.ModelSerializer):
    actor_id = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor_id", "actor_username", "action", "target_type", "target_id",
                  "target_repr", "changes", "reason", "metadata", "ip", "user_agent", "request_id"]
        read_only_fields = fields


# --- flags ------------------------------------------------------------------------------------

class FeatureFlagSerializer(serializers.ModelSerializer):
    allowed_users = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    denied_users = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = FeatureFlag
        fields = ["key", "description", "enabled", "rollout_percent", "roles", "allowed_users", "denied_users",
                  "created_at", "updated_at"]
        read_only_fields = fields


class _UserIdList(serializers.ListField):
    child = serializers.IntegerField(min_value=1, max_value=2**63 - 1)

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=5000, **kwargs)

    def to_internal_value(self, data) -> list[int]:
        ids = sorted(set(super().to_internal_value(data)))
        known = set(get_user_model().objects.filter(pk__in=ids).values_list("pk", flat=True))
        missing = [i for i in ids if i not in known]
        if missing:
            raise serializers.ValidationError(f"Unknown user ids: {missing[:20]}.", code="unknown_user")
        return ids


class FeatureFlagWriteSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=1000, allow_blank=True, required=False)
    enabled = serializers.BooleanField(required=False)
    rollout_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    roles = serializers.ListField(child=serializers.ChoiceField(choices=[r.value for r in Role]), required=False,
                                  max_length=len(Role))
    allowed_users = _UserIdList(required=False)
    denied_users = _UserIdList(required=False)

    def validate_roles(self, roles: list[str]) -> list[str]:
        return sorted(set(roles))

    def validate(self, attrs: dict) -> dict:
        both = set(attrs.get("allowed_users", ())) & set(attrs.get("denied_users", ()))
        if both:
            raise serializers.ValidationError(
                {"denied_users": f"Users can't be both allowed and denied: {sorted(both)[:20]}."}, code="invalid"
            )
        return attrs


class FeatureFlagCreateSerializer(FeatureFlagWriteSerializer):
    key = serializers.CharField(max_length=64, validators=[flag_key_validator])


# --- notifications ----------------------------------------------------------------------------

class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)
    critical = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "type", "title", "body", "data", "subject_type", "subject_id", "is_read", "read_at",
                  "critical", "created_at", "bumped_at"]
        read_only_fields = fields

    def get_critical(self, notification: Notification) -> bool:
        return notification.type in critical_types()


class InboxQuerySerializer(serializers.Serializer):
    unread = serializers.BooleanField(required=False, allow_null=True, default=None,
                                      help_text="true: only unread; false: only read; absent: all.")


class UnreadCountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class MarkAllReadSerializer(serializers.Serializer):
    updated = serializers.IntegerField(help_text="How many notifications were marked read.")


class ChannelSwitchesSerializer(serializers.Serializer):
    in_app = serializers.BooleanField(required=False)
    telegram = serializers.BooleanField(required=False)
    email = serializers.BooleanField(required=False)


class _PreferencesField(serializers.DictField):
    """`{type: {channel: bool}}` restricted to known types and channels."""

    child = ChannelSwitchesSerializer()

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        unknown = sorted(set(value) - set(notification_types()))
        if unknown:
            raise serializers.ValidationError(f"Unknown notification types: {unknown}.", code="invalid_choice")
        extra = sorted({c for channels in (data or {}).values() if isinstance(channels, dict) for c in channels}
                       - {c.value for c in Channel})
        if extra:
            raise serializers.ValidationError(f"Unknown channels: {extra}.", code="invalid_choice")
        return value


class PreferencesUpdateSerializer(serializers.Serializer):
    preferences = _PreferencesField(help_text="{type: {channel: bool}}; only the switches given change.")


class ChannelInfoSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=[c.value for c in Channel])
    available = serializers.BooleanField(help_text="Whether this account can be reached on the channel.")


class PreferencesSerializer(serializers.Serializer):
    preferences = serializers.DictField(child=ChannelSwitchesSerializer(), help_text="{type: {channel: bool}}")
    critical_types = serializers.ListField(child=serializers.CharField(),
                                           help_text="Types that can't be switched off.")
    channels = ChannelInfoSerializer(many=True)
