import pytest

from apps.common.capabilities import Role


@pytest.fixture
def make_admin(make_user):
    """An admin with `admin_role` ("" is the backward default: a super admin)."""

    def make(admin_role: str = "", **fields):
        return make_user(Role.ADMIN, admin_role=admin_role, **fields)

    return make


@pytest.fixture
def super_api(make_admin, as_user):
    return as_user(make_admin())
