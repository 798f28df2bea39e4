"""The allowlist of maintenance actions an admin may run from `system/run-action/`. An action is
data: a name, a description, the serializer of its params and a function. Nothing outside this
table can be run, and params are validated before anything happens."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from rest_framework import serializers

from apps.accounts.models import MasterProfile
from apps.common.errors import ApplicationError, ErrorCode
from apps.common.serializers import parse
from apps.platform.jobs import get_job, registered_jobs, run_job
from apps.platform.jobs.registry import job_params_parse
from apps.reviews.models import MasterRating
from apps.reviews.services import master_rating_refresh

FLUSH_TOKENS_JOB = "auth.flush_expired_tokens"


@dataclass(frozen=True)
class ActionResult:
    ok: bool
    result: Any = None


@dataclass(frozen=True)
class AdminAction:
    name: str
    description: str
    run: Callable[[dict], ActionResult]
    # A factory, so choices that depend on the registry (job names) are read when the action runs.
    params: Callable[[], type[serializers.Serializer]] | None = field(default=None)

    def parse(self, params: Any) -> dict:
        """Validated params; a missing or null `params` is `{}`; unknown keys are refused."""
        if params is None:
            params = {}
        if not isinstance(params, dict):
            raise ApplicationError(ErrorCode.INVALID, "params must be a JSON object.", 400,
                                   errors={"params": ["Expected an object."]})
        serializer_class = self.params() if self.params else None
        known = set(serializer_class().fields) if serializer_class else set()
        unknown = sorted(set(params) - known)
        if unknown:
            raise ApplicationError(ErrorCode.INVALID, f"Unknown params for {self.name}: {', '.join(unknown)}.", 400,
                                   errors={"params": [f"Unknown: {', '.join(unknown)}."]})
        return dict(parse(serializer_class, params)) if serializer_class else {}

    def describe(self) -> dict:
        described = []
        if self.params:
            for name, param in self.params()().fields.items():
                item = {"name": name, "required": param.required, "help": str(param.help_text or "")}
                if isinstance(param, serializers.ChoiceField):
                    item["choices"] = list(param.choices)
                described.append(item)
        return {"name": self.name, "description": self.description, "params": described}


def _job_outcome(heartbeat: dict) -> ActionResult:
    if heartbeat["ok"]:
        return ActionResult(ok=True, result=heartbeat["result"])
    return ActionResult(ok=False, result={"error": heartbeat["error"]})


def _flush_expired_tokens(params: dict) -> ActionResult:
    return _job_outcome(run_job(FLUSH_TOKENS_JOB))


def _run_job_params() -> type[serializers.Serializer]:
    class RunJobParams(serializers.Serializer):
        name = serializers.ChoiceField(choices=[job.name for job in registered_jobs()],
                                       help_text="A registered job (see jobs in the system status).")
        params = serializers.DictField(required=False, default=dict,
                                       help_text="The job's own params, e.g. {\"date_from\": \"2026-03-01\"} "
                                                 "(each job's are listed with it in the system status).")

        def validate(self, attrs: dict) -> dict:
            """The job's params are checked here too, so bad ones refuse the action before it runs."""
            try:
                attrs["params"] = job_params_parse(get_job(attrs["name"]), attrs.get("params"))
            except ApplicationError as exc:
                raise serializers.ValidationError({"params": exc.extra.get("errors") or [exc.message]}) from None
            except serializers.ValidationError as exc:
                raise serializers.ValidationError({"params": exc.detail}) from None
            return attrs

    return RunJobParams


def _run_job(params: dict) -> ActionResult:
    return _job_outcome(run_job(params["name"], **params["params"]))


def _clear_cache(params: dict) -> ActionResult:
    cache.clear()
    return ActionResult(ok=True, result={"cleared": True})


def _recompute_ratings(params: dict) -> ActionResult:
    """Each master in their own transaction (the reviews service locks the summary row)."""
    masters = changed = 0
    for master_id in MasterProfile.objects.order_by("pk").values_list("user_id", flat=True).iterator():
        stored = MasterRating.objects.filter(master_id=master_id).first()
        before = (stored.average, stored.count, stored.distribution) if stored else None
        fresh = master_rating_refresh(master_id=master_id)
        masters += 1
        if fresh is not None and (fresh.average, fresh.count, fresh.distribution) != before:
            changed += 1
    return ActionResult(ok=True, result={"masters": masters, "changed": changed})


ACTIONS: dict[str, AdminAction] = {a.name: a for a in (
    AdminAction("flush_expired_tokens", "Delete expired refresh tokens (outstanding and blacklisted).",
                _flush_expired_tokens),
    AdminAction("recompute_ratings", "Recompute every master's rating summary from their visible reviews.",
                _recompute_ratings),
    AdminAction("run_job", "Run a periodic job now and record its heartbeat.", _run_job, _run_job_params),
    AdminAction("clear_cache", "Empty the shared cache (site settings, flags, throttle counters).", _clear_cache),
)}


def get_action(name: str) -> AdminAction:
    action = ACTIONS.get(str(name))
    if action is None:
        raise ApplicationError(ErrorCode.UNKNOWN_ACTION, f"Unknown action: {name}.", 400, known=sorted(ACTIONS))
    return action


def actions_described() -> list[dict]:
    return [action.describe() for action in ACTIONS.values()]
