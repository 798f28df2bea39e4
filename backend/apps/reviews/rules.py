"""What rules can read about a review event and the master's rating (registered with the
platform's rule engine in ReviewsConfig.ready())."""

from collections.abc import Sequence

from apps.appointments.models import Appointment
from apps.platform.rules.grammar import FieldType
from apps.platform.rules.registry import FieldSpec, Target, register_rule_fields

from .models import MasterRating

REVIEW_FIELDS = [
    FieldSpec("review.rating", FieldType.NUMBER, "Review: stars (1-5)"),
    FieldSpec("review.flags", FieldType.LIST, "Review: behaviour flags (e.g. rude)"),
    FieldSpec("review.direction", FieldType.ENUM, "Review: who reviewed whom",
              choices=("client_to_master", "master_to_client")),
]
RATING_FIELDS = [
    FieldSpec("master.rating", FieldType.NUMBER, "Master: average rating"),
    FieldSpec("master.rating_count", FieldType.NUMBER, "Master: number of ratings"),
]


def load_review_facts(targets: Sequence[Target]) -> list[dict]:
    """From the review events' payload (no query)."""
    out = []
    for target in targets:
        payload = getattr(target.event, "payload", None) or {}
        if "review_id" not in payload:
            out.append({})
            continue
        out.append({"review.rating": payload.get("rating"), "review.flags": list(payload.get("flags") or []),
                    "review.direction": payload.get("direction")})
    return out


def load_rating_facts(targets: Sequence[Target]) -> list[dict]:
    ids = {t.appointment_id for t in targets if t.appointment_id is not None}
    masters = dict(Appointment.objects.filter(pk__in=ids).values_list("pk", "master_id")) if ids else {}
    ratings = MasterRating.objects.in_bulk({m for m in masters.values() if m})
    out = []
    for target in targets:
        rating = ratings.get(masters.get(target.appointment_id))
        out.append({} if rating is None else {"master.rating": rating.average, "master.rating_count": rating.count})
    return out


def register(owner: str) -> None:
    register_rule_fields(REVIEW_FIELDS, owner=owner, loader=load_review_facts)
    register_rule_fields(RATING_FIELDS, owner=owner, loader=load_rating_facts)
