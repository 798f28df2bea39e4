from rest_framework import serializers

from apps.accounts.api.serializers import UserBriefSerializer

from ..models import MESSAGE_MAX_LENGTH, Message


class MessageSerializer(serializers.ModelSerializer):
    """A deleted message keeps its place in the thread with `text` empty and `is_deleted` true."""

    appointment = serializers.IntegerField(source="appointment_id", read_only=True)
    sender = UserBriefSerializer(read_only=True)
    is_deleted = serializers.BooleanField(read_only=True)
    deleted_by_moderator = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "appointment", "sender", "text", "created_at", "is_deleted", "deleted_at",
                  "deleted_by_moderator"]
        read_only_fields = fields

    def get_deleted_by_moderator(self, message: Message) -> bool:
        return message.is_deleted and message.deleted_by_id != message.sender_id

    def to_representation(self, message: Message):
        # DRF's generic representation of Meta.fields (a test compares the two), read directly:
        # per field, the generic path cost more than a message's data (make bench, lists.floor).
        if type(self) is not MessageSerializer:  # the moderated view adds fields: the generic path
            return super().to_representation(message)
        fields = self.fields
        moment = fields["created_at"].to_representation
        return {"id": message.id, "appointment": message.appointment_id,
                "sender": fields["sender"].to_representation(message.sender), "text": message.text,
                "created_at": moment(message.created_at) if message.created_at else None,
                "is_deleted": message.is_deleted,
                "deleted_at": moment(message.deleted_at) if message.deleted_at else None,
                "deleted_by_moderator": self.get_deleted_by_moderator(message)}


class ModeratedMessageSerializer(MessageSerializer):
    """What a moderator (`chat.moderate`) sees of one message: the original of a deleted one."""

    original_text = serializers.SerializerMethodField()
    deleted_by = UserBriefSerializer(read_only=True, allow_null=True)
    delete_reason = serializers.CharField(read_only=True)

    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "original_text", "deleted_by", "delete_reason"]
        read_only_fields = fields

    def get_original_text(self, message: Message) -> str:
        return message.original_text if message.is_deleted else message.text


class MessageCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MESSAGE_MAX_LENGTH)


class MessageListQuerySerializer(serializers.Serializer):
    after = serializers.IntegerField(required=False, min_value=0, max_value=2**63 - 1,
                                     help_text="Only messages with a greater id (polling for new ones).")


class MessageDeleteSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MarkReadSerializer(serializers.Serializer):
    message_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1,
                                          max_value=2**63 - 1,
                                          help_text="Read up to this message (default: the newest).")


class ReadStateSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()
    last_read_message_id = serializers.IntegerField(allow_null=True)
