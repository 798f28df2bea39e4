"""How a stored payment proof reaches the one who may download it: found and checked through the
selectors (404 otherwise), then streamed by Django, or handed to nginx's internal location with
`X-Accel-Redirect` in production. Private, never cached, never sniffed."""

from django.conf import settings
from django.http import FileResponse, HttpResponse

from apps.common.errors import NotFound

from . import policy
from .selectors import appointment_get_visible
from .storage import private_storage

PROOF_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def payment_proof_response(*, appointment_id, user) -> HttpResponse:
    appointment = appointment_get_visible(appointment_id=appointment_id, user=user)
    if not policy.may_download_proof(appointment, user) or not appointment.payment_proof:
        raise NotFound()
    name = appointment.payment_proof.name
    extension = name.rsplit(".", 1)[-1]
    if settings.PRIVATE_MEDIA_ACCEL_PREFIX:
        response = HttpResponse(content_type=appointment.payment_proof_content_type)
        response["X-Accel-Redirect"] = settings.PRIVATE_MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + name
    else:
        if not private_storage.exists(name):
            raise NotFound()
        response = FileResponse(private_storage.open(name, "rb"), content_type=appointment.payment_proof_content_type)
    disposition = "attachment" if extension == "pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="payment-proof-{appointment.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = PROOF_CSP
    return response
