"""Driving appointments through the real transitions for the SLA tests."""

from decimal import Decimal

from apps.appointments import services
from apps.appointments.models import SlaClock
from apps.common.capabilities import Role

from .helpers import image_bytes, upload


def clocks(appointment) -> list[tuple[str, int, str]]:
    return [(c.stage, c.cycle, c.state) for c in SlaClock.objects.filter(appointment=appointment).order_by("id")]


def drive(make_user, to: str, *, client=None, master=None):
    """A new appointment moved along the happy path to `to` (take, price, paid, confirmed, started)."""
    client = client or make_user(Role.CLIENT)
    master = master or make_user(Role.MASTER)
    appointment = services.appointment_create(client=client, title="Haircut")
    steps = ["take", "price", "paid", "confirmed", "started", "completed"]
    for step in steps[: steps.index(to) + 1] if to != "new" else []:
        pk = appointment.pk
        if step == "take":
            services.appointment_take(appointment_id=pk, actor=master)
        elif step == "price":
            services.appointment_set_price(appointment_id=pk, actor=master, price=Decimal("100"))
        elif step == "paid":
            services.appointment_mark_paid(appointment_id=pk, actor=client, upload=upload(image_bytes()))
        elif step == "confirmed":
            services.appointment_confirm_payment(appointment_id=pk, actor=master)
        elif step == "started":
            services.appointment_start(appointment_id=pk, actor=master)
        elif step == "completed":
            services.appointment_complete(appointment_id=pk, actor=master)
    appointment.refresh_from_db()
    return appointment
