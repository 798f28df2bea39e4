"""Leaving reviews: who may, when, what they may say, and exactly once per direction."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentEvent, AppointmentStatus
from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent
from apps.reviews.models import Review

pytestmark = pytest.mark.django_db
S = AppointmentStatus

ACTORS = ["owner", "assigned_master", "admin", "other_client", "other_master", "pending_master", "anonymous"]
EXPECTED = {
    "master": {"owner": 201, "assigned_master": 403, "admin": 403},
    "client": {"owner": 403, "assigned_master": 201, "admin": 403},
}
CASES = [(side, actor) for side in EXPECTED for actor in ACTORS]


@pytest.mark.parametrize(("side", "actor"), CASES, ids=[f"review-{s}-{a}" for s, a in CASES])
@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
def test_who_may_review(api, as_user, job, make_user, side, actor, prefix):
    users = {
        "owner": job.client, "assigned_master": job.master, "admin": make_user(Role.ADMIN),
        "other_client": make_user(Role.CLIENT), "other_master": make_user(Role.MASTER),
        "pending_master": make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING), "anonymous": None,
    }
    user = users[actor]
    caller = as_user(user) if user else api
    response = caller.post(f"{prefix}/appointments/{job.id}/review-{side}/", {"rating": 4}, format="json")
    expected = 401 if user is None else EXPECTED[side].get(actor, 404)
    assert response.status_code == expected, response.content
    assert Review.objects.count() == (1 if expected == 201 else 0)


def test_the_client_reviews_the_master_and_the_master_the_client(job, review):
    by_client = review(job.client, job, "master", rating=4, comment="  Хорошо, но опоздал  ",
                       flags=["late", "polite", "late"])
    assert by_client["direction"] == "client_to_master"
    assert by_client["author"]["id"] == job.client.id and by_client["subject"]["id"] == job.master.id
    assert by_client["rating"] == 4 and by_client["comment"] == "Хорошо, но опоздал"
    assert by_client["flags"] == ["polite", "late"]  # vocabulary order, no duplicates
    assert by_client["is_published"] is False and by_client["published_at"] is None
    by_master = review(job.master, job, "client", rating=5, flags=["punctual"])
    assert by_master["direction"] == "master_to_client"
    assert by_master["subject"]["id"] == job.client.id
    assert by_master["is_published"] is True


@pytest.mark.parametrize("status", [S.NEW, S.IN_REVIEW, S.AWAITING_PAYMENT, S.PAID, S.IN_PROGRESS,
                                    S.DECLINED_BY_MASTER, S.CANCELLED])
def test_only_completed_appointments_are_reviewed(as_user, make_appointment, make_user, status):
    master = make_user(Role.MASTER)
    appointment = make_appointment(status, master=master if status not in (S.NEW, S.CANCELLED) else None)
    response = as_user(appointment.client).post(f"/api/v1/appointments/{appointment.id}/review-master/",
                                                {"rating": 5})
    assert response.status_code == 409
    assert response.json()["code"] == "review_not_allowed"
    assert response.json()["status"] == status
    assert not Review.objects.exists()


def test_a_second_review_in_the_same_direction_is_409(job, review):
    review(job.client, job, "master", rating=5)
    again = review(job.client, job, "master", expect=409, rating=1)
    assert again["code"] == "already_reviewed"
    assert Review.objects.get().rating == 5


def test_the_review_window(completed, review, settings):
    inside = completed(days_ago=13.9)
    review(inside.client, inside, "master")
    closed = completed(days_ago=14.1)
    answer = review(closed.client, closed, "master", expect=409)
    assert answer["code"] == "review_window_closed"
    settings.REVIEW_WINDOW_DAYS = 3
    short = completed(days_ago=4)
    assert review(short.master, short, "client", expect=409)["code"] == "review_window_closed"


@pytest.mark.parametrize("body", [
    {}, {"rating": 0}, {"rating": 6}, {"rating": -1}, {"rating": "five"}, {"rating": 4.5}, {"rating": None},
    {"rating": 5, "comment": "x" * 2001}, {"rating": 5, "comment": None}, {"rating": 5, "flags": "late"},
    {"rating": 5, "flags": ["bogus"]}, {"rating": 5, "flags": [["late"]]}, {"rating": 5, "flags": [None]},
    {"rating": 5, "flags": ["no_show"]},  # a client-side flag is not for masters
    {"rating": 5, "comment": "nul\x00"},
])
def test_bad_review_input_is_400(job, review, body):
    answer = review(job.client, job, "master", expect=400, **body) if "rating" in body else \
        _post_raw(job, body)
    assert answer["code"] in {"required", "min_value", "max_value", "invalid", "null", "max_length",
                              "invalid_choice", "not_a_list", "null_characters_not_allowed", "invalid_unicode"}
    assert answer["errors"]
    assert not Review.objects.exists()


def _post_raw(job, body):
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(job.client).access_token}")
    response = api.post(f"/api/v1/appointments/{job.id}/review-master/", body, format="json")
    assert response.status_code == 400
    return response.json()


@pytest.mark.parametrize(("side", "flags"), [
    ("master", ["excellent", "punctual", "polite", "clean", "late", "poor_quality", "rude"]),
    ("client", ["polite", "punctual", "no_show", "late", "rude", "payment_issue"]),
])
def test_each_direction_has_its_own_vocabulary(job, review, side, flags):
    author = job.client if side == "master" else job.master
    assert review(author, job, side, flags=flags)["flags"] == flags
    other_side = "client" if side == "master" else "master"
    # words only the other vocabulary knows
    foreign = ["clean", "excellent", "poor_quality"] if other_side == "client" else ["no_show", "payment_issue"]
    other_author = job.master if side == "master" else job.client
    answer = review(other_author, job, other_side, expect=400, flags=foreign)
    assert answer["code"] == "invalid_choice"


def test_leaving_a_review_records_the_timeline_and_platform_events_without_revealing_the_rating(
        as_user, job, review):
    left = review(job.client, job, "master", rating=2, comment="Плохо")
    event = AppointmentEvent.objects.get(appointment=job, type="review_left")
    assert event.actor == job.client
    assert event.data == {"review_id": left["id"], "direction": "client_to_master"}
    timeline = as_user(job.master).get(f"/api/v1/appointments/{job.id}/events/").json()
    assert timeline[-1]["type"] == "review_left" and "rating" not in timeline[-1]["data"]
    platform = PlatformEvent.objects.get(type="review.left")
    assert platform.subject_type == "reviews.review" and platform.subject_id == str(left["id"])
    assert platform.payload["rating"] == 2 and platform.payload["appointment_id"] == job.id


def test_allowed_actions_offer_the_review_while_it_is_due(as_user, completed, review):
    job = completed()
    client_api, master_api = as_user(job.client), as_user(job.master)

    def actions(api):
        return api.get(f"/api/v1/appointments/{job.id}/").json()["allowed_actions"]

    assert "review_master" in actions(client_api) and "review_client" not in actions(client_api)
    assert "review_client" in actions(master_api) and "review_master" not in actions(master_api)
    review(job.client, job, "master")
    assert "review_master" not in actions(client_api)
    assert "review_client" in actions(master_api)
    # in lists too
    listed = client_api.get("/api/v1/appointments/my/").json()["results"][0]
    assert "review_master" not in listed["allowed_actions"]
    late = completed(days_ago=20)
    assert "review_master" not in as_user(late.client).get(f"/api/v1/appointments/{late.id}/").json()[
        "allowed_actions"]


def test_allowed_actions_in_lists_cost_no_query_per_row(as_user, completed, make_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = make_user(Role.CLIENT)
    jobs = [completed(client=client) for _ in range(55)]
    Review.objects.bulk_create([Review(appointment=j, direction="client_to_master", author=client,
                                       subject=j.master, rating=5) for j in jobs[::2]])
    api = as_user(client)
    counts = {}
    for size in (5, 50):
        with CaptureQueriesContext(connection) as ctx:
            results = api.get(f"/api/v1/appointments/my/?page_size={size}").json()["results"]
        counts[size] = len(ctx.captured_queries)
        assert len(results) == size
    assert counts[5] == counts[50], counts
    by_id = {r["id"]: r["allowed_actions"] for r in api.get("/api/v1/appointments/my/?page_size=100").json()["results"]}
    assert sum("review_master" in a for a in by_id.values()) == 27


def test_dashboard_counts_reviews_to_leave(as_user, completed, make_user, review):
    client, master = make_user(Role.CLIENT), make_user(Role.MASTER)
    jobs = [completed(client=client, master=master) for _ in range(3)]
    completed(days_ago=30, client=client, master=master)  # too late to review: not counted
    assert as_user(client).get("/api/v1/dashboard/").json()["reviews_to_leave"] == 3
    assert as_user(master).get("/api/v1/dashboard/").json()["reviews_to_leave"] == 3
    review(client, jobs[0], "master")
    review(master, jobs[1], "client")
    assert as_user(client).get("/api/v1/dashboard/").json()["reviews_to_leave"] == 2
    assert as_user(master).get("/api/v1/dashboard/").json()["reviews_to_leave"] == 2
    assert "reviews_to_leave" not in as_user(make_user(Role.ADMIN)).get("/api/v1/dashboard/").json()


def test_completion_time_is_what_counts_not_creation(as_user, make_appointment, review):
    old_but_just_done = make_appointment(S.COMPLETED, completed_at=timezone.now() - timedelta(hours=2))
    old_but_just_done.created_at = timezone.now() - timedelta(days=60)
    old_but_just_done.save()
    review(old_but_just_done.client, old_but_just_done, "master")


def test_the_database_itself_refuses_a_second_review_and_a_rating_out_of_range(job):
    from django.db import IntegrityError, transaction

    Review.objects.create(appointment=job, direction="client_to_master", author=job.client, subject=job.master,
                          rating=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(appointment=job, direction="client_to_master", author=job.client,
                              subject=job.master, rating=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(appointment=job, direction="master_to_client", author=job.master,
                              subject=job.client, rating=6)
