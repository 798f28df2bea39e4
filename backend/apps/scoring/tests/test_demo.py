from collections import Counter

import pytest
from django.core.management import call_command

from apps.scoring.models import UserScore

pytestmark = pytest.mark.django_db


def test_the_demo_has_clients_and_masters_across_the_levels():
    call_command("seed_demo", "--scale", "3")
    levels = Counter(UserScore.objects.values_list("kind", "level"))
    print(levels)
    assert {level for kind, level in levels if kind == "client_risk"} >= {"low", "medium", "high",
                                                                           "insufficient_data"}
    assert len({level for kind, level in levels if kind == "master_performance"} - {"insufficient_data"}) >= 3
    for row in UserScore.objects.exclude(score=None):
        assert sum(r["points"] for r in row.reasons) == row.score
