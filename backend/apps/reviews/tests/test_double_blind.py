"""Double-blind: a review stays sealed for the other side and the public until both are in or the
window after completion has passed; then it is published exactly once, by whichever comes first:
the second review, the periodic job, or simply the clock at read time."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.common.capabilities import Role
from apps.platform.events.models import PlatformEvent
from apps.platform.jobs import run_job
from apps.platform.notifications.models import Notification
from apps.reviews.models import MasterRating, Review
from apps.reviews.services import reviews_publish_due

pytestmark = pytest.mark.django_db


def _reviews(api, appointment) -> dict:
    response = api.get(f"/api/v1/appointments/{appointment.id}/reviews/")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_lone_review_is_sealed_for_the_other_side_and_the_public(api, as_user, job, review):
    left = review(job.client, job, "master", rating=1, comment="Ужасно")
    mine = _reviews(as_user(job.client), job)
    assert mine["review_master"] == {"submitted": True, "review": left}
    assert mine["review_client"] == {"submitted": False, "review": None}
    theirs = _reviews(as_user(job.master), job)
    assert theirs["review_master"] == {"submitted": True, "review": None}
    assert "Ужасно" not in str(as_user(job.master).get(f"/api/v1/appointments/{job.id}/events/").json())
    profile = api.get(f"/api/v1/masters/{job.master.id}/").json()
    assert profile["rating"] == {"average": None, "count": 0, "distribution": {str(i): 0 for i in range(1, 6)}}
    assert profile["reviews"] == []
    assert not MasterRating.objects.filter(master=job.master).exists()  # not rated yet
    assert not PlatformEvent.objects.filter(type="review.published").exists()


def test_both_reviews_in_publishes_both_at_once(api, as_user, job, review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = review(job.client, job, "master", rating=4, comment="Хорошо")
    with django_capture_on_commit_callbacks(execute=True):
        second = review(job.master, job, "client", rating=5, flags=["polite"])
    assert second["is_published"] is True
    for user in (job.client, job.master):
        both = _reviews(as_user(user), job)
        assert both["review_master"]["review"]["comment"] == "Хорошо"
        assert both["review_master"]["review"]["is_published"] is True
        assert both["review_client"]["review"]["flags"] == ["polite"]
    assert Review.objects.filter(published_at__isnull=True).count() == 0
    published = PlatformEvent.objects.filter(type="review.published")
    assert sorted(int(e.subject_id) for e in published) == sorted([first["id"], second["id"]])
    profile = api.get(f"/api/v1/masters/{job.master.id}/").json()
    assert profile["rating"]["count"] == 1 and profile["rating"]["average"] == 4.0
    assert [r["comment"] for r in profile["reviews"]] == ["Хорошо"]
    stored = MasterRating.objects.get(master=job.master)
    assert (stored.count, stored.average, stored.distribution["4"]) == (1, 4, 1)
    # the first review nudged the master; publication told each side about the review of them
    assert Notification.objects.filter(user=job.master, title="Клиент оставил отзыв").count() == 1
    assert Notification.objects.filter(user=job.master, title="Новый отзыв о вас").count() == 1
    assert Notification.objects.filter(user=job.client, title="Новый отзыв о вас").count() == 1


def test_after_the_window_a_lone_review_is_visible_at_read_time_before_the_job_runs(
        api, as_user, completed, review):
    job = completed()
    left = review(job.client, job, "master", rating=3)
    job.completed_at = timezone.now() - timedelta(days=14, minutes=1)
    job.save()
    assert Review.objects.get().published_at is None  # the job hasn't run...
    seen = _reviews(as_user(job.master), job)["review_master"]["review"]
    assert seen["id"] == left["id"] and seen["is_published"] is True  # ...but the rule holds anyway
    assert seen["published_at"] is not None
    profile = api.get(f"/api/v1/masters/{job.master.id}/").json()
    assert profile["rating"]["count"] == 1 and profile["reviews"][0]["id"] == left["id"]


def test_the_job_publishes_due_reviews_once_and_keeps_the_rating_current(
        completed, review, django_capture_on_commit_callbacks):
    due, fresh = completed(), completed()
    review(due.client, due, "master", rating=2)
    review(fresh.client, fresh, "master")
    due.completed_at = timezone.now() - timedelta(days=15)
    due.save()
    with django_capture_on_commit_callbacks(execute=True):
        beat = run_job("reviews.publish_due")
    assert beat["ok"] is True and beat["result"] == {"published": 1, "more": False}
    assert Review.objects.get(appointment=due).published_at is not None
    assert Review.objects.get(appointment=fresh).published_at is None
    assert MasterRating.objects.get(master=due.master).count == 1
    assert MasterRating.objects.get(master=due.master).average == 2
    assert Notification.objects.filter(user=due.master, title="Новый отзыв о вас").count() == 1
    # running again publishes nothing and emits nothing
    assert reviews_publish_due() == {"published": 0, "more": False}
    assert PlatformEvent.objects.filter(type="review.published").count() == 1


def test_the_job_is_registered_as_periodic():
    from apps.platform.jobs import beat_schedule

    assert "job:reviews.publish_due" in beat_schedule()


def test_admins_see_both_reviews_while_they_are_sealed(as_user, job, make_user, review):
    review(job.client, job, "master", rating=2)
    seen = _reviews(as_user(make_user("admin", admin_role="moderator")), job)
    assert seen["review_master"]["review"]["rating"] == 2
    assert seen["review_master"]["review"]["is_hidden"] is False
    assert "is_hidden" not in _reviews(as_user(make_user("admin", admin_role="support")), job)[
        "review_master"]["review"]


def test_appointment_reviews_are_for_participants_only(api, as_user, job, make_user):
    assert as_user(make_user("client")).get(f"/api/v1/appointments/{job.id}/reviews/").status_code == 404
    assert as_user(make_user("master")).get(f"/api/v1/appointments/{job.id}/reviews/").status_code == 404
    assert api.get(f"/api/v1/appointments/{job.id}/reviews/").status_code == 401
    assert _reviews(as_user(job.client), job)["window_closes_at"] is not None


def test_who_published_is_recorded_explicitly(as_user, make_user, completed, review,
                                              django_capture_on_commit_callbacks):
    """The second reviewer's own review publishes both (they acted, their review.left caused it);
    the job publishes as the system, even when it runs inside someone's request (an admin's
    run-action)."""
    pair = completed()
    review(pair.client, pair, "master", rating=4)
    review(pair.master, pair, "client", rating=5)
    left = PlatformEvent.objects.get(type="review.left", actor=pair.master)
    for event in PlatformEvent.objects.filter(type="review.published"):
        assert (event.actor, event.actor_kind, event.caused_by_id, event.depth) == (pair.master, "user", left.pk, 1)

    lone = completed()
    review(lone.client, lone, "master", rating=2)
    lone.completed_at = timezone.now() - timedelta(days=15)
    lone.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(make_user(Role.ADMIN)).post("/api/v1/admin/system/run-action/",
                                              {"action": "run_job", "params": {"name": "reviews.publish_due"}},
                                              format="json")
    assert response.json()["ok"] is True, response.content
    by_job = PlatformEvent.objects.get(type="review.published", subject_id=str(Review.objects.get(appointment=lone).pk))
    assert (by_job.actor, by_job.actor_kind, by_job.actor_label) == (None, "system", "job:reviews.publish_due")
