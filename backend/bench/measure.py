"""One side of the benchmark: seed a marketplace at a given scale into the database named by
DATABASE_URL, then time the main read endpoints in-process. Prints JSON on the last line.

Run by bench/run.py, never against a database you care about."""

import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.appointments.models import Appointment  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


def measure(client: APIClient, path: str) -> dict:
    for _ in range(3):  # warm caches, connections, imports
        assert client.get(path).status_code == 200, path
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = len(captured.captured_queries)  # now: the next request clears the log
    tracemalloc.start()
    client.get(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"median_ms": round(statistics.median(timings), 2), "queries": queries,
            "peak_kb": round(peak / 1024, 1)}


def main(scale: int) -> None:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", "--scale", str(scale), stdout=open(os.devnull, "w"))  # noqa: SIM115
    seed_seconds = time.perf_counter() - started

    admin = User.objects.get(username="demo_admin1")
    master = (User.objects.filter(role="master", master_profile__status="active")
              .annotate(n=Count("master_appointments")).order_by("-n").first())
    customer = User.objects.filter(role="client").annotate(n=Count("client_appointments")).order_by("-n").first()
    chatty = Appointment.objects.annotate(n=Count("messages")).order_by("-n").first()
    as_admin, as_master, as_client = client_for(admin), client_for(master), client_for(customer)
    endpoints = {
        "client: appointments/my": (as_client, "/api/v1/appointments/my/"),
        "client: dashboard": (as_client, "/api/v1/dashboard/"),
        "master: appointments/new": (as_master, "/api/v1/appointments/new/"),
        "master: appointments/my": (as_master, "/api/v1/appointments/my/"),
        "master: dashboard": (as_master, "/api/v1/dashboard/"),
        "admin: appointments/my": (as_admin, "/api/v1/appointments/my/"),
        "admin: admin/appointments": (as_admin, "/api/v1/admin/appointments/"),
        "admin: admin/users/all": (as_admin, "/api/v1/admin/users/all/"),
        "admin: admin/masters": (as_admin, "/api/v1/admin/masters/"),
        "admin: admin/events": (as_admin, "/api/v1/admin/events/"),
        "admin: dashboard": (as_admin, "/api/v1/dashboard/"),
        "admin: chat messages": (as_admin, f"/api/v1/appointments/{chatty.pk}/messages/"),
        "admin: appointment detail": (as_admin, f"/api/v1/appointments/{chatty.pk}/"),
    }
    results = {name: measure(client, path) for name, (client, path) in endpoints.items()}
    print(json.dumps({
        "scale": scale, "appointments": Appointment.objects.count(), "users": User.objects.count(),
        "seed_seconds": round(seed_seconds, 1), "database": connection.vendor, "endpoints": results,
    }))


if __name__ == "__main__":
    main(int(sys.argv[1]))
