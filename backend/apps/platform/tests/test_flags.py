import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.flags.models import FeatureFlag
from apps.platform.flags.services import FlagReason, flag_create, flag_is_enabled, flags_for, rollout_bucket
from apps.platform.models import PlatformEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_seeded_flags():
    """These tests count and list flags: start without the ones migrations create (rules_engine)."""
    FeatureFlag.objects.all().delete()


def _users_in_rollout(key: str, percent: int, user_ids) -> set[int]:
    return {uid for uid in user_ids if rollout_bucket(key, uid) < percent}


def test_bucketing_is_stable_and_raising_the_percentage_only_adds_users():
    user_ids = range(1, 4001)
    assert [rollout_bucket("new-ui", uid) for uid in user_ids] == [rollout_bucket("new-ui", uid) for uid in user_ids]
    cohorts = [_users_in_rollout("new-ui", p, user_ids) for p in (0, 5, 10, 25, 50, 90, 100)]
    for smaller, larger in itertools.pairwise(cohorts):
        assert smaller <= larger
    assert cohorts[0] == set() and cohorts[-1] == set(user_ids)
    # the share is close to the percentage
    assert 0.08 * 4000 < len(cohorts[2]) < 0.12 * 4000
    assert 0.46 * 4000 < len(cohorts[4]) < 0.54 * 4000
    # each flag buckets independently, so one flag's 10% is not every flag's 10%
    other = _users_in_rollout("chat-v2", 10, user_ids)
    assert len(other & cohorts[2]) < 0.3 * len(other)


def test_percentage_rollout_through_flag_is_enabled(make_user, django_capture_on_commit_callbacks):
    users = [make_user() for _ in range(60)]
    flag = FeatureFlag.objects.create(key="gradual", enabled=True, rollout_percent=30)
    first = {u.pk for u in users if flag_is_enabled("gradual", user=u)}
    assert first == _users_in_rollout("gradual", 30, [u.pk for u in users])
    for u in users:
        decision = flag_is_enabled("gradual", user=u)
        assert decision.reason == (FlagReason.IN_ROLLOUT if u.pk in first else FlagReason.OUTSIDE_ROLLOUT)
    with django_capture_on_commit_callbacks(execute=True):
        flag.rollout_percent = 60
        flag.save()
    second = {u.pk for u in users if flag_is_enabled("gradual", user=u)}
    assert first < second


def test_targeting_order_and_reasons(make_user, django_capture_on_commit_callbacks):
    client, master, admin, vip, blocked = (make_user(Role.CLIENT), make_user(Role.MASTER), make_user(Role.ADMIN),
                                           make_user(Role.CLIENT), make_user(Role.MASTER))
    flag = FeatureFlag.objects.create(key="masters-only", enabled=True, rollout_percent=100, roles=["master"])
    flag.allowed_users.add(vip)
    flag.denied_users.add(blocked)

    def decide(user):
        d = flag_is_enabled("masters-only", user=user)
        return bool(d), d.reason

    assert decide(master) == (True, FlagReason.FULL_ROLLOUT)
    assert decide(client) == (False, FlagReason.ROLE_NOT_TARGETED)
    assert decide(admin) == (False, FlagReason.ROLE_NOT_TARGETED)
    assert decide(vip) == (True, FlagReason.ALLOWED_USER)  # allowed beats the role filter
    assert decide(blocked) == (False, FlagReason.DENIED_USER)  # denied beats the role
    assert decide(AnonymousUser()) == (False, FlagReason.ROLE_NOT_TARGETED)
    assert decide(None) == (False, FlagReason.ROLE_NOT_TARGETED)

    with django_capture_on_commit_callbacks(execute=True):
        flag.enabled = False  # the kill switch beats everything, the allow list included
        flag.save()
    assert decide(vip) == (False, FlagReason.DISABLED)
    assert decide(master) == (False, FlagReason.DISABLED)

    assert flag_is_enabled("no-such-flag", user=master) == flag_is_enabled("no-such-flag", user=None)
    assert flag_is_enabled("no-such-flag", user=master).reason == FlagReason.UNKNOWN


def test_anonymous_users_only_get_flags_that_are_on_for_everyone():
    FeatureFlag.objects.create(key="everyone", enabled=True, rollout_percent=100)
    FeatureFlag.objects.create(key="half", enabled=True, rollout_percent=50)
    assert flag_is_enabled("everyone", user=AnonymousUser())
    decision = flag_is_enabled("half", user=AnonymousUser())
    assert not decision and decision.reason == FlagReason.ANONYMOUS


