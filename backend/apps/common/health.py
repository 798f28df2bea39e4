from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def liveness(request):
    """The process answers; nothing else is checked (no database)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readiness(request):
    """Ready when the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready", never a 500
        return JsonResponse(
            {"status": "unavailable", "database": "unreachable", "detail": exc.__class__.__name__,
             "code": "database_unavailable"},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
