"""The rating summaries moved from accounts' MasterProfile to reviews' MasterRating without being
recomputed: the migration copies them over, and back when reversed."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("accounts", "0001_initial"), ("reviews", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_the_summaries_move_to_reviews_and_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate(BEFORE)
        User, MasterProfile = old.get_model("accounts", "User"), old.get_model("accounts", "MasterProfile")
        rated = User.objects.create(username="rated", role="master")
        MasterProfile.objects.create(user=rated, rating_avg=Decimal("4.50"), rating_count=2,
                                     rating_distribution={"4": 1, "5": 1})
        unrated = User.objects.create(username="unrated", role="master")
        MasterProfile.objects.create(user=unrated)

        new = _migrate(latest)
        MasterRating = new.get_model("reviews", "MasterRating")
        moved = MasterRating.objects.get(master_id=rated.pk)
        assert (moved.average, moved.count, moved.distribution) == (Decimal("4.50"), 2, {"4": 1, "5": 1})
        assert not MasterRating.objects.filter(master_id=unrated.pk).exists()
        MasterRating.objects.filter(master_id=rated.pk).update(count=3)

        back = _migrate(BEFORE).get_model("accounts", "MasterProfile")
        assert back.objects.get(user_id=rated.pk).rating_count == 3
    finally:
        _migrate(latest)
