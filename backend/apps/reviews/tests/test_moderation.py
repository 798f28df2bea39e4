"""Moderators (`reviews.moderate`) list reviews with filters and hide/unhide them; a hidden review
leaves the public page and the rating summary; every change is audited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.reviews.models import MasterRating, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(make_user):
    return make_user(Role.ADMIN, admin_role="moderator")


@pytest.fixture
def published_pair(completed, review):
    job = completed()
    to_master = review(job.client, job, "master", rating=1, comment="Хам и неумеха", flags=["rude", "late"])
    to_client = review(job.master, job, "client", rating=4, flags=["polite"])
    return job, to_master, to_client


@pytest.mark.parametrize(("who", "status"), [
    ("super_admin", 200), ("moderator", 200), ("support", 403), ("finance", 403), ("analyst", 403),
    ("client", 403), ("master", 403), ("anonymous", 401),
])
def test_who_moderates(api, as_user, make_user, published_pair, who, status):
    if who == "anonymous":
        caller = api
    elif who in ("client", "master"):
        caller = as_user(make_user(who))
    else:
        caller = as_user(make_user(Role.ADMIN, admin_role=who))
    review_id = published_pair[1]["id"]
    assert caller.get("/api/v1/admin/reviews/").status_code == status
    hide = caller.post(f"/api/v1/admin/reviews/{review_id}/hide/", {"reason": "оскорбления"})
    assert hide.status_code == status
    assert Review.objects.get(pk=review_id).is_hidden == (status == 200)


def test_hiding_takes_a_review_off_the_public_page_and_out_of_the_rating(api, as_user, moderator, published_pair):
    job, to_master, _ = published_pair
    assert api.get(f"/api/v1/masters/{job.master.id}/").json()["rating"]["count"] == 1
    response = as_user(moderator).post(f"/api/v1/admin/reviews/{to_master['id']}/hide/", {"reason": "Оскорбления"})
    assert response.status_code == 200
    body = response.json()
    assert body["is_hidden"] is True and body["hidden_reason"] == "Оскорбления"
    assert body["hidden_by"]["id"] == moderator.id and body["hidden_at"]
    profile = api.get(f"/api/v1/masters/{job.master.id}/").json()
    assert profile["rating"]["count"] == 0 and profile["rating"]["average"] is None
    assert profile["reviews"] == []
    assert "Хам" not in api.get(f"/api/v1/masters/{job.master.id}/reviews/").content.decode()
    stored = MasterRating.objects.get(master=job.master)
    assert (stored.count, stored.average) == (0, None)
    # the reviewed master no longer sees it on the appointment either; its author still does
    assert as_user(job.master).get(f"/api/v1/appointments/{job.id}/reviews/").json()["review_master"] == {
        "submitted": True, "review": None}
    assert as_user(job.client).get(f"/api/v1/appointments/{job.id}/reviews/").json()[
        "review_master"]["review"]["id"] == to_master["id"]
    # a moderator sees it on the appointment with its moderation state; the author without
    seen = as_user(moderator).get(f"/api/v1/appointments/{job.id}/reviews/").json()["review_master"]["review"]
    assert (seen["is_hidden"], seen["hidden_reason"], seen["hidden_by"]["id"]) == (True, "Оскорбления", moderator.id)
    assert "is_hidden" not in as_user(job.client).get(f"/api/v1/appointments/{job.id}/reviews/").json()[
        "review_master"]["review"]

    audit = AuditEntry.objects.get(action="review.hidden")
    assert audit.actor == moderator and audit.target_type == "reviews.review"
    assert audit.target_id == str(to_master["id"]) and audit.reason == "Оскорбления"
    assert audit.changes == {"is_hidden": [False, True]}


def test_hide_twice_changes_nothing_and_unhide_restores(api, as_user, moderator, published_pair):
    job, to_master, _ = published_pair
    mod = as_user(moderator)
    mod.post(f"/api/v1/admin/reviews/{to_master['id']}/hide/", {"reason": "спам"})
    again = mod.post(f"/api/v1/admin/reviews/{to_master['id']}/hide/", {"reason": "ещё раз"})
    assert again.status_code == 200 and again.json()["hidden_reason"] == "спам"
    assert AuditEntry.objects.filter(action="review.hidden").count() == 1
    restored = mod.post(f"/api/v1/admin/reviews/{to_master['id']}/unhide/", {"reason": "ошибка"})
    assert restored.status_code == 200 and restored.json()["is_hidden"] is False
    assert AuditEntry.objects.get(action="review.unhidden").changes == {"is_hidden": [True, False]}
    assert api.get(f"/api/v1/masters/{job.master.id}/").json()["rating"]["count"] == 1
    assert MasterRating.objects.get(master=job.master).count == 1


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 501}])
def test_a_reason_is_required(as_user, moderator, published_pair, body):
    response = as_user(moderator).post(f"/api/v1/admin/reviews/{published_pair[1]['id']}/hide/", body)
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert not Review.objects.filter(is_hidden=True).exists()


def test_unknown_review_is_404(as_user, moderator):
    assert as_user(moderator).post("/api/v1/admin/reviews/999999/hide/", {"reason": "x"}).status_code == 404


@pytest.fixture
def many_reviews(make_user, completed):
    master = make_user(Role.MASTER, username="ivanov")
    rows = []
    for i in range(60):
        job = completed(master=master, days_ago=i % 20)
        to_master = i % 2 == 0
        rows.append(Review(
            appointment=job, direction="client_to_master" if to_master else "master_to_client",
            author=job.client if to_master else master, subject=master if to_master else job.client,
            rating=1 + i % 5, comment="грубый" if i % 10 == 0 else "ок",
            flags=["rude"] if i % 10 == 0 else (["polite"] if i % 3 == 0 else []),
            is_hidden=i % 15 == 0, created_at=timezone.now() - timedelta(days=i),
            published_at=timezone.now() if i % 4 == 0 else None))
    Review.objects.bulk_create(rows)
    return master


def _count(api, query) -> int:
    response = api.get(f"/api/v1/admin/reviews/?{query}")
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_filters(as_user, moderator, many_reviews):
    api = as_user(moderator)
    all_reviews = Review.objects.all()
    assert _count(api, "") == 60
    assert _count(api, "direction=client_to_master") == 30
    assert _count(api, "rating=1&rating=2") == all_reviews.filter(rating__in=[1, 2]).count()
    assert _count(api, "hidden=true") == 4
    assert _count(api, "flag=rude") == 6
    assert _count(api, "flag=polite") == all_reviews.filter(flags=["polite"]).count()
    assert _count(api, "flag=late") == 0  # "polite" must not match "late"
    assert _count(api, "q=грубый") == 6
    assert _count(api, "q=ivanov") == 60
    assert _count(api, f"subject={many_reviews.id}") == 30
    assert _count(api, f"master={many_reviews.id}") == 60
    # published at read time: published_at set, or the window has passed
    published = [r for r in all_reviews.select_related("appointment")
                 if r.published_at or r.appointment.completed_at <= timezone.now() - timedelta(days=14)]
    assert _count(api, "published=true") == len(published)
    assert _count(api, "published=false") == 60 - len(published)
    since = (timezone.now() - timedelta(days=9)).date().isoformat()
    assert _count(api, f"date_from={since}") == 10


@pytest.mark.parametrize("query", ["rating=9", "direction=sideways", "flag=bogus", "hidden=maybe", "author=abc",
                                   "date_from=yesterday", "appointment=-5"])
def test_bad_filters_are_400(as_user, moderator, query):
    response = as_user(moderator).get(f"/api/v1/admin/reviews/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"]


@pytest.mark.parametrize("size", [5, 50])
def test_admin_list_query_count(as_user, moderator, many_reviews, size, django_assert_max_num_queries):
    api = as_user(moderator)
    with django_assert_max_num_queries(3):
        response = api.get(f"/api/v1/admin/reviews/?page_size={size}&hidden=false")
    assert len(response.json()["results"]) == size
    first = response.json()["results"][0]
    assert {"author", "subject", "is_hidden", "is_published", "hidden_by", "appointment"} <= set(first)


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/api/v1/admin/reviews/{big}/hide/"), ("post", "/api/v1/appointments/{big}/review-master/"),
    ("get", "/api/v1/appointments/{big}/reviews/"), ("get", "/api/v1/masters/{big}/"),
    ("get", "/api/v1/masters/{big}/reviews/"),
])
def test_ids_beyond_the_database_range_are_404(as_user, make_user, method, path):
    api = as_user(make_user(Role.ADMIN))
    response = getattr(api, method)(path.format(big="9" * 25), {"reason": "x", "rating": 5}, format="json")
    assert response.status_code == 404
