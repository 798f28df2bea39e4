"""The names of the scoring app: score kinds, levels, reason codes, events, audit actions, errors
(registered in ScoringConfig.ready())."""

from enum import StrEnum

from django.db import models


class ScoreKind(models.TextChoices):
    CLIENT_RISK = "client_risk", "Client risk"
    MASTER_PERFORMANCE = "master_performance", "Master performance"


INSUFFICIENT_DATA = "insufficient_data"


class ClientRiskLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    INSUFFICIENT_DATA = INSUFFICIENT_DATA


class MasterPerformanceLevel(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    INSUFFICIENT_DATA = INSUFFICIENT_DATA


LEVELS: dict[str, type[StrEnum]] = {
    ScoreKind.CLIENT_RISK: ClientRiskLevel,
    ScoreKind.MASTER_PERFORMANCE: MasterPerformanceLevel,
}
# The levels an admin may set by an override (insufficient_data is a fact, not a judgement).
OVERRIDE_LEVELS: dict[str, list[str]] = {kind: [lv.value for lv in enum if lv != INSUFFICIENT_DATA]
                                         for kind, enum in LEVELS.items()}
# The public profile shows a master's level only when it is one of these (a badge, not a shame list).
PUBLIC_MASTER_LEVELS = frozenset({MasterPerformanceLevel.EXCELLENT, MasterPerformanceLevel.GOOD})


class ReasonCode(StrEnum):
    # client risk
    PAYMENT_REJECTED = "payment_rejected"
    CANCELLED_BEFORE_PRICE = "cancelled_before_price"
    CANCELLED_AFTER_PRICE = "cancelled_after_price"
    FLAG_NO_SHOW = "flag_no_show"
    FLAG_PAYMENT_ISSUE = "flag_payment_issue"
    FLAG_RUDE = "flag_rude"
    FLAG_LATE = "flag_late"
    NEW_ACCOUNT = "new_account"
    BANNED_BEFORE = "banned_before"
    # master performance
    COMPLETION = "completion"
    RATING = "rating"
    TAKE_SPEED = "take_speed"
    PRICE_SPEED = "price_speed"
    DECLINED = "declined"
    SLA_BREACHES = "sla_breaches"
    QUALITY_FLAG_LATE = "quality_flag_late"
    QUALITY_FLAG_POOR_QUALITY = "quality_flag_poor_quality"
    QUALITY_FLAG_RUDE = "quality_flag_rude"


class ScoringEvents(StrEnum):
    LEVEL_CHANGED = "score.level_changed"


class ScoringAuditAction(StrEnum):
    OVERRIDE_SET = "score.override_set"
    OVERRIDE_CLEARED = "score.override_cleared"


AUDIT_DESCRIPTIONS = {
    ScoringAuditAction.OVERRIDE_SET: "An admin set a score's level by hand (with a reason, maybe an expiry).",
    ScoringAuditAction.OVERRIDE_CLEARED: "An admin removed a score's manual level.",
}


class ScoringErrorCode(StrEnum):
    NOT_SCORED = "not_scored"  # the user has no score of that kind (a client has no performance)
    NO_OVERRIDE = "no_override"  # DELETE of an override that isn't there
