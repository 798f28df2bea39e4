"""Demo reviews on completed appointments (Russian), in both directions, published exactly as the
double-blind rule would have published them, with rating summaries to match. Bulk inserts only."""

from collections import defaultdict
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from apps.accounts.models import MasterProfile
from apps.appointments.demo import DemoData
from apps.appointments.models import AppointmentEvent, AppointmentEventType, AppointmentStatus

from .models import MasterRating, Review
from .selectors import review_window
from .types import ClientFlag, MasterFlag, ReviewDirection

D = ReviewDirection
RATINGS = [5] * 55 + [4] * 25 + [3] * 10 + [2] * 6 + [1] * 4
MASTER_COMMENTS = {
    5: ["Всё отлично, мастер — профессионал!", "Очень довольна, обязательно приду ещё.",
        "Пришёл вовремя, сделал быстро и аккуратно.", ""],
    4: ["Хорошо, но пришлось немного подождать.", "В целом доволен, рекомендую.", ""],
    3: ["Нормально, но ожидала большего.", "Результат средний."],
    2: ["Опоздал на час, качество так себе."],
    1: ["Очень плохо, переделывала у другого мастера."],
}
CLIENT_COMMENTS = {
    5: ["Приятный клиент, всё чётко.", "Оплата вовремя, всё по договорённости.", ""],
    4: ["Всё хорошо.", ""],
    3: ["Немного опоздала."],
    2: ["Долго не выходил на связь."],
    1: ["Не пришёл, предупредил в последний момент."],
}
MASTER_FLAGS = {5: [MasterFlag.EXCELLENT, MasterFlag.PUNCTUAL, MasterFlag.CLEAN], 4: [MasterFlag.POLITE],
                3: [], 2: [MasterFlag.LATE], 1: [MasterFlag.POOR_QUALITY, MasterFlag.RUDE]}
CLIENT_FLAGS = {5: [ClientFlag.POLITE, ClientFlag.PUNCTUAL], 4: [ClientFlag.POLITE], 3: [ClientFlag.LATE],
                2: [ClientFlag.LATE], 1: [ClientFlag.NO_SHOW]}


def _flags(rng, options) -> list[str]:
    return [f.value for f in options if rng.random() < 0.6]


def seed_reviews(data: DemoData) -> None:
    rng = data.rng
    now = timezone.now()
    window = review_window()
    reviews: list[Review] = []
    for appointment in data.appointments:
        if appointment.status != AppointmentStatus.COMPLETED or appointment.completed_at is None:
            continue
        done = appointment.completed_at
        pair = []
        for direction, chance in ((D.CLIENT_TO_MASTER, 0.75), (D.MASTER_TO_CLIENT, 0.6)):
            if rng.random() >= chance:
                continue
            written = min(done + timedelta(hours=rng.randint(1, 96)), done + window - timedelta(hours=1),
                          now - timedelta(minutes=rng.randint(1, 30)))
            if written <= done:
                continue
            rating = rng.choice(RATINGS)
            to_master = direction == D.CLIENT_TO_MASTER
            pair.append(Review(
                appointment=appointment, direction=direction,
                author_id=appointment.client_id if to_master else appointment.master_id,
                subject_id=appointment.master_id if to_master else appointment.client_id,
                rating=rating, comment=rng.choice((MASTER_COMMENTS if to_master else CLIENT_COMMENTS)[rating]),
                flags=_flags(rng, (MASTER_FLAGS if to_master else CLIENT_FLAGS)[rating]), created_at=written))
        # as the double-blind rule would have done: both in, or the window passed
        reveal = max(r.created_at for r in pair) if len(pair) == 2 else (
            done + window if done + window <= now else None)
        for review in pair:
            review.published_at = reveal
        reviews += pair
    Review.objects.bulk_create(reviews, batch_size=2000)

    AppointmentEvent.objects.bulk_create([
        AppointmentEvent(appointment=r.appointment, actor_id=r.author_id, type=AppointmentEventType.REVIEW_LEFT,
                         data={"review_id": r.pk, "direction": r.direction}, created_at=r.created_at)
        for r in reviews
    ], batch_size=2000)

    # one review a moderator took down, so the moderation screens have something to show
    to_masters = [r for r in reviews if r.direction == D.CLIENT_TO_MASTER]
    offensive = min(to_masters, key=lambda r: (r.rating, r.pk)) if to_masters else None
    moderator = next((a for a in data.admins if a.admin_role == "moderator"), None)
    if offensive is not None and moderator is not None:
        Review.objects.filter(pk=offensive.pk).update(is_hidden=True, hidden_at=now, hidden_by=moderator,
                                                      hidden_reason="Оскорбительные выражения")
        offensive.is_hidden = True

    _rating_summaries(data, reviews)


def _rating_summaries(data: DemoData, reviews: list[Review]) -> None:
    ratings: dict[int, list[int]] = defaultdict(list)
    for review in reviews:
        if review.direction == D.CLIENT_TO_MASTER and review.published_at is not None and not review.is_hidden:
            ratings[review.subject_id].append(review.rating)
    summaries = []
    for master_id in MasterProfile.objects.filter(user__in=data.masters).values_list("user_id", flat=True):
        given = ratings.get(master_id, [])
        average = (Decimal(sum(given)) / len(given)).quantize(Decimal("0.01"), ROUND_HALF_UP) if given else None
        summaries.append(MasterRating(master_id=master_id, average=average, count=len(given),
                                      distribution={str(stars): given.count(stars) for stars in range(1, 6)}))
    MasterRating.objects.bulk_create(summaries, batch_size=500, update_conflicts=True, unique_fields=["master"],
                                     update_fields=["average", "count", "distribution"])


def refresh_ratings_after_clear(user_ids: set[int]) -> None:
    """Real masters who had reviews from demo clients: their rating summaries without them."""
    from .services import master_rating_refresh

    for user_id in sorted(user_ids):
        master_rating_refresh(master_id=user_id)
