"""Fixtures every test can use: an API client, users of each role, and a way to act as one."""

import itertools

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from apps.accounts.models import MasterProfile, User
from apps.common.capabilities import Role

PASSWORD = "Str0ng-pass-phrase"
_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_dirs(settings, tmp_path):
    """Each test writes uploads under its own folder (parallel workers never share files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def make_user(db):
    def make(role: str = Role.CLIENT, *, username: str | None = None, password: str = PASSWORD,
             master_status: str = MasterProfile.Status.ACTIVE, admin_role: str = "", **fields) -> User:
        username = username or f"{role}{next(_seq)}"
        user = User(username=username, role=role, admin_role=admin_role, display_name=fields.pop(
            "display_name", username.title()), **fields)
        user.set_password(password)
        if role == Role.ADMIN:
            user.is_staff = True
        user.save()
        if role == Role.MASTER:
            MasterProfile.objects.create(user=user, status=master_status)
        return user

    return make


@pytest.fixture
def client_user(make_user) -> User:
    return make_user(Role.CLIENT)


@pytest.fixture
def master_user(make_user) -> User:
    return make_user(Role.MASTER)


@pytest.fixture
def admin_user(make_user) -> User:
    return make_user(Role.ADMIN)


@pytest.fixture
def as_user():
    """An APIClient that sends `user`'s bearer token, as the SPA does."""

    def make(user: User) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
        return client

    return make


@pytest.fixture
def make_appointment(db, make_user):
    """An appointment already in `status`, with a consistent master, price and stage timestamps
    (built directly, as if the lifecycle had run; the lifecycle tests drive the real transitions)."""
    from decimal import Decimal

    from django.utils import timezone

    from apps.appointments.models import Appointment, AppointmentStatus
    from apps.appointments.state import FLOW, NEEDS_MASTER, NEEDS_PRICE, STAGE_TIMESTAMPS

    def make(status: str = AppointmentStatus.NEW, *, client: User | None = None, master: User | None = None,
             price: Decimal | None = None, title: str = "Haircut", **fields) -> Appointment:
        status = AppointmentStatus(status)
        client = client or make_user(Role.CLIENT)
        if status in NEEDS_MASTER and master is None:
            master = make_user(Role.MASTER)
        if status in NEEDS_PRICE and price is None:
            price = Decimal("1500.00")
        now = timezone.now()
        stamps = {}
        for reached in FLOW[1 : FLOW.index(status) + 1] if status in FLOW else [status]:
            if reached in STAGE_TIMESTAMPS:
                stamps[STAGE_TIMESTAMPS[reached]] = now
        return Appointment.objects.create(client=client, master=master, status=status, price=price, title=title,
                                          description="Short men's haircut", **{**stamps, **fields})

    return make
