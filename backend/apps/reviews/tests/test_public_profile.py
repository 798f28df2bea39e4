"""The master's public page: rating summary and published reviews, for anyone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.common.capabilities import Role
from apps.reviews.models import MasterRating, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated_master(make_user, completed, review):
    """A master with published reviews rated 5, 5, 4, 2 and one sealed review (rated 1)."""
    master = make_user(Role.MASTER, display_name="Мастер Анна")
    master.master_profile.bio = "Стрижки и окрашивание, 8 лет опыта"
    master.master_profile.save()
    for rating in (5, 5, 4, 2):
        job = completed(master=master)
        review(job.client, job, "master", rating=rating, comment=f"оценка {rating}")
        review(master, job, "client", rating=5, comment="о клиенте")
    sealed = completed(master=master)
    review(sealed.client, sealed, "master", rating=1, comment="запечатан")
    return master


def test_anyone_sees_the_rating_summary_and_published_reviews(api, rated_master):
    response = api.get(f"/api/v1/masters/{rated_master.id}/")
    assert response.status_code == 200
    profile = response.json()
    assert profile["id"] == rated_master.id
    assert profile["display_name"] == "Мастер Анна"
    assert profile["bio"].startswith("Стрижки")
    assert profile["completed_jobs"] == 5
    assert profile["rating"] == {"average": 4.0, "count": 4,
                                 "distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}}
    assert sorted(r["rating"] for r in profile["reviews"]) == [2, 4, 5, 5]
    assert "запечатан" not in response.content.decode()
    first = profile["reviews"][0]
    assert set(first) == {"id", "rating", "comment", "flags", "author_name", "created_at", "published_at"}
    # the same answer under the original prefix
    assert api.get(f"/api/masters/{rated_master.id}/").json() == profile


def test_the_stored_summary_matches_the_public_one(as_user, rated_master):
    stored = MasterRating.objects.get(master=rated_master)
    assert (stored.count, float(stored.average)) == (4, 4.0)
    assert stored.distribution == {"1": 0, "2": 1, "3": 0, "4": 1, "5": 2}
    api = as_user(rated_master)
    assert api.get("/api/v1/dashboard/").json()["rating"] == {"average": 4.0, "count": 4}
    assert api.get("/api/v1/me/").json()["master_profile"]["rating_count"] == 4


def test_an_average_is_rounded_to_two_places(api, make_user, completed, review):
    master = make_user(Role.MASTER)
    for rating in (5, 4, 4):
        job = completed(master=master)
        review(job.client, job, "master", rating=rating)
        review(master, job, "client")
    assert api.get(f"/api/v1/masters/{master.id}/").json()["rating"]["average"] == 4.33
    assert str(MasterRating.objects.get(master=master).average) == "4.33"


@pytest.mark.parametrize("kind", ["pending", "suspended", "client", "admin", "missing"])
def test_only_active_masters_have_a_public_page(api, as_user, make_user, kind):
    if kind in ("pending", "suspended"):
        user = make_user(Role.MASTER, master_status=kind)
    elif kind == "missing":
        user = type("U", (), {"id": 999999})()
    else:
        user = make_user(Role.CLIENT if kind == "client" else Role.ADMIN)
    assert api.get(f"/api/v1/masters/{user.id}/").status_code == 404
    assert api.get(f"/api/v1/masters/{user.id}/reviews/").status_code == 404
    if kind in ("pending", "suspended"):  # admins may look anyway
        admin = as_user(make_user(Role.ADMIN))
        assert admin.get(f"/api/v1/masters/{user.id}/").status_code == 200


def test_reviews_the_master_wrote_never_appear_on_their_page(api, rated_master):
    assert Review.objects.filter(author=rated_master, published_at__isnull=False).count() == 4
    for path in ("", "reviews/"):
        assert "о клиенте" not in api.get(f"/api/v1/masters/{rated_master.id}/{path}").content.decode()
    assert api.get(f"/api/v1/masters/{rated_master.id}/reviews/").json()["count"] == 4


def test_all_published_reviews_are_paginated(api, make_user, completed):
    master = make_user(Role.MASTER)
    for i in range(12):
        job = completed(master=master)
        Review.objects.create(appointment=job, direction="client_to_master", author=job.client, subject=master,
                              rating=5, comment=f"#{i}", published_at=job.completed_at)
    page = api.get(f"/api/v1/masters/{master.id}/reviews/?page_size=5").json()
    assert page["count"] == 12 and len(page["results"]) == 5 and page["next"]
    assert [r["comment"] for r in page["results"]] == [f"#{i}" for i in range(11, 6, -1)]


@pytest.mark.parametrize("size", [5, 50])
def test_review_list_and_profile_query_counts(api, make_user, make_appointment, size, django_assert_max_num_queries):
    from django.utils import timezone

    master = make_user(Role.MASTER)
    clients = [make_user(Role.CLIENT) for _ in range(60)]
    for client in clients:
        job = make_appointment("COMPLETED", client=client, master=master)
        Review.objects.create(appointment=job, direction="client_to_master", author=client, subject=master,
                              rating=4, flags=["polite"], published_at=timezone.now())
    with django_assert_max_num_queries(3):
        page = api.get(f"/api/v1/masters/{master.id}/reviews/?page_size={size}").json()
    assert len(page["results"]) == size
    with django_assert_max_num_queries(5):  # + scoring's performance badge
        assert api.get(f"/api/v1/masters/{master.id}/").json()["rating"]["count"] == 60


def test_profile_query_count_does_not_depend_on_the_number_of_reviews(api, rated_master, make_user, completed):
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as ctx:
            api.get(f"/api/v1/masters/{rated_master.id}/")
        counts.append(len(ctx.captured_queries))
        for _ in range(5):
            job = completed(master=rated_master)
            Review.objects.create(appointment=job, direction="client_to_master", author=job.client,
                                  subject=rated_master, rating=3, published_at=job.completed_at)
    assert counts[0] == counts[1]


def test_public_pages_never_show_a_login_username(api, as_user, make_user, completed, review):
    """Without a display name, a master and a review's author are a neutral "Мастер"/"Клиент"
    ("Master"/"Client" for English readers): never their username (issue 11, item 15)."""
    master = make_user(Role.MASTER, username="master_login_42", display_name="")
    nameless = make_user(Role.CLIENT, username="ivan.petrov.1988", display_name="")
    named = make_user(Role.CLIENT, username="olga_k", display_name="", first_name="Ольга", last_name="К.")
    for client in (nameless, named):
        job = completed(master=master, client=client)
        review(client, job, "master", rating=5)
        review(master, job, "client", rating=5)

    page = api.get(f"/api/v1/masters/{master.id}/")
    listing = api.get(f"/api/v1/masters/{master.id}/reviews/")
    for response in (page, listing):
        assert response.status_code == 200
        text = response.content.decode()
        assert "master_login_42" not in text and "ivan.petrov.1988" not in text and "olga_k" not in text
    assert page.json()["display_name"] == "Мастер"
    assert sorted(r["author_name"] for r in page.json()["reviews"]) == ["Клиент", "Ольга К."]
    assert sorted(r["author_name"] for r in listing.json()["results"]) == ["Клиент", "Ольга К."]

    english = api.get(f"/api/v1/masters/{master.id}/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.8").json()
    assert english["display_name"] == "Master"
    assert sorted(r["author_name"] for r in english["reviews"]) == ["Client", "Ольга К."]
    reader = make_user(Role.CLIENT, language="en")
    signed_in = as_user(reader).get(f"/api/v1/masters/{master.id}/reviews/").json()
    assert sorted(r["author_name"] for r in signed_in["results"]) == ["Client", "Ольга К."]
