"""Writes of scoring: the set-based recompute (scores + today's snapshot + level events), the
nightly job, and an admin's override of a level."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from rest_framework import serializers

from apps.accounts.models import User
from apps.common.errors import ApplicationError, ErrorCode, NotFound
from apps.common.periods import local_day
from apps.platform.actors import job_actor

from . import events
from .config import scoring_settings
from .formula import Score, client_risk, master_performance
from .inputs import client_inputs, master_inputs, scored_users
from .models import ScoreSnapshot, UserScore
from .types import INSUFFICIENT_DATA, OVERRIDE_LEVELS, ScoreKind, ScoringErrorCode

RECOMPUTE_JOB = "scores.recompute"
SCORE_FIELDS = ["score", "level", "reasons", "sample_count", "window_days", "model_version", "computed_at"]


@dataclass(frozen=True)
class Computed:
    user_id: int
    kind: str
    result: Score
    window_days: int
    model_version: str
    computed_at: datetime


def compute(user_ids: Iterable[int] | None = None, *, now: datetime | None = None) -> dict[tuple[int, str], Computed]:
    """Every score of `user_ids` (None: every client and master), read set-based and computed in
    memory; nothing is written."""
    now = now or timezone.now()
    cfg = scoring_settings()
    everyone = user_ids is None
    users = scored_users(user_ids)
    out: dict[tuple[int, str], Computed] = {}
    for pk, inputs in client_inputs(users.clients, now=now, cfg=cfg, everyone=everyone).items():
        out[(pk, ScoreKind.CLIENT_RISK)] = Computed(pk, ScoreKind.CLIENT_RISK, client_risk(inputs, cfg),
                                                    cfg["client_window_days"], cfg["model_version"], now)
    for pk, inputs in master_inputs(users.masters, now=now, cfg=cfg, everyone=everyone).items():
        out[(pk, ScoreKind.MASTER_PERFORMANCE)] = Computed(
            pk, ScoreKind.MASTER_PERFORMANCE, master_performance(inputs, cfg), cfg["master_window_days"],
            cfg["model_version"], now)
    return out


def _shown_before(row: dict | None) -> str | None:
    """The level users last saw: the override until a recompute clears it, else the computed one."""
    if row is None:
        return None
    return row["override_level"] or row["level"]


def _override_active(row: dict | None, now: datetime) -> bool:
    return bool(row and row["override_level"]
                and (row["override_expires_at"] is None or row["override_expires_at"] > now))


@transaction.atomic
def recompute(user_ids: Iterable[int] | None = None, *, now: datetime | None = None, actor=None,
              announce: bool = True) -> dict:
    """Recompute and store the scores of `user_ids` (None: every client and master) with a fixed
    number of queries: upsert the scores and today's snapshots, clear expired overrides, and emit
    `score.level_changed` for each user whose shown level changed (one insert per change; not with
    `announce=False`, for demo data)."""
    now = now or timezone.now()
    actor = actor if actor is not None else job_actor(RECOMPUTE_JOB)
    ids = None if user_ids is None else sorted(set(user_ids))
    computed = compute(ids, now=now)
    if not computed:
        return {"scored": 0, "level_changes": 0}
    existing_qs = UserScore.objects.all() if ids is None else UserScore.objects.filter(user_id__in=ids)
    existing = {(row["user_id"], row["kind"]): row for row in existing_qs.values(
        "user_id", "kind", "level", "override_level", "override_expires_at")}
    UserScore.objects.bulk_create(
        [UserScore(user_id=c.user_id, kind=c.kind, score=c.result.score, level=c.result.level,
                   reasons=c.result.reasons, sample_count=c.result.sample, window_days=c.window_days,
                   model_version=c.model_version, computed_at=c.computed_at) for c in computed.values()],
        update_conflicts=True, unique_fields=["user", "kind"], update_fields=SCORE_FIELDS,
    )
    expired = [key for key, row in existing.items()
               if key in computed and row["override_level"] and not _override_active(row, now)]
    if expired:
        (UserScore.objects.filter(user_id__in={uid for uid, _ in expired}, override_expires_at__lte=now)
         .exclude(override_level="").update(override_level="", override_reason="", override_by=None,
                                            override_at=None, override_expires_at=None))
    day = local_day(now)
    changes = []
    snapshots = []
    for key, c in computed.items():
        row = existing.get(key)
        shown = row["override_level"] if _override_active(row, now) else c.result.level
        snapshots.append(ScoreSnapshot(user_id=c.user_id, kind=c.kind, date=day, score=c.result.score, level=shown,
                                       model_version=c.model_version))
        # A first score is news only when it says something.
        before = _shown_before(row) if row is not None else INSUFFICIENT_DATA
        if before != shown:
            changes.append((c, before, shown))
    ScoreSnapshot.objects.bulk_create(snapshots, update_conflicts=True, unique_fields=["user", "kind", "date"],
                                      update_fields=["score", "level", "model_version"])
    for c, before, shown in changes if announce else []:
        events.level_changed(user=User(pk=c.user_id), kind=c.kind, from_level=before, to_level=shown,
                             model_version=c.model_version, actor=actor)
    return {"scored": len(computed), "level_changes": len(changes)}


class RecomputeParams(serializers.Serializer):
    user_ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False,
                                     help_text="Only these users (default: every client and master).")


def scores_recompute(user_ids: list[int] | None = None) -> dict:
    """Recompute every client's risk and every master's performance (the nightly job)."""
    return recompute(user_ids or None)


# --- overrides ------------------------------------------------------------------------------------

def _score_row_for_update(*, user_id: int, kind: str) -> UserScore:
    row = UserScore.objects.select_for_update().filter(user_id=user_id, kind=kind).first()
    if row is None:
        if (user_id, kind) not in compute([user_id]):
            raise NotFound()
        recompute([user_id])
        row = UserScore.objects.select_for_update().get(user_id=user_id, kind=kind)
    return row


def _override_state(row: UserScore) -> dict:
    return {"override_level": row.override_level or None, "override_reason": row.override_reason or None,
            "override_expires_at": row.override_expires_at.isoformat() if row.override_expires_at else None}


@transaction.atomic
def score_override_set(*, user_id: int, kind: str, level: str, reason: str, expires_at: datetime | None,
                       actor) -> UserScore:
    """Set the level shown for the user's score of `kind` until `expires_at` (or until removed);
    audited with the reason. The computed score and reasons stay as they are."""
    now = timezone.now()
    if level not in OVERRIDE_LEVELS[kind]:
        raise ApplicationError(ErrorCode.INVALID, f"Choose a level from {', '.join(OVERRIDE_LEVELS[kind])}.", 400,
                               errors={"level": [f"Choose from {', '.join(OVERRIDE_LEVELS[kind])}."]})
    if expires_at is not None and expires_at <= now:
        raise ApplicationError(ErrorCode.INVALID, "The expiry must be in the future.", 400,
                               errors={"expires_at": ["Must be in the future."]})
    row = _score_row_for_update(user_id=user_id, kind=kind)
    before_state = _override_state(row)
    shown_before = row.effective_level(now)
    row.override_level, row.override_reason, row.override_by = level, reason, actor
    row.override_at, row.override_expires_at = now, expires_at
    row.save(update_fields=["override_level", "override_reason", "override_by", "override_at", "override_expires_at"])
    events.override_set(row, actor=actor, before=before_state, reason=reason)
    if shown_before != level:
        events.level_changed(user=row.user, kind=kind, from_level=shown_before, to_level=level,
                             model_version=row.model_version, actor=actor)
    return row


@transaction.atomic
def score_override_clear(*, user_id: int, kind: str, actor, reason: str = "") -> UserScore:
    """Remove the override: the computed level is shown again. 404 `no_override` if there is none."""
    now = timezone.now()
    row = UserScore.objects.select_for_update().filter(user_id=user_id, kind=kind).first()
    if row is None or not row.override_level:
        raise ApplicationError(ScoringErrorCode.NO_OVERRIDE, "This score has no manual level.", 404)
    before_state = _override_state(row)
    shown_before = row.effective_level(now)
    row.override_level, row.override_reason, row.override_by = "", "", None
    row.override_at = row.override_expires_at = None
    row.save(update_fields=["override_level", "override_reason", "override_by", "override_at", "override_expires_at"])
    events.override_cleared(row, actor=actor, before=before_state, reason=reason)
    if shown_before != row.level:
        events.level_changed(user=row.user, kind=kind, from_level=shown_before, to_level=row.level,
                             model_version=row.model_version, actor=actor)
    return row
