"""Posting and reading the chat: order, cursor pages, polling with `after`, input rules, throttling."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.throttles import UserScopedRateThrottle
from apps.chat.models import Message
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


def _url(appointment, query: str = "") -> str:
    return f"/api/v1/appointments/{appointment.id}/messages/{query}"


def test_both_sides_and_an_admin_talk_and_see_the_same_thread_oldest_first(as_user, chat, make_user, say):
    admin = make_user(Role.ADMIN, display_name="Поддержка")
    first = say(chat.client, chat, "Здравствуйте! Во сколько придёте?")
    say(chat.master, chat, "В 15:00")
    say(admin, chat, "Напоминаем: оплата только через сервис.")
    assert first["sender"] == {"id": chat.client.id, "username": chat.client.username,
                               "display_name": chat.client.display_name, "role": "client"}
    assert first["appointment"] == chat.id and first["is_deleted"] is False
    threads = [as_user(u).get(_url(chat)).json() for u in (chat.client, chat.master, admin)]
    assert threads[0] == threads[1] == threads[2]
    assert set(threads[0]) == {"next", "previous", "results"}
    assert [m["text"] for m in threads[0]["results"]] == [
        "Здравствуйте! Во сколько придёте?", "В 15:00", "Напоминаем: оплата только через сервис."]
    assert [m["sender"]["role"] for m in threads[0]["results"]] == ["client", "master", "admin"]


def test_text_is_trimmed_and_kept_exactly(chat, say):
    message = say(chat.client, chat, "  Строка 1\nСтрока 2 😀  ")
    assert message["text"] == "Строка 1\nСтрока 2 😀"
    assert Message.objects.get(pk=message["id"]).text == "Строка 1\nСтрока 2 😀"


@pytest.mark.parametrize("body", [
    {}, {"text": ""}, {"text": "   \n\t "}, {"text": "x" * 4001}, {"text": None}, {"text": ["a"]}, {"text": {"a": 1}},
    {"text": "nul\x00byte"}, '{"text": "lone \\ud800 surrogate"}',
])
def test_bad_text_is_400_with_a_code_and_nothing_is_stored(as_user, chat, body):
    api = as_user(chat.client)
    if isinstance(body, str):  # raw JSON: the test client itself can't encode a lone surrogate
        response = api.generic("POST", _url(chat), body, content_type="application/json")
    else:
        response = api.post(_url(chat), body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] in {"required", "blank", "max_length", "null", "invalid",
                                       "null_characters_not_allowed", "surrogate_characters_not_allowed",
                                       "invalid_unicode"}
    assert "text" in response.json()["errors"]
    assert not Message.objects.exists()


def test_exactly_4000_characters_is_fine(chat, say):
    assert len(say(chat.client, chat, "я" * 4000)["text"]) == 4000


def test_a_body_that_is_not_an_object_is_400(as_user, chat):
    response = as_user(chat.client).post(_url(chat), ["text"], format="json")
    assert response.status_code == 400
    garbage = as_user(chat.client).generic("POST", _url(chat), "{not json", content_type="application/json")
    assert garbage.status_code == 400 and garbage.json()["code"] == "parse_error"


def test_cursor_pages_walk_the_thread_oldest_first_without_gaps(as_user, chat, seed_messages):
    created = seed_messages(chat, 23)
    api = as_user(chat.client)
    page = api.get(_url(chat, "?page_size=10")).json()
    seen = [m["id"] for m in page["results"]]
    assert page["previous"] is None
    # a message arriving while paging neither shifts nor repeats anything
    late = Message.objects.create(appointment=chat, sender=chat.master, text="late")
    while page["next"]:
        page = api.get(page["next"]).json()
        seen += [m["id"] for m in page["results"]]
    assert seen == [m.id for m in created] + [late.id]
    back = api.get(page["previous"]).json()
    assert [m["id"] for m in back["results"]] == seen[10:20]


def test_default_and_maximum_page_size(as_user, chat, seed_messages):
    seed_messages(chat, 120)
    api = as_user(chat.master)
    assert len(api.get(_url(chat)).json()["results"]) == 50
    assert len(api.get(_url(chat, "?page_size=500")).json()["results"]) == 100


def test_polling_with_after_returns_only_newer_messages(as_user, chat, say):
    api = as_user(chat.master)
    first = say(chat.client, chat, "один")
    assert api.get(_url(chat, f"?after={first['id']}")).json()["results"] == []
    second = say(chat.client, chat, "два")
    third = say(chat.master, chat, "три")
    newer = api.get(_url(chat, f"?after={first['id']}")).json()
    assert [m["id"] for m in newer["results"]] == [second["id"], third["id"]]
    assert api.get(_url(chat, f"?after={third['id']}")).json()["results"] == []
    assert len(api.get(_url(chat, "?after=0")).json()["results"]) == 3


def test_polling_keeps_after_across_pages(as_user, chat, seed_messages):
    messages = seed_messages(chat, 30)
    api = as_user(chat.client)
    page = api.get(_url(chat, f"?after={messages[9].id}&page_size=15")).json()
    ids = [m["id"] for m in page["results"]]
    page = api.get(page["next"]).json()
    ids += [m["id"] for m in page["results"]]
    assert ids == [m.id for m in messages[10:]]
    assert page["next"] is None


def test_messages_of_other_appointments_never_leak_into_a_thread(as_user, chat, make_appointment, say):
    other = make_appointment("IN_PROGRESS", client=chat.client)
    say(chat.client, other, "другая заявка")
    mine = say(chat.client, chat, "эта заявка")
    for query in ("", "?after=0"):
        assert [m["id"] for m in as_user(chat.master).get(_url(chat, query)).json()["results"]] == [mine["id"]]


@pytest.mark.parametrize("query", ["?after=abc", "?after=-1", "?after=1.5", "?after=99999999999999999999999"])
def test_bad_after_is_400(as_user, chat, query):
    response = as_user(chat.client).get(_url(chat, query))
    assert response.status_code == 400
    assert "after" in response.json()["errors"]


def test_a_forged_cursor_is_a_clean_4xx(as_user, chat):
    response = as_user(chat.client).get(_url(chat, "?cursor=garbage"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("size", [5, 50])
def test_list_query_count_is_constant_in_page_size(as_user, chat, make_user, seed_messages,
                                                   django_assert_max_num_queries, size):
    admin = make_user(Role.ADMIN)
    seed_messages(chat, 120, senders=[chat.client, chat.master, admin])
    from django.utils import timezone

    # some deleted by a moderator, so placeholders are part of the page
    Message.objects.filter(pk__in=list(Message.objects.values_list("pk", flat=True)[::7])).update(
        deleted_at=timezone.now(), deleted_by=admin, text="")
    api = as_user(chat.client)
    # the caller, the appointment, the page of messages with their senders
    with django_assert_max_num_queries(3):
        response = api.get(_url(chat, f"?page_size={size}"))
    assert len(response.json()["results"]) == size


def test_list_query_count_is_the_same_for_5_and_50(as_user, chat, seed_messages):
    seed_messages(chat, 120)
    api = as_user(chat.master)
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(_url(chat, f"?page_size={size}&after=3")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_sending_is_throttled_per_user_but_reading_is_not(as_user, chat, monkeypatch):
    monkeypatch.setattr(UserScopedRateThrottle, "THROTTLE_RATES", {**UserScopedRateThrottle.THROTTLE_RATES,
                                                                    "messages": "3/min"})
    client_api, master_api = as_user(chat.client), as_user(chat.master)
    for i in range(3):
        assert client_api.post(_url(chat), {"text": f"{i}"}).status_code == 201
    blocked = client_api.post(_url(chat), {"text": "ещё"})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "throttled" and blocked.json()["retry_after"] > 0
    # the other participant has their own budget; reading and polling are never throttled
    assert master_api.post(_url(chat), {"text": "ok"}).status_code == 201
    for _ in range(5):
        assert client_api.get(_url(chat)).status_code == 200
    assert Message.objects.count() == 4
