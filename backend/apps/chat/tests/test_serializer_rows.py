"""Message rows and user briefs are written directly; they are DRF's generic representation
field for field (live, deleted by the sender, deleted by a moderator; every kind of sender)."""

import pytest
from django.utils import timezone
from rest_framework.serializers import Serializer

from apps.accounts.api.serializers import UserBriefSerializer
from apps.accounts.models import User
from apps.appointments.models import AppointmentStatus
from apps.chat.api.serializers import MessageSerializer, ModeratedMessageSerializer
from apps.chat.models import Message
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


def test_message_rows_are_what_drf_writes(make_appointment, make_user):
    chat = make_appointment(AppointmentStatus.IN_PROGRESS)
    moderator = make_user(Role.ADMIN, admin_role="moderator")
    now = timezone.now()
    Message.objects.bulk_create([
        Message(appointment=chat, sender=chat.client, text="Здравствуйте! \u2028 ok"),
        Message(appointment=chat, sender=chat.master, text="", original_text="oops", deleted_at=now,
                deleted_by=chat.master),
        Message(appointment=chat, sender=chat.client, text="", original_text="spam", deleted_at=now,
                deleted_by=moderator, delete_reason="Спам"),
        Message(appointment=chat, sender=moderator, text="Модератор здесь"),
    ])
    serializer = MessageSerializer()
    for message in Message.objects.select_related("sender"):
        fast = serializer.to_representation(message)
        assert list(fast) == MessageSerializer.Meta.fields
        assert fast == Serializer.to_representation(serializer, message)
        # the moderated view keeps DRF's path and adds its fields to the same ones
        moderated = ModeratedMessageSerializer(message).data
        assert {k: moderated[k] for k in fast} == fast


def test_user_briefs_are_what_drf_writes(make_user):
    users = [make_user(Role.CLIENT), make_user(Role.MASTER, display_name=""), make_user(Role.ADMIN),
             make_user(Role.CLIENT, is_superuser=True, first_name="Анна", last_name="К", display_name="")]
    serializer = UserBriefSerializer()
    for user in User.objects.filter(pk__in=[u.pk for u in users]):
        assert serializer.to_representation(user) == Serializer.to_representation(serializer, user)
        assert list(serializer.to_representation(user)) == UserBriefSerializer.Meta.fields
