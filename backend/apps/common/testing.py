"""Test helpers for races on real database connections: each thread gets its own connection,
all threads are released together by a barrier, and every connection is closed afterwards."""

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection


def run_at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(0) ... work(count - 1)` in threads started together. Returns each result (or the
    exception it raised) in index order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as exc:  # the test inspects it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def api_at_once(calls: Sequence[tuple[Any, str, str, dict | None]]) -> list[int]:
    """`calls`: (user or None, method, path, JSON body) fired at once, each with the user's bearer
    token; returns the status codes in call order."""
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    tokens = [str(RefreshToken.for_user(user).access_token) if user else None for user, *_ in calls]

    def call(index: int) -> int:
        _user, method, path, body = calls[index]
        client = APIClient()
        if tokens[index]:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[index]}")
        return getattr(client, method)(path, body, format="json").status_code

    return run_at_once(len(calls), call)
