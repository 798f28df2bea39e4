"""Frames over real sockets, pushed after commit to exactly those who may see the object."""

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from apps.accounts.services.moderation import user_ban
from apps.appointments import services as appointments
from apps.appointments.models import AppointmentStatus
from apps.chat import services as chat
from apps.chat.models import Message
from apps.common.capabilities import AdminRole, Role
from apps.realtime.types import CloseCode

from .conftest import close_code, frames, open_socket

pytestmark = pytest.mark.django_db(transaction=True)
sync = database_sync_to_async


async def _sockets(*users):
    sockets = []
    for user in users:
        communicator, connected = await open_socket(user)
        assert connected
        assert (await frames(communicator, wait=0.1))[0]["type"] == "hello"
        sockets.append(communicator)
    return sockets


async def _close(*sockets):
    for communicator in sockets:
        await communicator.disconnect()


def _types(got: list[dict]) -> list[str]:
    return sorted(f.get("type", "closed") for f in got)


async def test_a_message_reaches_those_who_read_the_chat_and_nobody_else(make_user, make_appointment):
    client, master = await sync(make_user)(Role.CLIENT), await sync(make_user)(Role.MASTER)
    stranger, other_master = await sync(make_user)(Role.CLIENT), await sync(make_user)(Role.MASTER)
    support = await sync(make_user)(Role.ADMIN, admin_role=AdminRole.SUPPORT)
    finance = await sync(make_user)(Role.ADMIN, admin_role=AdminRole.FINANCE)
    appointment = await sync(make_appointment)(AppointmentStatus.IN_REVIEW, client=client, master=master)
    sockets = await _sockets(client, master, stranger, other_master, support, finance)

    message = await sync(chat.message_send)(appointment_id=appointment.pk, sender=client, text="On your way?")

    expected = {"type": "message.created", "appointment_id": appointment.pk, "message_id": message.pk}
    got = [await frames(s) for s in sockets]
    assert expected in got[0] and expected in got[1]  # the sender's other tabs refetch too
    assert [f for f in got[1] if f["type"] == "notification.created"] == [
        {"type": "notification.created", "unread_count": 1}]
    assert got[2] == [] and got[3] == []
    from apps.chat.selectors import may_read

    for user, received in ((support, got[4]), (finance, got[5])):
        assert (expected in received) == await sync(may_read)(appointment, user)
    assert all("text" not in f for frames_of in got for f in frames_of)  # ids, never content

    await sync(chat.message_delete)(message_id=message.pk, actor=client)
    deleted = {"type": "message.deleted", "appointment_id": appointment.pk, "message_id": message.pk}
    assert deleted in await frames(sockets[1])
    assert await frames(sockets[2]) == []
    await _close(*sockets)


async def test_a_rolled_back_message_sends_nothing(make_user, make_appointment):
    client, master = await sync(make_user)(Role.CLIENT), await sync(make_user)(Role.MASTER)
    appointment = await sync(make_appointment)(AppointmentStatus.IN_REVIEW, client=client, master=master)
    sockets = await _sockets(client, master)

    def send_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            chat.message_send(appointment_id=appointment.pk, sender=client, text="Never sent")
            raise RuntimeError("rolled back")

    await sync(send_then_fail)()
    assert not await sync(Message.objects.filter(appointment=appointment).exists)()
    assert [await frames(s) for s in sockets] == [[], []]
    await _close(*sockets)


async def test_a_new_request_reaches_the_active_masters_queue_not_the_clients(make_user, make_appointment):
    from apps.accounts.models import MasterProfile

    client, other_client = await sync(make_user)(Role.CLIENT), await sync(make_user)(Role.CLIENT)
    master = await sync(make_user)(Role.MASTER)
    suspended = await sync(make_user)(Role.MASTER, master_status=MasterProfile.Status.SUSPENDED)
    sockets = await _sockets(client, other_client, master, suspended)

    appointment = await sync(appointments.appointment_create)(client=client, title="Fix the sink")

    got = [await frames(s) for s in sockets]
    assert got[0] == [{"type": "appointment.updated", "appointment_id": appointment.pk, "status": "NEW"}]
    assert got[1] == []
    assert {"type": "queue.changed", "appointment_id": appointment.pk} in got[2]
    assert got[3] == []

    await sync(appointments.appointment_take)(appointment_id=appointment.pk, actor=master)
    got = [await frames(s) for s in sockets]
    assert {"type": "appointment.updated", "appointment_id": appointment.pk, "status": "IN_REVIEW"} in got[0]
    assert {"appointment.updated", "queue.changed"} <= set(_types(got[2]))  # it left the queue; now the master's
    assert got[1] == [] and got[3] == []
    await _close(*sockets)


async def test_a_ban_closes_the_user_s_sockets(make_user):
    admin, banned, bystander = (await sync(make_user)(Role.ADMIN), await sync(make_user)(Role.MASTER),
                                await sync(make_user)(Role.CLIENT))
    first, second, other = await _sockets(banned, banned, bystander)

    await sync(user_ban)(user=banned, actor=admin, reason="spam")

    assert await close_code(first) == CloseCode.FORBIDDEN
    assert await close_code(second) == CloseCode.FORBIDDEN
    assert await frames(other) == []
    await _close(other)


def test_a_failing_channel_layer_never_breaks_the_request(settings, as_user, make_appointment, make_user, caplog):
    from channels.layers import channel_layers

    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer",
                                           "CONFIG": {"hosts": ["redis://127.0.0.1:9/0"]}}}  # nothing listens
    channel_layers.backends = {}
    client, master = make_user(Role.CLIENT), make_user(Role.MASTER)
    appointment = make_appointment(AppointmentStatus.IN_REVIEW, client=client, master=master)

    response = as_user(client).post(f"/api/v1/appointments/{appointment.pk}/messages/", {"text": "Hello"},
                                    format="json")

    assert response.status_code == 201
    assert "dropped" in caplog.text


async def test_a_suspended_master_reconnects_and_leaves_the_queue(make_user):
    from apps.accounts.models import MasterProfile
    from apps.accounts.services.moderation import master_set_status

    admin, master, client = (await sync(make_user)(Role.ADMIN), await sync(make_user)(Role.MASTER),
                             await sync(make_user)(Role.CLIENT))
    (socket,) = await _sockets(master)

    await sync(master_set_status)(user=master, actor=admin, status=MasterProfile.Status.SUSPENDED, reason="holiday")
    assert {"closed": CloseCode.RECONNECT} in await frames(socket, wait=1)  # (after the notification of it)

    (again,) = await _sockets(master)  # rejoins without the active masters' group
    await sync(appointments.appointment_create)(client=client, title="Fix the sink")
    assert all(f["type"] != "queue.changed" for f in await frames(again))
    await _close(again)


async def test_a_fan_out_tells_each_recipient_their_own_unread_count(make_user):
    from apps.platform.notifications.services import notify

    client = await sync(make_user)(Role.CLIENT)
    quiet, busy = await sync(make_user)(Role.MASTER), await sync(make_user)(Role.MASTER)
    for n in range(2):
        await sync(notify)(user=busy, type="system", title=f"earlier {n}")
    sockets = await _sockets(quiet, busy)

    await sync(appointments.appointment_create)(client=client, title="Paint the fence")

    got = [[f for f in await frames(s) if f["type"] == "notification.created"] for s in sockets]
    assert got == [[{"type": "notification.created", "unread_count": 1}],
                   [{"type": "notification.created", "unread_count": 3}]]
    await _close(*sockets)
