import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.common.capabilities import Role


@pytest.mark.django_db(transaction=True)
def test_concurrent_bootstrap_creates_exactly_one_admin():
    barrier = threading.Barrier(5)
    statuses: list[int] = []
    lock = threading.Lock()

    def worker(i: int):
        barrier.wait()
        try:
            status = APIClient().post("/api/v1/auth/bootstrap-admin/",
                                      {"username": f"admin{i}", "password": "Very-secret-42"}).status_code
        finally:
            connection.close()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201, 409, 409, 409, 409]
    assert User.objects.filter(role=Role.ADMIN).count() == 1


@pytest.mark.django_db
def test_bootstrap_validates_input(api):
    assert api.post("/api/v1/auth/bootstrap-admin/", {"username": "a b", "password": "Very-secret-42"}).status_code == 400
    weak = api.post("/api/v1/auth/bootstrap-admin/", {"username": "owner", "password": "short"})
    assert weak.status_code == 400
    assert not User.objects.exists()
