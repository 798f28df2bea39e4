"""Reads of scores: one user's score as SPEC 10.2 shapes it, its history, the bulk effective levels
(rule fields, lists), and what other apps show of a score (who sees what, docs/scores.md)."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, CharField, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import User
from apps.common.capabilities import Capability, Role, effective_role, has_capability
from apps.common.errors import NotFound

from .models import ScoreSnapshot, UserScore
from .services import compute
from .types import INSUFFICIENT_DATA, PUBLIC_MASTER_LEVELS, ScoreKind

KIND_OF_ROLE = {Role.CLIENT: ScoreKind.CLIENT_RISK, Role.MASTER: ScoreKind.MASTER_PERFORMANCE}


def override_active_q(now: datetime | None = None, prefix: str = "") -> Q:
    now = now or timezone.now()
    return (~Q(**{f"{prefix}override_level": ""})
            & (Q(**{f"{prefix}override_expires_at__isnull": True}) | Q(**{f"{prefix}override_expires_at__gt": now})))


def effective_level_expr(now: datetime | None = None, prefix: str = "") -> Case:
    """The level shown, as SQL: the override while it lasts, else the computed level."""
    return Case(When(override_active_q(now, prefix), then=F(f"{prefix}override_level")),
                default=F(f"{prefix}level"), output_field=CharField())


def _scored_user(user_id: int, kind: str) -> User:
    user = User.objects.filter(pk=user_id, is_superuser=False).first()
    if user is None or KIND_OF_ROLE.get(user.role) != kind:
        raise NotFound()
    return user


def score_get(*, user_id: int, kind: str) -> dict:
    """`{score, level, reasons, sample, model_version, computed_at, override}` of the user (404 if
    the user has no score of this kind: a client has no performance, a master no risk). Never
    computed yet: computed now, in memory."""
    _scored_user(user_id, kind)
    now = timezone.now()
    row = UserScore.objects.select_related("override_by").filter(user_id=user_id, kind=kind).first()
    if row is None:
        c = compute([user_id], now=now)[(user_id, kind)]
        return {"score": c.result.score, "level": c.result.level, "reasons": c.result.reasons,
                "sample": {"count": c.result.sample, "window_days": c.window_days},
                "model_version": c.model_version, "computed_at": c.computed_at, "override": None}
    override = None
    if row.override_active(now):
        override = {"level": row.override_level, "reason": row.override_reason, "by": row.override_by,
                    "expires_at": row.override_expires_at}
    return {"score": row.score, "level": row.effective_level(now), "reasons": row.reasons,
            "sample": {"count": row.sample_count, "window_days": row.window_days},
            "model_version": row.model_version, "computed_at": row.computed_at, "override": override}


def score_history(*, user_id: int, kind: str) -> QuerySet[ScoreSnapshot]:
    """The daily snapshots, newest first."""
    _scored_user(user_id, kind)
    return ScoreSnapshot.objects.filter(user_id=user_id, kind=kind).order_by("-date", "-id")


def _levels(user_ids: Iterable[int], kind: str) -> dict[int, tuple[str, int | None]]:
    ids = list(user_ids)
    rows = (UserScore.objects.filter(user_id__in=ids, kind=kind)
            .annotate(shown=effective_level_expr()).values_list("user_id", "shown", "score"))
    found = {user_id: (level, score) for user_id, level, score in rows}
    return {pk: found.get(pk, (INSUFFICIENT_DATA, None)) for pk in ids}


def risk_levels(user_ids: Iterable[int]) -> dict[int, tuple[str, int | None]]:
    """`{user_id: (level, score)}`, the override applied; not scored yet: insufficient_data. One query."""
    return _levels(user_ids, ScoreKind.CLIENT_RISK)


def performance_levels(user_ids: Iterable[int]) -> dict[int, tuple[str, int | None]]:
    return _levels(user_ids, ScoreKind.MASTER_PERFORMANCE)


def level_subquery(kind: str, user_ref: str) -> Subquery:
    """The effective level of the user at `OuterRef(user_ref)`, as a subquery (lists annotate it)."""
    return Subquery(UserScore.objects.filter(user_id=OuterRef(user_ref), kind=kind)
                    .annotate(shown=effective_level_expr()).values("shown")[:1], output_field=CharField())


ROLE_OF_KIND = {kind: role for role, kind in KIND_OF_ROLE.items()}
LEVEL_ANNOTATIONS = {ScoreKind.CLIENT_RISK: "risk_level", ScoreKind.MASTER_PERFORMANCE: "performance_level"}


def with_score_levels(qs: QuerySet) -> QuerySet:
    """Users annotated with `risk_level` (clients) and `performance_level` (masters): the effective
    level, insufficient_data when never scored, null for the other roles. Correlated subqueries,
    computed for the rows of a page only; filter on them with `where_level`."""
    return qs.annotate(**{
        name: Case(When(role=ROLE_OF_KIND[kind], then=Coalesce(level_subquery(kind, "pk"), Value(INSUFFICIENT_DATA))),
                   default=Value(None), output_field=CharField())
        for kind, name in LEVEL_ANNOTATIONS.items()
    })


def where_level(qs: QuerySet, *, kind: str, level: str) -> QuerySet:
    """Users of `qs` (annotated by `with_score_levels`) whose effective level of `kind` is `level`."""
    return qs.filter(**{LEVEL_ANNOTATIONS[kind]: level})


# --- what other apps show ------------------------------------------------------------------------

def _sees_client_risk(user) -> bool:
    """Masters (the level only) and admins who see users; never clients."""
    if user is None or not user.is_authenticated:
        return False
    return effective_role(user) == Role.MASTER or has_capability(user, Capability.USERS_VIEW)


def annotate_client_risk(qs: QuerySet, user) -> QuerySet:
    """`client_risk_level` on every appointment row for those who may see it (one subquery)."""
    if not _sees_client_risk(user):
        return qs
    return qs.annotate(client_risk_level=level_subquery(ScoreKind.CLIENT_RISK, "client_id"))


def appointment_client_risk(appointment, user) -> dict:
    """`client_risk: {level}` on an appointment for a master or an admin who sees users; nothing
    (not even the key) for anyone else."""
    if not _sees_client_risk(user):
        return {}
    if hasattr(appointment, "client_risk_level"):
        level = appointment.client_risk_level or INSUFFICIENT_DATA
    else:  # a row that didn't come through the list annotations
        level = risk_levels([appointment.client_id])[appointment.client_id][0]
    return {"client_risk": {"level": level}}


def dashboard_section(user) -> dict:
    """A master's own performance (score, level, reasons) on their dashboard."""
    if user is None or not user.is_authenticated or effective_role(user) != Role.MASTER:
        return {}
    score = score_get(user_id=user.pk, kind=ScoreKind.MASTER_PERFORMANCE)
    return {"performance": {"score": score["score"], "level": score["level"], "reasons": score["reasons"]}}


def public_performance(master) -> dict:
    """The public profile's badge: the level only when it is excellent or good, else null."""
    level = performance_levels([master.pk])[master.pk][0]
    return {"performance": {"level": level} if level in PUBLIC_MASTER_LEVELS else None}
