"""The decisions of appointments/policy.py: each rule's row predicate and its query agree for every
kind of caller and appointment, and a transition judges its actor once."""

import pytest

from apps.accounts.models import MasterProfile
from apps.appointments import policy, services
from apps.appointments.models import Appointment, AppointmentStatus
from apps.appointments.state import ActorKind
from apps.common.capabilities import AdminRole, Role

pytestmark = pytest.mark.django_db
S = AppointmentStatus


@pytest.fixture
def world(make_user, make_appointment):
    client, other_client = make_user(Role.CLIENT), make_user(Role.CLIENT)
    master, other_master = make_user(Role.MASTER), make_user(Role.MASTER)
    pending = make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING)
    appointments = [
        make_appointment(S.NEW, client=client),
        make_appointment(S.NEW, client=other_client),
        make_appointment(S.IN_REVIEW, client=client, master=master),
        make_appointment(S.PAID, client=other_client, master=other_master),
        make_appointment(S.CANCELLED, client=client, master=pending),
    ]
    callers = [client, other_client, master, other_master, pending, None,
               *[make_user(Role.ADMIN, admin_role=r.value) for r in AdminRole],
               make_user(Role.CLIENT, is_superuser=True)]
    return appointments, callers


def _ids(condition) -> set[int]:
    return set(Appointment.objects.filter(condition).values_list("pk", flat=True))


def test_each_query_selects_exactly_the_rows_its_predicate_accepts(world):
    appointments, callers = world
    for caller in callers:
        actor = policy.actor_of(caller)
        assert _ids(policy.visible_q(actor)) == {a.pk for a in appointments if policy.may_view(a, actor)}, caller
        assert _ids(policy.taking_part_q(actor)) == {a.pk for a in appointments if policy.takes_part(a, actor)}
        assert _ids(policy.queue_q()) == {a.pk for a in appointments if policy.in_queue(a)}


def test_who_sees_what(world):
    (new_own, new_other, reviewed, paid_other, cancelled), callers = world
    client, _other_client, master, _other_master, pending, anonymous, *admins = callers
    by_role = {policy.actor_of(a).user.admin_role: a for a in admins if a.admin_role}
    assert _ids(policy.visible_q(client)) == {new_own.pk, reviewed.pk, cancelled.pk}
    assert _ids(policy.visible_q(master)) == {new_own.pk, new_other.pk, reviewed.pk}  # queue + assigned
    assert _ids(policy.visible_q(pending)) == {cancelled.pk}  # assigned once, no queue
    assert _ids(policy.visible_q(anonymous)) == set()
    assert _ids(policy.visible_q(by_role["moderator"])) == set()  # no appointments.view
    assert len(_ids(policy.visible_q(by_role["analyst"]))) == 5
    assert not policy.may_download_proof(new_other, master)  # sees it in the queue, takes no part
    assert policy.may_download_proof(paid_other, by_role["finance"])


def test_actor_kinds_come_from_one_judgement(world, make_user):
    (_new, _new_other, reviewed, *_rest), (client, _c, master, *_more) = world
    assert policy.actor_kinds(reviewed, client) == {ActorKind.CLIENT_OWNER}
    assert policy.actor_kinds(reviewed, master) == {ActorKind.ASSIGNED_MASTER, ActorKind.ACTIVE_MASTER}
    finance = make_user(Role.ADMIN, admin_role="finance")
    assert policy.actor_kinds(reviewed, finance) == {ActorKind.PAYMENT_CONFIRMER, ActorKind.PAYMENT_REJECTER}


def test_a_transition_judges_its_actor_once(world, monkeypatch):
    (new_own, *_rest), (_client, _c, master, *_more) = world
    calls = []
    judge = policy.actor_of
    monkeypatch.setattr(policy, "actor_of", lambda user: calls.append(user) or judge(user))
    services.appointment_take(appointment_id=new_own.pk, actor=master)
    # one judgement in the transition; the policy's own functions reuse the Actor they are handed
    assert len([c for c in calls if not isinstance(c, policy.Actor)]) == 1


def test_active_masters_q_is_is_active_master_as_a_filter(make_user):
    from django.contrib.auth import get_user_model

    from apps.accounts.models import MasterProfile
    from apps.appointments.policy import active_masters_q, is_active_master
    from apps.common.capabilities import Role

    people = [make_user(Role.MASTER), make_user(Role.MASTER, master_status=MasterProfile.Status.PENDING),
              make_user(Role.MASTER, master_status=MasterProfile.Status.SUSPENDED),
              make_user(Role.MASTER, is_superuser=True), make_user(Role.CLIENT), make_user(Role.ADMIN)]
    users = get_user_model().objects.filter(pk__in=[p.pk for p in people]).select_related("master_profile")
    assert set(users.filter(active_masters_q())) == {p for p in users if is_active_master(p)}