def test_evaluation_is_cached_and_invalidated_on_change(make_user, django_assert_num_queries,
                                                        django_capture_on_commit_callbacks, as_user):
    user, admin = make_user(), make_user(Role.ADMIN)
    FeatureFlag.objects.create(key="cached", enabled=True)
    assert flag_is_enabled("cached", user=user)
    with django_assert_num_queries(0):
        assert flag_is_enabled("cached", user=user)
        assert flags_for(user=user) == {"cached": True}
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin).patch("/api/v1/admin/flags/cached/", {"enabled": False}, format="json")
    assert response.status_code == 200
    assert not flag_is_enabled("cached", user=user)  # the cache was dropped on commit
    with django_capture_on_commit_callbacks(execute=True):
        as_user(admin).patch("/api/v1/admin/flags/cached/", {"enabled": True, "denied_users": [user.pk]}, format="json")
    assert flag_is_enabled("cached", user=user).reason == FlagReason.DENIED_USER


def test_flags_endpoint_evaluates_for_the_caller(api, as_user, make_user):
    master, client = make_user(Role.MASTER), make_user(Role.CLIENT)
    FeatureFlag.objects.create(key="for-masters", enabled=True, roles=["master"])
    FeatureFlag.objects.create(key="off", enabled=False)
    FeatureFlag.objects.create(key="everyone", enabled=True)
    assert as_user(master).get("/api/v1/flags/").json() == {"everyone": True, "for-masters": True, "off": False}
    assert as_user(client).get("/api/flags/").json() == {"everyone": True, "for-masters": False, "off": False}
    assert api.get("/api/v1/flags/").json() == {"everyone": True, "for-masters": False, "off": False}


# --- admin CRUD -------------------------------------------------------------------------------

def test_admin_crud_is_audited(as_user, make_user, django_capture_on_commit_callbacks):
    admin, tester, other = make_user(Role.ADMIN), make_user(), make_user()
    api = as_user(admin)
    created = api.post("/api/v1/admin/flags/", {
        "key": "new-checkout", "description": "New checkout flow", "enabled": True, "rollout_percent": 10,
        "roles": ["client", "client"], "allowed_users": [tester.pk],
    }, format="json", HTTP_USER_AGENT="pytest-agent")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["key"] == "new-checkout" and body["roles"] == ["client"] and body["allowed_users"] == [tester.pk]
    entry = AuditEntry.objects.get(action="flag.created")
    assert entry.actor == admin and entry.target_repr == "new-checkout" and entry.user_agent == "pytest-agent"
    assert entry.changes["rollout_percent"] == [None, 10]

    changed = api.patch("/api/v1/admin/flags/new-checkout/",
                        {"rollout_percent": 50, "denied_users": [other.pk], "description": "New checkout flow"},
                        format="json")
    assert changed.status_code == 200 and changed.json()["rollout_percent"] == 50
    update = AuditEntry.objects.get(action="flag.updated")
    assert update.changes == {"rollout_percent": [10, 50], "denied_users": [[], [other.pk]]}
    assert api.get("/api/v1/admin/flags/new-checkout/").json()["denied_users"] == [other.pk]

    # a PATCH that changes nothing is not an audit entry
    api.patch("/api/v1/admin/flags/new-checkout/", {"rollout_percent": 50}, format="json")
    assert AuditEntry.objects.filter(action="flag.updated").count() == 1

    assert api.delete("/api/v1/admin/flags/new-checkout/").status_code == 204
    assert not FeatureFlag.objects.exists()
    deleted = AuditEntry.objects.get(action="flag.deleted")
    assert deleted.changes["enabled"] == [True, None]
    assert list(PlatformEvent.objects.filter(type="flag.changed").values_list("payload__action", flat=True)
                .order_by("id")) == ["flag.created", "flag.updated", "flag.deleted"]
    assert api.get("/api/v1/admin/flags/new-checkout/").status_code == 404
    assert api.delete("/api/v1/admin/flags/new-checkout/").status_code == 404


