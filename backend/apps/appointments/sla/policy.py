"""The SLA policy (SPEC 10.4): per-stage targets, the working-hours calendar, auto-cancel of unpaid
requests. Versioned: every save is a new `SlaPolicy` row, the newest is in force; without any row
the defaults below (version 1) apply. A clock copies its target when it starts, so a new policy
only applies to clocks that start after it."""

import copy
from dataclasses import dataclass
from datetime import date, time
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from rest_framework import serializers

from ..models import AppointmentStatus, SlaPolicy, SlaStage
from .hours import Calendar

S = AppointmentStatus

# The status each stage's clock runs in.
STAGE_OF_STATUS: dict[str, SlaStage] = {
    S.NEW: SlaStage.TAKE,
    S.IN_REVIEW: SlaStage.PRICE,
    S.AWAITING_PAYMENT: SlaStage.PAY,
    S.PAYMENT_PROOF_UPLOADED: SlaStage.CONFIRM_PAYMENT,
    S.PAID: SlaStage.START,
    S.IN_PROGRESS: SlaStage.COMPLETE,
}
# The client's stage: a reminder to them, never counted against a master (its clocks have no master).
CLIENT_STAGES = frozenset({SlaStage.PAY})

_WEEKDAYS = [{"day": day, "open": "09:00", "close": "20:00"} for day in range(1, 6)]
DEFAULT_POLICY: dict = {
    "targets": {
        SlaStage.TAKE: {"minutes": 60, "warn_before_minutes": 15, "business_hours": True},
        SlaStage.PRICE: {"minutes": 120, "warn_before_minutes": 30, "business_hours": True},
        SlaStage.PAY: {"minutes": 1440, "warn_before_minutes": 240, "business_hours": False},
        SlaStage.CONFIRM_PAYMENT: {"minutes": 120, "warn_before_minutes": 30, "business_hours": True},
        SlaStage.START: {"minutes": 1440, "warn_before_minutes": 240, "business_hours": True},
        SlaStage.COMPLETE: {"minutes": 2880, "warn_before_minutes": 480, "business_hours": True},
    },
    "calendar": {"weekly": [*_WEEKDAYS, {"day": 6, "open": "10:00", "close": "16:00"}], "holidays": []},
    "auto_cancel_unpaid_hours": None,
}
DEFAULT_VERSION = 1
MAX_TARGET_MINUTES = 60 * 24 * 90  # a quarter
MAX_AUTO_CANCEL_HOURS = 24 * 365


@dataclass(frozen=True)
class Target:
    minutes: int
    warn_before_minutes: int
    business_hours: bool


@dataclass(frozen=True)
class Policy:
    version: int
    data: dict

    def target(self, stage: str) -> Target | None:
        raw = self.data["targets"].get(str(stage))
        return Target(**raw) if raw else None

    @property
    def calendar(self) -> Calendar:
        return Calendar.from_dict(self.data["calendar"])

    @property
    def auto_cancel_unpaid_hours(self) -> int | None:
        return self.data.get("auto_cancel_unpaid_hours")

    def as_dict(self) -> dict:
        return {**copy.deepcopy(self.data), "version": self.version}


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _normalised(data: dict) -> dict:
    targets = {str(stage): (dict(value) if value else None) for stage, value in data["targets"].items()}
    return {
        "targets": {stage: targets.get(stage) for stage in SlaStage.values},
        "calendar": {
            "weekly": sorted((dict(w) for w in data["calendar"]["weekly"]), key=lambda w: (w["day"], w["open"])),
            "holidays": sorted(str(d) for d in data["calendar"]["holidays"]),
        },
        "auto_cancel_unpaid_hours": data.get("auto_cancel_unpaid_hours"),
    }


def policy_current() -> Policy:
    row = SlaPolicy.objects.order_by("-version").first()
    if row is None:
        return Policy(version=DEFAULT_VERSION, data=_normalised(DEFAULT_POLICY))
    return Policy(version=row.version, data=row.data)


# --- validation -------------------------------------------------------------------------------------

class TargetSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=1, max_value=MAX_TARGET_MINUTES)
    warn_before_minutes = serializers.IntegerField(min_value=0, max_value=MAX_TARGET_MINUTES, default=0)
    business_hours = serializers.BooleanField(default=False)

    def validate(self, attrs):
        if attrs["warn_before_minutes"] >= attrs["minutes"]:
            raise serializers.ValidationError({"warn_before_minutes": ["Must be less than minutes."]})
        return attrs


class TargetsSerializer(serializers.Serializer):
    """One optional target per stage; a stage left out or null has no clock."""

    take = TargetSerializer(required=False, allow_null=True)
    price = TargetSerializer(required=False, allow_null=True)
    pay = TargetSerializer(required=False, allow_null=True)
    confirm_payment = TargetSerializer(required=False, allow_null=True)
    start = TargetSerializer(required=False, allow_null=True)
    complete = TargetSerializer(required=False, allow_null=True)

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        if unknown:
            raise serializers.ValidationError({"targets": [f"Unknown stage(s): {', '.join(unknown)}. "
                                                           f"Choose from {', '.join(SlaStage.values)}."]})
        return super().to_internal_value(data)


