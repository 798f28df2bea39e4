"""The demo marketplace small and 20x larger (seed_demo, the app's own realistic data): the same
endpoint, the same role, on both. A page costs the same queries whatever the size of the
marketplace (give or take the one read that depends on what the page shows: the site's payment
settings, read once when a row needs them), and time and memory per request grow by at most 3x
and 2x at 20x the data."""

from __future__ import annotations

from ..registry import Metric, Row, Target, register
from ..sides import api_get

SMALL, LARGE = "demo_small", "demo_large"
ENDPOINTS = [
    ("client.appointments-my", "client appointments/my", "client_id", "/api/v1/appointments/my/"),
    ("client.dashboard", "client dashboard", "client_id", "/api/v1/dashboard/"),
    ("master.appointments-new", "master appointments/new", "master_id", "/api/v1/appointments/new/"),
    ("master.appointments-my", "master appointments/my", "master_id", "/api/v1/appointments/my/"),
    ("master.dashboard", "master dashboard", "master_id", "/api/v1/dashboard/"),
    ("admin.appointments-my", "admin appointments/my", "admin_id", "/api/v1/appointments/my/"),
    ("admin.admin-appointments", "admin admin/appointments", "admin_id", "/api/v1/admin/appointments/"),
    ("admin.admin-users-all", "admin admin/users/all", "admin_id", "/api/v1/admin/users/all/"),
    ("admin.admin-masters", "admin admin/masters", "admin_id", "/api/v1/admin/masters/"),
    ("admin.admin-events", "admin admin/events", "admin_id", "/api/v1/admin/events/"),
    ("admin.dashboard", "admin dashboard", "admin_id", "/api/v1/dashboard/"),
    ("admin.chat-messages", "admin chat messages", "admin_id", "/api/v1/appointments/{chat_id}/messages/"),
    ("admin.appointment-detail", "admin appointment detail", "admin_id", "/api/v1/appointments/{chat_id}/"),
]
METRICS = [
    ("queries", Metric.QUERIES, "queries", Target(difference_at_most=1)),
    ("time", Metric.P50_MS, "time", Target(ratio_at_most=3.0)),
    ("memory", Metric.PEAK_KB, "memory", Target(ratio_at_most=2.0)),
]

for key, title, who, path in ENDPOINTS:
    for suffix, metric, what, target in METRICS:
        register(Row(
            key=f"scale.{key}.{suffix}", title=f"{title}: {what}, 20x vs small marketplace",
            metric=metric, target=target,
            baseline=api_get("small", SMALL, who=who, path=path),
            candidate=api_get("20x", LARGE, who=who, path=path),
        ))
