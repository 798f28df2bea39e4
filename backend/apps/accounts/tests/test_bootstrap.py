
import pytest

from apps.accounts.models import User
from apps.common.capabilities import Role
from apps.common.testing import api_at_once


@pytest.mark.django_db(transaction=True)
def test_concurrent_bootstrap_creates_exactly_one_admin():
    statuses = api_at_once([(None, "post", "/api/v1/auth/bootstrap-admin/",
                             {"username": f"admin{i}", "password": "Very-secret-42"}) for i in range(5)])
    assert sorted(statuses) == [201, 409, 409, 409, 409]
    assert User.objects.filter(role=Role.ADMIN).count() == 1


@pytest.mark.django_db
def test_bootstrap_validates_input(api):
    assert api.post("/api/v1/auth/bootstrap-admin/", {"username": "a b", "password": "Very-secret-42"}).status_code == 400
    weak = api.post("/api/v1/auth/bootstrap-admin/", {"username": "owner", "password": "short"})
    assert weak.status_code == 400
    assert not User.objects.exists()
