"""One flag vocabulary per direction, positive and negative both ways, the same in the API's
validation and in the OpenAPI schema the SPA's types are generated from."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from apps.reviews.types import CLIENT_FLAGS, MASTER_FLAGS, NEGATIVE_FLAGS, POSITIVE_FLAGS, REVIEW_FLAGS

pytestmark = pytest.mark.django_db

# What the product promised (SPEC 5) and what reviews already carry: all of it stays valid.
PROMISED = {"master": {"late", "poor_quality", "rude", "excellent", "punctual", "polite", "clean"},
            "client": {"no_show", "late", "rude", "payment_issue", "polite", "punctual"}}


def test_each_direction_has_positive_and_negative_flags():
    for vocabulary in (MASTER_FLAGS, CLIENT_FLAGS):
        assert set(vocabulary) & POSITIVE_FLAGS and set(vocabulary) & NEGATIVE_FLAGS
        assert set(vocabulary) <= POSITIVE_FLAGS | NEGATIVE_FLAGS
        positives = [f in POSITIVE_FLAGS for f in vocabulary]
        assert positives == sorted(positives, reverse=True)  # positive ones first
    assert PROMISED["master"] <= set(MASTER_FLAGS) and PROMISED["client"] <= set(CLIENT_FLAGS)
    assert set(REVIEW_FLAGS) == set(MASTER_FLAGS) | set(CLIENT_FLAGS)


@pytest.mark.parametrize(("side", "vocabulary", "other"), [("master", MASTER_FLAGS, CLIENT_FLAGS),
                                                           ("client", CLIENT_FLAGS, MASTER_FLAGS)])
def test_every_flag_of_a_direction_is_accepted_and_only_those(side, vocabulary, other, completed, review):
    for flag in vocabulary:
        job = completed()
        author = job.client if side == "master" else job.master
        assert review(author, job, side, flags=[flag])["flags"] == [flag]
    for flag in sorted(set(other) - set(vocabulary)):
        job = completed()
        author = job.client if side == "master" else job.master
        body = review(author, job, side, expect=400, flags=[flag])
        assert "flags" in body["errors"]


def test_the_schema_names_each_vocabulary():
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    assert schemas["MasterFlagEnum"]["enum"] == MASTER_FLAGS
    assert schemas["ClientFlagEnum"]["enum"] == CLIENT_FLAGS
    assert schemas["ReviewFlagEnum"]["enum"] == REVIEW_FLAGS
    assert schemas["ReviewMasterInputRequest"]["properties"]["flags"]["items"] == {
        "$ref": "#/components/schemas/MasterFlagEnum"}
    assert schemas["ReviewClientInputRequest"]["properties"]["flags"]["items"] == {
        "$ref": "#/components/schemas/ClientFlagEnum"}
    assert schemas["Review"]["properties"]["flags"]["items"] == {"$ref": "#/components/schemas/ReviewFlagEnum"}
