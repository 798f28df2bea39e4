"""List endpoints on the large marketplace.

- `lists.queries.*`: every list endpoint of the OpenAPI schema (found at run time: any GET whose
  200 response is a page or an array) costs the same number of SQL queries at 5 and at 50 items,
  and at most 6. A list endpoint nobody taught the bench to call is a miss: add it to CALLERS.
- `lists.floor.*`: a 50-item page's p50 within 2x of the floor view (bench/floor.py) that runs the
  same queries with `values()` and `orjson`, i.e. what DRF, the serializers and the renderer add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..registry import Metric, Row, Side, Target, family, register
from ..sides import Context, api_get, items

DATASET = "marketplace"
SIZES = (5, 50)
MAX_QUERIES = 6


@dataclass(frozen=True)
class Caller:
    who: tuple[str, ...]  # facts naming the users to call as (one row each)
    params: dict[str, str] = field(default_factory=dict)  # path parameter -> fact
    sized_by: dict[int, str] | None = None  # an unpaginated list: size -> the {id} fact with that many items


ALL_ROLES = ("client_id", "master_id", "admin_id")
CALLERS: dict[str, Caller] = {
    "/api/v1/appointments/": Caller(ALL_ROLES),
    "/api/v1/appointments/my/": Caller(ALL_ROLES),
    "/api/v1/appointments/active/": Caller(ALL_ROLES),
    "/api/v1/appointments/new/": Caller(("master_id", "admin_id")),
    "/api/v1/appointments/{id}/messages/": Caller(("client_id", "admin_id"), {"id": "chat_id"}),
    "/api/v1/appointments/{id}/events/": Caller(("client_id",),
                                                sized_by={5: "timeline_short_id", 50: "timeline_long_id"}),
    "/api/v1/masters/{id}/reviews/": Caller(("client_id",), {"id": "master_id"}),
    "/api/v1/notifications/": Caller(("client_id", "admin_id")),
    "/api/v1/admin/appointments/": Caller(("admin_id",)),
    "/api/v1/admin/users/": Caller(("admin_id",)),
    "/api/v1/admin/users/all/": Caller(("admin_id",)),
    "/api/v1/admin/masters/": Caller(("admin_id",)),
    "/api/v1/admin/reviews/": Caller(("admin_id",)),
    "/api/v1/admin/events/": Caller(("admin_id",)),
    "/api/v1/admin/audit/": Caller(("admin_id",)),
    "/api/v1/admin/flags/": Caller(("admin_id",)),
    "/api/v1/admin/sla/breaches/": Caller(("admin_id",)),
    "/api/v1/appointments/{id}/sla/": Caller(("master_id", "admin_id"),
                                             sized_by={5: "timeline_short_id", 50: "timeline_long_id"}),
    "/api/v1/admin/rules/": Caller(("admin_id",)),
    "/api/v1/admin/rules/{id}/runs/": Caller(("admin_id",), {"id": "rule_id"}),
    "/api/v1/admin/rule-runs/": Caller(("admin_id",)),
    "/api/v1/admin/users/{id}/risk/history/": Caller(("admin_id",), {"id": "client_id"}),
    "/api/v1/admin/masters/{id}/performance/history/": Caller(("admin_id",), {"id": "master_id"}),
}


# Array answers that are not lists of data (their length is fixed by the code).
NOT_DATA_LISTS = {
    "/api/v1/admin/system/run-action/": "the catalogue of maintenance actions",
}


def list_endpoints() -> list[str]:
    """Paths of the schema's GET operations that answer a list (a page or an array)."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        content = get.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
        body = content.get("schema", {})
        ref = body.get("$ref", "")
        if path in NOT_DATA_LISTS:
            continue
        if ref.rsplit("/", 1)[-1].startswith("Paginated") or body.get("type") == "array":
            found.append(path)
    return found


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.removeprefix("/api/v1/").lower()).strip("-") or "root"


def _path(path: str, caller: Caller, size: int, ctx: Context) -> str:
    params = {name: getattr(ctx.facts, fact) for name, fact in caller.params.items()}
    if caller.sized_by:
        params["id"] = getattr(ctx.facts, caller.sized_by[size])
    return path.format(**params) + f"?page_size={size}"


def _sized(expected: tuple[int, int]):
    def check(baseline, candidate) -> str | None:
        got = (len(items(baseline.result)), len(items(candidate.result)))
        return None if got == expected else f"the lists had {got[0]} and {got[1]} items, not {expected}: seed more"

    return check


def _unknown(path: str) -> Side:
    def prepare(ctx):
        raise AssertionError(f"no caller for the list endpoint {path}: add it to CALLERS in bench/rows/lists.py")

    return Side("-", DATASET, prepare)


@family
def query_rows():
    for path in list_endpoints():
        caller = CALLERS.get(path)
        if caller is None:
            yield Row(key=f"lists.queries.{_slug(path)}", title=f"{path}: not called by the bench",
                      metric=Metric.QUERIES, target=Target(ratio_at_most=1, value_at_most=MAX_QUERIES),
                      baseline=_unknown(path), candidate=_unknown(path))
            continue
        for who in caller.who:
            sides = [api_get(f"{size} items", DATASET, who=who,
                             path=lambda ctx, size=size, path=path, caller=caller: _path(path, caller, size, ctx))
                     for size in SIZES]
            yield Row(key=f"lists.queries.{_slug(path)}.{who.removesuffix('_id')}",
                      title=f"{who.removesuffix('_id')} {path.removeprefix('/api/v1')}: queries, 50 vs 5 items",
                      metric=Metric.QUERIES, target=Target(ratio_at_most=1, value_at_most=MAX_QUERIES),
                      baseline=sides[0], candidate=sides[1], check=_sized(SIZES))


# --- the floor -----------------------------------------------------------------------------------

FLOORS = [
    ("appointments-my.client", "client appointments/my", "client_id", "/appointments/my/"),
    ("appointments-my.master", "master appointments/my", "master_id", "/appointments/my/"),
    ("appointments-my.admin", "admin appointments/my", "admin_id", "/appointments/my/"),
    ("admin-appointments", "admin admin/appointments", "admin_id", "/admin/appointments/"),
    ("admin-users-all", "admin admin/users/all", "admin_id", "/admin/users/all/"),
    ("messages", "client chat messages", "client_id", "/appointments/{chat_id}/messages/"),
]


def _same_page(baseline, candidate) -> str | None:
    floor, api = baseline.result.json(), candidate.result.json()
    floor_ids, api_ids = [r["id"] for r in items(floor)], [r["id"] for r in items(api)]
    if len(api_ids) != 50:
        return f"the API answered {len(api_ids)} items, not 50: seed more"
    if floor_ids != api_ids or floor.get("count") != api.get("count"):
        return "the floor and the API answered different pages"
    if candidate.queries > baseline.queries + 1:
        return f"the API ran {candidate.queries} queries, the floor {baseline.queries}: not the same work"
    return None


for key, title, who, path in FLOORS:
    register(Row(
        key=f"lists.floor.{key}", title=f"{title}: 50 items, API vs floor (values+orjson)",
        metric=Metric.P50_MS, target=Target(ratio_at_most=2.0),
        baseline=api_get("floor", DATASET, who=who, path=f"/bench-floor{path}?page_size=50"),
        candidate=api_get("API", DATASET, who=who, path=f"/api/v1{path}?page_size=50"),
        check=_same_page,
    ))
