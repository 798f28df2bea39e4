import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.models import MasterProfile
from apps.appointments.models import AppointmentEvent
from apps.chat.models import Message, ReadState
from apps.reviews.models import MasterRating, Review
from apps.reviews.selectors import is_published, rating_summary_compute, review_window

pytestmark = pytest.mark.django_db


def test_demo_reviews_follow_the_rules_and_the_summaries_match():
    call_command("seed_demo", "--scale", "3")
    reviews = list(Review.objects.select_related("appointment"))
    assert {r.direction for r in reviews} == {"client_to_master", "master_to_client"}
    now = timezone.now()
    for review in reviews:
        appointment = review.appointment
        assert appointment.status == "COMPLETED"
        assert appointment.completed_at < review.created_at < appointment.completed_at + review_window()
        assert review.created_at <= now
        assert review.author_id == (appointment.client_id if review.direction == "client_to_master"
                                    else appointment.master_id)
        both_in = Review.objects.filter(appointment=appointment).count() == 2
        window_passed = appointment.completed_at + review_window() <= now
        assert (review.published_at is not None) == (both_in or window_passed)
        assert is_published(review) == (both_in or window_passed)
    # some lone reviews are still sealed, some completed jobs still wait for reviews
    assert any(r.published_at is None for r in reviews)
    assert Review.objects.filter(is_hidden=True).count() == 1
    assert AppointmentEvent.objects.filter(type="review_left").count() == len(reviews)
    for profile in MasterProfile.objects.all():
        summary = rating_summary_compute(master_id=profile.user_id)
        stored = MasterRating.objects.get(master_id=profile.user_id)
        assert (stored.count, stored.average, stored.distribution) == (
            summary.count, summary.average, summary.distribution)
    assert MasterRating.objects.filter(count__gt=0).exists()


def test_chats_and_reviews_are_seeded_in_bulk():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        call_command("seed_demo", "--scale", "5")
    ours = [q["sql"] for q in ctx.captured_queries if any(
        table in q["sql"] for table in ('"chat_', '"reviews_', '"accounts_masterprofile" SET'))]
    rows = Message.objects.count() + ReadState.objects.count() + Review.objects.count()
    # bulk: a query per ~100 rows at most (SQLite caps the parameters of one INSERT), never one per row
    # + 8: scoring's seeder reads the reviews set-based and rewrites two users' reviews (a fixed count)
    assert len(ours) <= 8 + 8 + rows // 100, (len(ours), rows)
    assert Review.objects.count() > 20
