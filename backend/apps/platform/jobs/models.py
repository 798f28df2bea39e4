from django.db import models


class JobHeartbeat(models.Model):
    """The last run of one job, for the system status page (one row per job, upserted)."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
