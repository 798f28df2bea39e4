"""Floor views: the cheapest way to answer a list endpoint. The same authentication and the same
selector querysets as the API (so the same SQL: joins, annotations, count), but read with
`values()` and written with `orjson` into a plain Django response: no DRF view, serializer or
renderer. `lists.floor.*` rows compare the real endpoint with these. Mounted by bench/urls.py only
(never in the product's URLconf)."""

from __future__ import annotations

from collections.abc import Callable

import orjson
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse

from apps.accounts.authentication import BearerAuthentication
from apps.accounts.models import MasterProfile, User
from apps.adminpanel.selectors import admin_appointment_list, admin_user_list
from apps.appointments import selectors as appointment_selectors
from apps.appointments.models import Appointment, SlaClock
from apps.chat import selectors as chat_selectors
from apps.reviews.models import MasterRating


def _columns(qs: QuerySet, model, related: dict[str, type]) -> list[str]:
    """Every column the ORM query selects: the model's, those of each select_related model (all of
    them, as select_related reads them) and the annotations. The same SQL, read as dicts."""
    own = [f.attname for f in model._meta.concrete_fields]
    joined = [f"{prefix}__{f.attname}" for prefix, other in related.items() for f in other._meta.concrete_fields]
    return [*own, *joined, *qs.query.annotations]


APPOINTMENT_RELATED = {"client": User, "master": User, "master__master_profile": MasterProfile}


def _authenticated(view: Callable) -> Callable:
    def wrapper(request: HttpRequest, *args, **kwargs):
        found = BearerAuthentication().authenticate(request)
        if found is None:
            return JsonResponse({"detail": "Authentication credentials were not provided.",
                                 "code": "not_authenticated"}, status=401)
        return view(request, found[0], *args, **kwargs)

    return wrapper


def _page_size(request: HttpRequest) -> int:
    return min(int(request.GET.get("page_size", 20)), 100)


def _open_clocks(results: list[dict]) -> None:
    """The SLA list annotation's prefetch (the page's open clocks, one query), read as dicts."""
    ids = [row["id"] for row in results]
    clocks = {c["appointment_id"]: c for c in SlaClock.objects.filter(appointment_id__in=ids, stopped_at__isnull=True)
              .values("appointment_id", "stage", "state", "due_at", "warn_at")}
    for row in results:
        row["sla"] = clocks.get(row["id"])


def _page(request: HttpRequest, qs: QuerySet, columns: list[str]) -> HttpResponse:
    size = _page_size(request)
    prefetched = bool(qs._prefetch_related_lookups)  # values() can't prefetch: the same query, by hand
    qs = qs.prefetch_related(None)
    count = qs.count()
    results = list(qs.values(*columns)[:min(size, count)])  # as Django's Paginator slices the first page
    if prefetched:
        _open_clocks(results)
    body = {"count": count, "next": None, "previous": None, "results": results}
    return HttpResponse(orjson.dumps(body, default=str), content_type="application/json")


@_authenticated
def appointments_my(request: HttpRequest, user) -> HttpResponse:
    qs = appointment_selectors.appointment_list_my(user=user, filters=request.GET)
    return _page(request, qs, _columns(qs, Appointment, APPOINTMENT_RELATED))


@_authenticated
def admin_appointments(request: HttpRequest, user) -> HttpResponse:
    qs = admin_appointment_list(user=user)
    return _page(request, qs, _columns(qs, Appointment, APPOINTMENT_RELATED))


@_authenticated
def admin_users_all(request: HttpRequest, user) -> HttpResponse:
    qs = admin_user_list(include_admins=True)
    return _page(request, qs, _columns(qs, User, {"master_profile": MasterProfile, "rating_summary": MasterRating}))


@_authenticated
def messages(request: HttpRequest, user, pk: int) -> HttpResponse:
    """The first cursor page, as the API's cursor pagination reads it: page_size + 1 rows, no count."""
    appointment = chat_selectors.chat_appointment_get(appointment_id=pk, user=user)
    size = _page_size(request) if "page_size" in request.GET else 50
    qs = chat_selectors.message_list(appointment=appointment)
    from apps.chat.models import Message

    columns = _columns(qs, Message, {"sender": User})
    rows = list(qs.values(*columns)[: size + 1])
    body = {"next": None, "previous": None, "results": rows[:size]}
    return HttpResponse(orjson.dumps(body, default=str), content_type="application/json")
