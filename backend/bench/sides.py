"""Ready-made sides for rows, and the context their `prepare` gets.

    api_get("page_size=5", "marketplace", who="admin_id", path="/api/v1/admin/events/?page_size=5")

`who` names a fact holding a user id (or is a callable ctx -> user id); `path` is a string
formatted with the facts (`"/api/v1/appointments/{chat_id}/"`) or a callable ctx -> path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .registry import Operation, Side


class SideError(AssertionError):
    """The operation did not do what the row measures (wrong status, empty page...)."""


class Context:
    """What `prepare(ctx)` sees: the data set's facts, the run's mode and database, API clients."""

    def __init__(self, dataset: str, facts: Any, mode: str, vendor: str):
        self.dataset, self.facts, self.mode, self.vendor = dataset, facts, mode, vendor
        self._clients: dict[int, Any] = {}

    def client(self, user_id: int):
        """An APIClient sending `user_id`'s bearer token, as the SPA does."""
        if user_id not in self._clients:
            from rest_framework.test import APIClient
            from rest_framework_simplejwt.tokens import RefreshToken

            from apps.accounts.models import User

            client = APIClient()
            token = RefreshToken.for_user(User.objects.get(pk=user_id)).access_token
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            self._clients[user_id] = client
        return self._clients[user_id]

    def resolve(self, value: str | Callable[[Context], Any]) -> Any:
        if callable(value):
            return value(self)
        return value.format(**vars(self.facts))

    def user(self, who: str | Callable[[Context], int]) -> int:
        return who(self) if callable(who) else getattr(self.facts, who)


def get(client, path: str, status: int = 200) -> Operation:
    """GET `path`; the operation fails (the row errors) on any other status."""

    def operation():
        response = client.get(path)
        if response.status_code != status:
            raise SideError(f"GET {path}: {response.status_code} (expected {status}): "
                            f"{getattr(response, 'content', b'')[:300]!r}")
        return response

    return operation


def api_get(label: str, dataset: str, *, who: str | Callable[[Context], int],
            path: str | Callable[[Context], str], status: int = 200) -> Side:
    def prepare(ctx: Context) -> Operation:
        return get(ctx.client(ctx.user(who)), ctx.resolve(path), status)

    return Side(label, dataset, prepare)


def items(response) -> list:
    """The items of a list response: a page's `results`, or a plain JSON list."""
    data = response.json() if hasattr(response, "json") else response
    return data["results"] if isinstance(data, dict) and "results" in data else data
