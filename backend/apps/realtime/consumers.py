"""The one websocket endpoint, `/ws/?ticket=...`: redeems the ticket (4401 if it is forged, expired
or spent; 4403 if the account was banned or deactivated meanwhile), joins the user's group (and
the active masters' when the user is one), says hello, then only relays the frames pushed to its
groups. The client sends nothing the server acts on."""

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.contrib.auth import get_user_model

from apps.appointments.policy import is_active_master

from .tickets import ticket_redeem
from .types import ACTIVE_MASTERS_GROUP, CloseCode, FrameType, user_group


@database_sync_to_async
def _redeem(ticket: str) -> tuple[int | None, bool]:
    """(user id, whether they are an active master); (None, False) for a bad ticket; a user who may
    no longer connect comes back as (-id, False)."""
    user_id = ticket_redeem(ticket=ticket)
    if user_id is None:
        return None, False
    user = get_user_model().objects.select_related("master_profile").filter(pk=user_id).first()
    if user is None:
        return None, False
    if not user.is_active or user.is_banned:
        return -user.pk, False
    return user.pk, is_active_master(user)


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    groups_joined: list[str]

    async def connect(self):
        self.groups_joined = []
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        ticket = (query.get("ticket") or [""])[0]
        user_id, active_master = await _redeem(ticket) if ticket else (None, False)
        if user_id is None or user_id < 0:
            await self.accept()  # a close code reaches the browser only after the handshake
            await self.close(code=CloseCode.UNAUTHORIZED if user_id is None else CloseCode.FORBIDDEN)
            return
        self.user_id = user_id
        groups = [user_group(user_id)] + ([ACTIVE_MASTERS_GROUP] if active_master else [])
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()
        await self.send_json({"type": FrameType.HELLO.value, "user_id": user_id})

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []

    async def receive_json(self, content, **kwargs):
        if content == {"type": "ping"}:
            await self.send_json({"type": "pong"})

    # channel-layer messages (types.PUSH, types.FORCE_CLOSE)
    async def realtime_push(self, message):
        await self.send_json(message["frame"])

    async def realtime_force_close(self, message):
        await self.close(code=int(message.get("code", CloseCode.FORBIDDEN)))