@pytest.mark.parametrize("payload, code", [
    ({"key": "Bad Key"}, "invalid"),
    ({"key": ""}, "blank"),
    ({"key": "ok", "rollout_percent": 101}, "max_value"),
    ({"key": "ok", "rollout_percent": -1}, "min_value"),
    ({"key": "ok", "roles": ["wizard"]}, "invalid_choice"),
    ({"key": "ok", "allowed_users": [999999]}, "unknown_user"),
    ({"key": "ok", "allowed_users": ["x"]}, "invalid"),
    ({"key": "ok", "enabled": "maybe"}, "invalid"),
])
def test_admin_create_validation(as_user, admin_user, payload, code):
    response = as_user(admin_user).post("/api/v1/admin/flags/", payload, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code
    assert not FeatureFlag.objects.exists()


def test_a_user_cannot_be_both_allowed_and_denied(as_user, admin_user, make_user):
    user = make_user()
    response = as_user(admin_user).post("/api/v1/admin/flags/", {"key": "x", "allowed_users": [user.pk],
                                                                 "denied_users": [user.pk]}, format="json")
    assert response.status_code == 400
    assert "denied_users" in response.json()["errors"]


def test_duplicate_key_is_a_conflict(as_user, admin_user):
    flag_create(actor=admin_user, key="dup")
    response = as_user(admin_user).post("/api/v1/admin/flags/", {"key": "dup"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "flag_exists"


def test_flag_admin_needs_flags_manage(api, as_user, make_user):
    FeatureFlag.objects.create(key="secret-feature")
    assert api.get("/api/v1/admin/flags/").status_code == 401
    for user in (make_user(Role.CLIENT), make_user(Role.MASTER), make_user(Role.ADMIN, admin_role="support"),
                 make_user(Role.ADMIN, admin_role="analyst")):
        client = as_user(user)
        assert client.get("/api/v1/admin/flags/").status_code == 403
        assert client.post("/api/v1/admin/flags/", {"key": "mine"}, format="json").status_code == 403
        assert client.patch("/api/v1/admin/flags/secret-feature/", {"enabled": True}, format="json").status_code == 403
        assert client.delete("/api/v1/admin/flags/secret-feature/").status_code == 403
    assert FeatureFlag.objects.get().enabled is False
    assert not AuditEntry.objects.exists()


def test_django_admin_changes_are_audited(client, make_user):
    root = make_user(Role.ADMIN, is_superuser=True)
    client.force_login(root)
    response = client.post("/django-admin/platform/featureflag/add/", {
        "key": "from-admin", "description": "", "enabled": "on", "rollout_percent": 20, "roles": "[]",
    })
    assert response.status_code == 302, response.content[:2000]
    flag = FeatureFlag.objects.get(key="from-admin")
    response = client.post(f"/django-admin/platform/featureflag/{flag.pk}/change/", {
        "key": "from-admin", "description": "", "enabled": "on", "rollout_percent": 40, "roles": "[]",
    })
    assert response.status_code == 302
    assert list(AuditEntry.objects.order_by("id").values_list("action", "actor_username")) == [
        ("flag.created", root.username), ("flag.updated", root.username)]
    assert AuditEntry.objects.get(action="flag.updated").changes == {"rollout_percent": [20, 40]}
    refused = client.post(f"/django-admin/platform/featureflag/{flag.pk}/change/", {
        "key": "from-admin", "description": "", "enabled": "on", "rollout_percent": 40, "roles": '["wizard"]',
    })
    assert refused.status_code == 200 and b"A list of roles" in refused.content
    client.post(f"/django-admin/platform/featureflag/{flag.pk}/delete/", {"post": "yes"})
    assert not FeatureFlag.objects.exists()
    assert AuditEntry.objects.filter(action="flag.deleted").exists()


@pytest.mark.parametrize("page_size", [5, 50])
def test_admin_flag_list_query_count(as_user, make_user, django_assert_max_num_queries, page_size):
    admin = make_user(Role.ADMIN)
    users = [make_user() for _ in range(3)]
    for i in range(60):
        flag = FeatureFlag.objects.create(key=f"flag-{i:02d}", enabled=bool(i % 2))
        flag.allowed_users.set(users[:2])
        flag.denied_users.set(users[2:])
    api = as_user(admin)
    with django_assert_max_num_queries(5):  # user, count, page, allowed, denied
        response = api.get(f"/api/v1/admin/flags/?page_size={page_size}")
    results = response.json()["results"]
    assert len(results) == page_size
    assert results[0]["allowed_users"] == [users[0].pk, users[1].pk]


def test_flags_endpoint_query_count_does_not_grow_with_flags(api, django_assert_max_num_queries):
    for i in range(50):
        FeatureFlag.objects.create(key=f"f{i}", enabled=True)
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/flags/").json()) == 50
    with django_assert_max_num_queries(0):
        api.get("/api/v1/flags/")
