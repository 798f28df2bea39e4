from django.contrib.auth import get_user_model
from rest_framework import serializers

from apps.common.capabilities import Role
from apps.common.formats import language_of

from ..audit.models import AuditEntry
from ..events.models import PlatformEvent
from ..flags.models import FeatureFlag, flag_key_validator
from ..labels import SYSTEM, fallback_label, page_labels
from ..notifications.models import Notification
from ..notifications.types import Channel, critical_types, notification_types


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


class LabelledListSerializer(serializers.ListSerializer):
    """Labels every row of a page at once (`apps.platform.labels`): one query per subject type and
    one for the users, whatever the page size. The rows read them from the context."""

    def to_representation(self, data):
        rows = list(data.all() if hasattr(data, "all") else data)
        request = self.context.get("request")
        language = getattr(getattr(request, "user", None), "language", None)
        child = self.child
        targets, users = page_labels([child.target_ref(row) for row in rows],
                                     [child.actor_id_of(row) for row in rows], language)
        self._context = {**self.context,
                         "labels": {"language": language_of(language), "targets": targets, "users": users}}
        return super().to_representation(rows)


class _LabelledRowMixin:
    """`actor_label` and `target_label` of one row, from what the list computed for the page (or
    computed for this row alone when serialized on its own)."""

    def _labels(self, row) -> dict:
        labels = self.context.get("labels")
        if labels is None:
            request = self.context.get("request")
            language = getattr(getattr(request, "user", None), "language", None)
            targets, users = page_labels([self.target_ref(row)], [self.actor_id_of(row)], language)
            labels = {"language": language_of(language), "targets": targets, "users": users}
        return labels

    def get_actor_label(self, row) -> str:
        labels = self._labels(row)
        actor_id = self.actor_id_of(row)
        if actor_id is None:
            return SYSTEM[labels["language"]]
        return labels["users"].get(actor_id) or self.actor_fallback(row) or f"#{actor_id}"

    def get_target_label(self, row) -> str:
        ref = self.target_ref(row)
        return self._labels(row)["targets"].get(ref) or fallback_label(*ref, self.target_fallback(row))

    def target_fallback(self, row) -> str:
        return ""


class EventSerializer(_LabelledRowMixin, serializers.ModelSerializer):
    actor = ActorSerializer(allow_null=True, read_only=True)
    actor_label = serializers.SerializerMethodField(help_text="Who did it, as people know them (or \"System\").")
    target_label = serializers.SerializerMethodField(
        help_text="What it was done to, in words (\"Заявка #12 «Стрижка»\"); empty without a subject.")

    class Meta:
        model = PlatformEvent
        fields = ["id", "type", "actor", "actor_label", "subject_type", "subject_id", "target_label", "payload",
                  "request_id", "created_at"]
        read_only_fields = fields
        list_serializer_class = LabelledListSerializer

    @staticmethod
    def target_ref(event: PlatformEvent) -> tuple[str, str]:
        return event.subject_type, event.subject_id

    @staticmethod
    def actor_id_of(event: PlatformEvent) -> int | None:
        return event.actor_id

    @staticmethod
    def actor_fallback(event: PlatformEvent) -> str:
        return event.actor.username if event.actor_id and event.actor else ""


class AuditEntrySerializer(_LabelledRowMixin, serializers.ModelSerializer):
    actor_id = serializers.IntegerField(allow_null=True, read_only=True)
    actor_label = serializers.SerializerMethodField(help_text="Who did it, as people know them (or \"System\").")
    target_label = serializers.SerializerMethodField(
        help_text="What it was done to, in words (\"Пользователь Ольга Л.\"); empty without a target.")

    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor_id", "actor_username", "actor_label", "action", "target_type",
                  "target_id", "target_repr", "target_label", "changes", "reason", "metadata", "ip", "user_agent",
                  "request_id"]
        read_only_fields = fields
        list_serializer_class = LabelledListSerializer

    @staticmethod
    def target_ref(entry: AuditEntry) -> tuple[str, str]:
        return entry.target_type, entry.target_id

    @staticmethod
    def actor_id_of(entry: AuditEntry) -> int | None:
        return entry.actor_id

    @staticmethod
    def actor_fallback(entry: AuditEntry) -> str:
        return entry.actor_username  # kept as written, even when the account is gone

    @staticmethod
    def target_fallback(entry: AuditEntry) -> str:
        return entry.target_repr


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
