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
