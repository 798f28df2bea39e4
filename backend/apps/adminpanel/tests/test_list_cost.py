"""What a user list costs per row: the master profile's nested serializer is built once per list,
not once per master (a ModelSerializer introspects its model to build its fields; per row that
cost more than the rest of the row: make bench, lists.floor.admin-users-all)."""

import pytest

from apps.adminpanel.api import serializers
from apps.common.capabilities import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/admin/users/?page_size=50", "/api/v1/admin/users/all/?page_size=50",
                                 "/api/v1/admin/masters/?page_size=50"])
def test_profile_serializer_built_once_per_list(make_user, make_admin, as_user, monkeypatch, url):
    for _ in range(12):
        make_user(Role.MASTER)
    built = []
    original = serializers.AdminMasterProfileSerializer.__init__

    def counting(self, *args, **kwargs):
        built.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(serializers.AdminMasterProfileSerializer, "__init__", counting)
    response = as_user(make_admin("super_admin")).get(url)
    assert response.status_code == 200
    profiles = [row["master_profile"] for row in response.json()["results"] if row["master_profile"]]
    assert len(profiles) == 12 and {p["status"] for p in profiles} == {"active"}
    assert len(built) == 1
