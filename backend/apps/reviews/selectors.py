"""Reads of reviews. Visibility is decided at read time (a review is public once published, or
once the review window after completion has passed, even if the publishing job hasn't run yet)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone

from apps.accounts.models import MasterProfile
from apps.appointments.models import Appointment, AppointmentStatus
from apps.appointments.policy import actor_of, takes_part
from apps.appointments.selectors import appointments_taking_part
from apps.common.capabilities import Capability, Role, effective_role, has_capability
from apps.common.errors import NotFound

from .models import Review
from .types import ACTION_DIRECTION, ReviewDirection

D = ReviewDirection
User = get_user_model()


def review_window() -> timedelta:
    """How long after completion both sides may review; also when a lone review is revealed."""
    return timedelta(days=int(getattr(settings, "REVIEW_WINDOW_DAYS", 14)))


def window_closes_at(appointment: Appointment) -> datetime | None:
    return appointment.completed_at + review_window() if appointment.completed_at else None


def window_open(appointment: Appointment, now: datetime | None = None) -> bool:
    closes = window_closes_at(appointment)
    return closes is None or (now or timezone.now()) < closes


def published_q(now: datetime | None = None) -> Q:
    """Reviews the other party and the public may see (moderation aside): both are in (published_at
    set), or the window after completion has passed."""
    cutoff = (now or timezone.now()) - review_window()
    return Q(published_at__isnull=False) | Q(appointment__completed_at__lte=cutoff)


def is_published(review: Review, now: datetime | None = None) -> bool:
    if review.published_at is not None:
        return True
    completed = review.appointment.completed_at
    return completed is not None and completed <= (now or timezone.now()) - review_window()


def published_at_of(review: Review) -> datetime | None:
    """When the review became (or becomes, by the window) visible; None while it is sealed."""
    if review.published_at is not None:
        return review.published_at
    return window_closes_at(review.appointment) if is_published(review) else None


# --- who may review -------------------------------------------------------------------------------

def is_reviewer(appointment: Appointment, user, direction: str) -> bool:
    if direction == D.CLIENT_TO_MASTER:
        return appointment.client_id == user.pk
    return appointment.master_id is not None and appointment.master_id == user.pk


def annotate_review_state(qs: QuerySet, user) -> QuerySet:
    """`has_review_master` / `has_review_client` on every appointment row (no query per row)."""
    return qs.annotate(
        has_review_master=Exists(Review.objects.filter(appointment=OuterRef("pk"), direction=D.CLIENT_TO_MASTER)),
        has_review_client=Exists(Review.objects.filter(appointment=OuterRef("pk"), direction=D.MASTER_TO_CLIENT)),
    )


def _has_review(appointment: Appointment, direction: str) -> bool:
    attribute = "has_review_master" if direction == D.CLIENT_TO_MASTER else "has_review_client"
    if hasattr(appointment, attribute):
        return getattr(appointment, attribute)
    return Review.objects.filter(appointment=appointment, direction=direction).exists()


def review_actions(appointment: Appointment, user) -> list[str]:
    """`review_master` / `review_client` in `allowed_actions` when the caller may review now."""
    if appointment.status != AppointmentStatus.COMPLETED or not window_open(appointment):
        return []
    return [str(action) for action, direction in ACTION_DIRECTION.items()
            if is_reviewer(appointment, user, direction) and not _has_review(appointment, direction)]


# --- an appointment's reviews ---------------------------------------------------------------------

def _sees_every_review(user) -> bool:
    """Staff who look at any appointment's reviews, sealed ones included: `reviews.moderate`, or
    `appointments.view` (they see the appointment itself)."""
    actor = actor_of(user)
    return actor.can(Capability.REVIEWS_MODERATE) or actor.can(Capability.APPOINTMENTS_VIEW)


def review_appointment_get(*, appointment_id, user) -> Appointment:
    """An appointment whose reviews `user` may look at: those who take part in it, and staff
    (`_sees_every_review`); 404 for anyone else."""
    appointment = Appointment.objects.filter(pk=appointment_id).first()
    if appointment is None or not (takes_part(appointment, user) or _sees_every_review(user)):
        raise NotFound()
    return appointment


@dataclass(frozen=True)
class DirectionState:
    submitted: bool
    review: Review | None  # None when not submitted or still sealed for this viewer
    moderation: bool = False  # shown with its moderation state (the viewer moderates reviews)


@dataclass(frozen=True)
class AppointmentReviews:
    review_master: DirectionState  # the client's review of the master
    review_client: DirectionState  # the master's review of the client
    window_closes_at: datetime | None


def appointment_reviews_overview(*, appointment_id, user) -> AppointmentReviews:
    """`appointments/{id}/reviews/`: both directions as `user` may see them (404 if they may not
    look at this appointment's reviews at all)."""
    appointment = review_appointment_get(appointment_id=appointment_id, user=user)
    states = appointment_reviews_for(appointment=appointment, user=user)
    return AppointmentReviews(review_master=states[D.CLIENT_TO_MASTER], review_client=states[D.MASTER_TO_CLIENT],
                              window_closes_at=window_closes_at(appointment))


def appointment_reviews_for(*, appointment: Appointment, user) -> dict[str, DirectionState]:
    """Both directions as `user` may see them: one's own review always; the other side's once it
    is published and not hidden; staff (`_sees_every_review`) see everything."""
    reviews = {r.direction: r for r in Review.objects.filter(appointment=appointment)
               .select_related("author", "subject", "appointment")}
    staff = _sees_every_review(user)
    moderation = has_capability(user, Capability.REVIEWS_MODERATE)
    result = {}
    for direction in D.values:
        review = reviews.get(direction)
        visible = review is not None and (
            staff or review.author_id == user.pk or (is_published(review) and not review.is_hidden))
        result[direction] = DirectionState(submitted=review is not None, review=review if visible else None,
                                           moderation=moderation)
    return result


# --- masters: public profile and rating ----------------------------------------------------------

# What a public page calls someone who has no name of their own to show (never their login).
NEUTRAL_NAME = {
    Role.CLIENT: {"ru": "Клиент", "en": "Client"},
    Role.MASTER: {"ru": "Мастер", "en": "Master"},
}


def public_name(user, *, role: Role, language: str) -> str:
    """The name a public page shows: the user's display name, else their full name, else a
    neutral "Клиент"/"Client" ("Мастер"/"Master") in `language`; never the login username."""
    name = (user.display_name or "").strip() or user.get_full_name().strip()
    if name:
        return name
    words = NEUTRAL_NAME[role]
    return words.get(language, words[settings.LANGUAGE_CODE])



def master_public_get(*, master_id, viewer) -> User:
    """A master's public profile: active masters for everyone; any master for admins who see users."""
    master = (User.objects.select_related("master_profile")
              .filter(pk=master_id, role=Role.MASTER, is_superuser=False, master_profile__isnull=False).first())
    if master is None:
        raise NotFound()
    if master.master_profile.status != MasterProfile.Status.ACTIVE and not has_capability(
            viewer, Capability.USERS_VIEW):
        raise NotFound()
    return master


def master_public_reviews(*, master_id) -> QuerySet[Review]:
    """The master's published, not hidden reviews from clients, newest first."""
    return (Review.objects.filter(subject_id=master_id, direction=D.CLIENT_TO_MASTER, is_hidden=False)
            .filter(published_q()).select_related("author", "appointment").order_by("-created_at", "-id"))


@dataclass(frozen=True)
class RatingSummary:
    average: Decimal | None
    count: int
    distribution: dict[str, int]


NOT_RATED = RatingSummary(average=None, count=0, distribution={str(stars): 0 for stars in range(1, 6)})


def master_rating_of(user) -> RatingSummary:
    """The stored summary of `user` (a master): one query, or none when the list that loaded
    `user` selected `rating_summary` with it. Not rated yet: no average, count 0."""
    rating = getattr(user, "rating_summary", None) if user is not None else None
    if rating is None:
        return NOT_RATED
    return RatingSummary(average=rating.average, count=rating.count,
                         distribution=rating.distribution or NOT_RATED.distribution)


def master_summary(user) -> dict:
    """What the reviews app adds to a master's profile wherever accounts shows it (`me/`)."""
    rating = master_rating_of(user)
    return {"rating_avg": rating.average, "rating_count": rating.count}


def rating_summary_compute(*, master_id) -> RatingSummary:
    """From the reviews themselves: published, not hidden, from clients."""
    by_rating = dict(master_public_reviews(master_id=master_id).order_by()
                     .values_list("rating").annotate(n=Count("id")).values_list("rating", "n"))
    distribution = {str(stars): by_rating.get(stars, 0) for stars in range(1, 6)}
    count = sum(distribution.values())
    average = None
    if count:
        total = sum(stars * n for stars, n in by_rating.items())
        average = (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return RatingSummary(average=average, count=count, distribution=distribution)


# --- dashboards and admin -------------------------------------------------------------------------

def reviews_to_leave(*, user) -> int:
    """Completed appointments, still in their window, that wait for the caller's review."""
    role = effective_role(user)
    if role == Role.CLIENT:
        direction = D.CLIENT_TO_MASTER
    elif role == Role.MASTER:
        direction = D.MASTER_TO_CLIENT
    else:
        return 0
    cutoff = timezone.now() - review_window()
    return (appointments_taking_part(user).filter(status=AppointmentStatus.COMPLETED)
            .filter(Q(completed_at__isnull=True) | Q(completed_at__gt=cutoff))
            .exclude(Exists(Review.objects.filter(appointment=OuterRef("pk"), direction=direction)))
            .count())


def dashboard_section(user) -> dict:
    role = effective_role(user)
    if role == Role.MASTER:
        rating = master_rating_of(user)
        return {"reviews_to_leave": reviews_to_leave(user=user),
                "rating": {"average": float(rating.average) if rating.average is not None else None,
                           "count": rating.count}}
    if role == Role.CLIENT:
        return {"reviews_to_leave": reviews_to_leave(user=user)}
    return {}


def review_admin_list() -> QuerySet[Review]:
    """Every review with what moderators need, newest first; `is_published` computed at read time."""
    cutoff = timezone.now() - review_window()
    return (Review.objects.select_related("author", "subject", "hidden_by", "appointment")
            .annotate(is_published=ExpressionWrapper(
                Q(published_at__isnull=False) | Q(appointment__completed_at__lte=cutoff),
                output_field=BooleanField()))
            .order_by("-created_at", "-id"))


PublicProfileFields = Callable[[object], dict]
_public_profile_fields: list[PublicProfileFields] = []


def register_public_profile_fields(provider: PublicProfileFields) -> PublicProfileFields:
    """Other apps add keys to a master's public profile (scoring: the performance badge), from
    `AppConfig.ready()`. `provider(master)` returns a dict."""
    if provider not in _public_profile_fields:
        _public_profile_fields.append(provider)
    return provider


def master_public_profile(*, master_id, viewer, language: str, latest: int = 10) -> dict:
    """What anyone may know about a master: name (never the username), bio, completed jobs, rating,
    latest reviews."""
    master = master_public_get(master_id=master_id, viewer=viewer)
    summary = rating_summary_compute(master_id=master.pk)
    return {
        "id": master.pk,
        "display_name": public_name(master, role=Role.MASTER, language=language),
        "bio": master.master_profile.bio,
        "member_since": master.date_joined,
        "completed_jobs": Appointment.objects.filter(master=master, status=AppointmentStatus.COMPLETED).count(),
        "rating": {"average": summary.average, "count": summary.count, "distribution": summary.distribution},
        "reviews": list(master_public_reviews(master_id=master.pk)[:latest]),
    } | {key: value for provider in _public_profile_fields for key, value in provider(master).items()}