class WindowSerializer(serializers.Serializer):
    day = serializers.IntegerField(min_value=1, max_value=7, help_text="ISO weekday: 1 = Monday .. 7 = Sunday.")
    open = serializers.RegexField(r"^([01]\d|2[0-3]):[0-5]\d$", help_text="HH:MM, local time (TIME_ZONE).")
    close = serializers.RegexField(r"^([01]\d|2[0-3]):[0-5]\d$", help_text="HH:MM, after open (at most 23:59).")

    def validate(self, attrs):
        if time.fromisoformat(attrs["open"]) >= time.fromisoformat(attrs["close"]):
            raise serializers.ValidationError({"close": ["Must be after open."]})
        return attrs


class CalendarSerializer(serializers.Serializer):
    weekly = WindowSerializer(many=True, max_length=50)
    holidays = serializers.ListField(child=serializers.DateField(), max_length=400, default=list)

    def validate(self, attrs):
        by_day: dict[int, list[tuple[str, str]]] = {}
        for window in attrs["weekly"]:
            by_day.setdefault(window["day"], []).append((window["open"], window["close"]))
        for day, spans in by_day.items():
            spans.sort()
            for (_, close), (opens, _) in pairwise(spans):
                if opens < close:
                    raise serializers.ValidationError({"weekly": [f"Day {day} has overlapping windows."]})
        if len(set(attrs["holidays"])) != len(attrs["holidays"]):
            raise serializers.ValidationError({"holidays": ["Each date once."]})
        return attrs


class SlaPolicySerializer(serializers.Serializer):
    targets = TargetsSerializer()
    calendar = CalendarSerializer()
    auto_cancel_unpaid_hours = serializers.IntegerField(min_value=1, max_value=MAX_AUTO_CANCEL_HOURS,
                                                        allow_null=True, required=False, default=None)
    version = serializers.IntegerField(read_only=True)

    def validate(self, attrs):
        uses_hours = any(t and t["business_hours"] for t in attrs["targets"].values())
        if uses_hours and not attrs["calendar"]["weekly"]:
            raise serializers.ValidationError(
                {"calendar": ["A stage counts working hours only: the calendar needs at least one window."]})
        return attrs


def policy_data_from_valid(attrs: dict) -> dict:
    data = {
        "targets": {stage: (dict(t) if t else None) for stage, t in attrs["targets"].items()},
        "calendar": {"weekly": [dict(w) for w in attrs["calendar"]["weekly"]],
                     "holidays": [d.isoformat() if isinstance(d, date) else str(d)
                                  for d in attrs["calendar"]["holidays"]]},
        "auto_cancel_unpaid_hours": attrs.get("auto_cancel_unpaid_hours"),
    }
    return _normalised(data)


def policy_diff(before: dict, after: dict) -> dict:
    """`{path: [old, new]}` of what changed: per stage target, the calendar's parts, auto-cancel."""
    changes = {}
    for stage in SlaStage.values:
        old, new = before["targets"].get(stage), after["targets"].get(stage)
        if old != new:
            changes[f"targets.{stage}"] = [old, new]
    for part in ("weekly", "holidays"):
        if before["calendar"][part] != after["calendar"][part]:
            changes[f"calendar.{part}"] = [before["calendar"][part], after["calendar"][part]]
    if before.get("auto_cancel_unpaid_hours") != after.get("auto_cancel_unpaid_hours"):
        changes["auto_cancel_unpaid_hours"] = [before.get("auto_cancel_unpaid_hours"),
                                               after.get("auto_cancel_unpaid_hours")]
    return changes


@transaction.atomic
def policy_update(*, actor, data: dict, request=None) -> Policy:
    """Save `data` (validated with SlaPolicySerializer) as the next version and audit the diff.
    Saving the same policy again changes nothing (no new version)."""
    from apps.platform.audit.services import audit_record

    from ..events import SlaAuditAction

    # Lock the newest version so two saves at once make two consecutive versions, not a clash.
    latest = SlaPolicy.objects.select_for_update().order_by("-version").first()
    current = Policy(version=latest.version, data=latest.data) if latest else policy_current()
    new_data = policy_data_from_valid(data)
    changes = policy_diff(current.data, new_data)
    if not changes:
        return current
    row = SlaPolicy.objects.create(version=current.version + 1, data=new_data,
                                   created_by=actor if getattr(actor, "pk", None) else None)
    audit_record(actor=actor, action=SlaAuditAction.POLICY_UPDATED, target=row,
                 changes={**changes, "version": [current.version, row.version]}, request=request)
    return Policy(version=row.version, data=row.data)
