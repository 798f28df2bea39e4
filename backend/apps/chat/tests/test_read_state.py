"""Read state per user per appointment, and the unread counts on appointments and dashboards."""

import pytest

from apps.appointments.models import AppointmentStatus
from apps.chat.models import Message, ReadState
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db
S = AppointmentStatus


def _unread(api, appointment) -> int:
    return api.get(f"/api/v1/appointments/{appointment.id}/").json()["unread_count"]


def test_read_state_and_unread_counts_for_both_sides(as_user, chat, say):
    client_api, master_api = as_user(chat.client), as_user(chat.master)
    assert _unread(client_api, chat) == _unread(master_api, chat) == 0

    say(chat.client, chat, "1")
    say(chat.client, chat, "2")
    last = say(chat.client, chat, "3")
    # one's own messages are never unread
    assert _unread(client_api, chat) == 0
    assert _unread(master_api, chat) == 3

    marked = master_api.post(f"/api/v1/appointments/{chat.id}/read/")
    assert marked.status_code == 200
    assert marked.json() == {"unread_count": 0, "last_read_message_id": last["id"]}
    assert _unread(master_api, chat) == 0

    reply = say(chat.master, chat, "ок")
    assert _unread(client_api, chat) == 1
    assert _unread(master_api, chat) == 0
    assert client_api.post(f"/api/v1/appointments/{chat.id}/read/").json() == {
        "unread_count": 0, "last_read_message_id": reply["id"]}


def test_writing_marks_everything_before_ones_own_message_read(as_user, chat, say):
    say(chat.client, chat, "вопрос 1")
    say(chat.client, chat, "вопрос 2")
    mine = say(chat.master, chat, "отвечаю на оба")
    assert _unread(as_user(chat.master), chat) == 0
    assert ReadState.objects.get(appointment=chat, user=chat.master).last_read_message_id == mine["id"]


def test_mark_read_up_to_a_given_message_and_never_backwards(as_user, chat, say):
    first = say(chat.client, chat, "1")
    second = say(chat.client, chat, "2")
    say(chat.client, chat, "3")
    api = as_user(chat.master)
    up_to = api.post(f"/api/v1/appointments/{chat.id}/read/", {"message_id": second["id"]})
    assert up_to.json() == {"unread_count": 1, "last_read_message_id": second["id"]}
    # a late request from another tab can't make messages unread again
    older = api.post(f"/api/v1/appointments/{chat.id}/read/", {"message_id": first["id"]})
    assert older.json() == {"unread_count": 1, "last_read_message_id": second["id"]}


def test_mark_read_refuses_a_message_of_another_chat(as_user, chat, make_appointment, say):
    elsewhere = make_appointment(S.IN_PROGRESS, master=chat.master)
    foreign = say(elsewhere.client, elsewhere, "чужое")
    for body in ({"message_id": foreign["id"]}, {"message_id": 999999}, {"message_id": "abc"}, {"message_id": 0}):
        response = as_user(chat.master).post(f"/api/v1/appointments/{chat.id}/read/", body)
        assert response.status_code == 400, body
        assert "message_id" in response.json()["errors"]
    assert not ReadState.objects.filter(appointment=chat, user=chat.master).exists()


def test_mark_read_on_an_empty_chat(as_user, chat):
    response = as_user(chat.client).post(f"/api/v1/appointments/{chat.id}/read/")
    assert response.json() == {"unread_count": 0, "last_read_message_id": None}


def test_unread_counts_in_lists_and_dashboards(as_user, make_appointment, make_user, say):
    client, master = make_user(Role.CLIENT), make_user(Role.MASTER)
    a = make_appointment(S.IN_PROGRESS, client=client, master=master, title="A")
    b = make_appointment(S.PAID, client=client, master=master, title="B")
    c = make_appointment(S.COMPLETED, client=client, master=master, title="C")
    for _ in range(2):
        say(master, a, "a")
    say(master, b, "b")
    say(client, c, "c")
    by_title = {x["title"]: x["unread_count"] for x in as_user(client).get("/api/v1/appointments/my/").json()["results"]}
    assert by_title == {"A": 2, "B": 1, "C": 0}
    active = {x["title"]: x["unread_count"] for x in as_user(client).get("/api/v1/appointments/active/").json()["results"]}
    assert active == {"A": 2, "B": 1}
    assert as_user(client).get("/api/v1/dashboard/").json()["unread_messages"] == 3
    assert as_user(master).get("/api/v1/dashboard/").json()["unread_messages"] == 1
    as_user(client).post(f"/api/v1/appointments/{a.id}/read/")
    assert as_user(client).get("/api/v1/dashboard/").json()["unread_messages"] == 1


def test_admins_count_unread_only_in_chats_they_joined(as_user, chat, make_appointment, make_user, say):
    admin = make_user(Role.ADMIN)
    other = make_appointment(S.IN_PROGRESS)
    say(other.client, other, "в другой заявке")
    say(chat.client, chat, "первое")
    api = as_user(admin)
    assert _unread(api, chat) == 0
    assert api.get("/api/v1/dashboard/").json()["unread_messages"] == 0
    # the admin joins this chat by writing in it; later messages count for them
    say(admin, chat, "Поддержка на связи")
    # the admin's messages count as unread for both sides
    assert _unread(as_user(chat.master), chat) == 2  # "первое" and the admin's
    assert _unread(as_user(chat.client), chat) == 1
    say(chat.client, chat, "спасибо")
    say(chat.master, chat, "и от меня")
    assert _unread(api, chat) == 2
    assert _unread(api, other) == 0
    assert api.get("/api/v1/dashboard/").json()["unread_messages"] == 2
    by_id = {x["id"]: x["unread_count"] for x in api.get("/api/v1/appointments/my/").json()["results"]}
    assert by_id[chat.id] == 2 and by_id[other.id] == 0


def test_unread_counts_are_per_user_and_per_appointment(as_user, make_appointment, say):
    master_a = make_appointment(S.IN_PROGRESS)
    master_b = make_appointment(S.IN_PROGRESS, client=master_a.client)
    say(master_a.master, master_a, "a")
    # the other master of the same client sees nothing of chat A
    assert _unread(as_user(master_b.master), master_b) == 0
    assert as_user(master_b.master).get("/api/v1/dashboard/").json()["unread_messages"] == 0
    assert as_user(master_a.client).get("/api/v1/dashboard/").json()["unread_messages"] == 1


@pytest.mark.parametrize("path", ["my", "active"])
def test_appointment_lists_with_unread_counts_cost_the_same_for_5_and_50(
        as_user, make_appointment, make_user, path, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = make_user(Role.CLIENT)
    appointments = [make_appointment(S.IN_PROGRESS, client=client) for _ in range(55)]
    Message.objects.bulk_create([Message(appointment=a, sender=a.master, text="hi") for a in appointments
                                 for _ in range(2)])
    ReadState.objects.create(appointment=appointments[0], user=client,
                             last_read_message=Message.objects.filter(appointment=appointments[0]).first())
    api = as_user(client)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            results = api.get(f"/api/v1/appointments/{path}/?page_size={size}").json()["results"]
        counts[size] = len(ctx.captured_queries)
        assert len(results) == size
        assert {r["unread_count"] for r in results} <= {1, 2}
    assert counts[5] == counts[50], counts
    with django_assert_max_num_queries(8):
        api.get(f"/api/v1/appointments/{path}/?page_size=50")
