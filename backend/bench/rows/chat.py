"""Chat: a cursor page deep in a long thread costs what the first page costs (the cursor is an
indexed `id >` seek, never an OFFSET)."""

from __future__ import annotations

from ..datasets import CHAT_DEPTH
from ..registry import Metric, Row, Side, Target, register
from ..sides import Context, get, items

DATASET = "marketplace"
PAGE = 50


def _cursor_at(path: str, message_id: int) -> str:
    """The `cursor` the API itself hands out for the page after `message_id` (DRF's own encoding)."""
    from rest_framework.pagination import Cursor

    from apps.chat.api.pagination import MessageCursorPagination

    paginator = MessageCursorPagination()
    paginator.base_url = f"http://testserver{path}"
    paginator.page_size = PAGE
    url = paginator.encode_cursor(Cursor(offset=0, reverse=False, position=str(message_id)))
    return url.removeprefix("http://testserver")


def _page(label: str, depth: int) -> Side:
    def prepare(ctx: Context):
        path = f"/api/v1/appointments/{ctx.facts.chat_id}/messages/"
        if depth:
            message_id = ctx.facts.chat_messages[depth - 1]
            target = _cursor_at(path, message_id) + f"&page_size={PAGE}"
        else:
            target = f"{path}?page_size={PAGE}"
        return get(ctx.client(ctx.facts.client_id), target)

    return Side(label, DATASET, prepare)


def _full_pages(baseline, candidate) -> str | None:
    first, deep = items(baseline.result), items(candidate.result)
    if len(first) != PAGE or len(deep) != PAGE:
        return f"pages of {len(first)} and {len(deep)} messages, not {PAGE}"
    if deep[0]["id"] <= first[-1]["id"]:
        return "the deep page is not deeper than the first"
    if candidate.queries != baseline.queries:
        return f"{candidate.queries} queries deep, {baseline.queries} on the first page"
    return None


register(Row(
    key="chat.cursor-depth", title=f"chat: cursor page at depth {CHAT_DEPTH // 1000}k vs the first page",
    metric=Metric.P50_MS, target=Target(ratio_at_most=1.3),
    baseline=_page("first page", 0), candidate=_page(f"depth {CHAT_DEPTH // 1000}k", CHAT_DEPTH),
    check=_full_pages,
))


# --- the detail of a long chat --------------------------------------------------------------------

UNREAD = 10  # the client read the deep chat up to its last few messages


def _detail(label: str, fact: str) -> Side:
    def prepare(ctx: Context):
        pk = getattr(ctx.facts, fact)
        if fact == "chat_id":
            from apps.chat.models import ReadState

            mark = ctx.facts.chat_messages[-UNREAD]
            ReadState.objects.update_or_create(appointment_id=pk, user_id=ctx.facts.client_id,
                                               defaults={"last_read_message_id": mark})
        return get(ctx.client(ctx.facts.client_id), f"/api/v1/appointments/{pk}/")

    return Side(label, DATASET, prepare)


def _same_detail(baseline, candidate) -> str | None:
    if baseline.queries != candidate.queries:
        return f"{candidate.queries} queries for the long chat's detail, {baseline.queries} for the empty one's"
    body = candidate.result.json()
    unread = body.get("unread_count") if isinstance(body, dict) else None
    if unread is None or unread > UNREAD:
        return f"the long chat's detail says unread_count={unread!r} (at most {UNREAD} expected)"
    return None


register(Row(
    key="chat.detail-depth",
    title=f"chat: appointment detail with a {CHAT_DEPTH // 1000}k-message chat vs without a chat",
    metric=Metric.P50_MS, target=Target(ratio_at_most=1.3),
    baseline=_detail("no chat", "timeline_short_id"), candidate=_detail(f"{CHAT_DEPTH // 1000}k chat", "chat_id"),
    check=_same_detail,
))
