"""The admin's event and audit lists carry words a person reads: who (`actor_label`) did it to what
(`target_label`), in the reader's language, at a fixed number of queries per page."""

import pytest

from apps.accounts.models import SiteSettings
from apps.accounts.types import AccountEvents
from apps.chat.models import Message
from apps.common.capabilities import Role
from apps.platform.audit.models import AuditEntry
from apps.platform.audit.services import audit_record
from apps.platform.events.models import PlatformEvent
from apps.platform.events.services import emit
from apps.platform.flags.models import FeatureFlag
from apps.reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user, make_appointment):
    """One of every kind of subject the logs point at."""
    olga = make_user(Role.CLIENT, display_name="Ольга Л.")
    master = make_user(Role.MASTER, display_name="Пётр С.")
    appointment = make_appointment("COMPLETED", client=olga, master=master, title="Стрижка")
    message = Message.objects.create(appointment=appointment, sender=olga, text="Здравствуйте")
    review = Review.objects.create(appointment=appointment, direction="client_to_master", author=olga,
                                   subject=master, rating=5)
    flag = FeatureFlag.objects.create(key="new_checkout")
    site = SiteSettings.load()
    return {"olga": olga, "master": master, "appointment": appointment, "message": message, "review": review,
            "flag": flag, "site": site}


def _record_everything(world, times: int = 1) -> None:
    subjects = [world[k] for k in ("olga", "appointment", "message", "review", "flag", "site")]
    for i in range(times):
        subject = subjects[i % len(subjects)]
        actor = world["olga"] if i % 3 else world["master"]
        emit(AccountEvents.USER_PROFILE_UPDATED, actor=actor, subject=subject)
        audit_record(actor=actor, action="user.profile_updated", target=subject)
    emit(AccountEvents.USER_LOGIN_FAILED, actor=None, subject=None)
    audit_record(actor=None, action="auth.login_failed", target=None)


@pytest.mark.parametrize("log", ["events", "audit"])
def test_labels_in_russian(log, world, make_user, as_user):
    _record_everything(world, times=6)
    admin = make_user(Role.ADMIN, language="ru")
    rows = as_user(admin).get(f"/api/v1/admin/{log}/?page_size=50").json()["results"]
    labels = {row["target_label"] for row in rows}
    appointment, message, review = world["appointment"], world["message"], world["review"]
    assert {
        "Пользователь Ольга Л.",
        f"Заявка #{appointment.pk} «Стрижка»",
        f"Сообщение #{message.pk} в чате: Заявка #{appointment.pk} «Стрижка»",
        f"Отзыв клиента о мастере: Заявка #{appointment.pk} «Стрижка»",
        "Флаг «new_checkout»",
        "Настройки сайта",
        "",  # a failed login of nobody known has no target
    } == labels
    assert {row["actor_label"] for row in rows} == {"Ольга Л.", "Пётр С.", "Система"}
    assert review.pk  # (the review is labelled through its appointment)


def test_labels_follow_the_readers_language(world, make_user, as_user):
    _record_everything(world, times=2)
    admin = make_user(Role.ADMIN, language="en")
    rows = as_user(admin).get("/api/v1/admin/audit/").json()["results"]
    assert {row["target_label"] for row in rows} == {"User Ольга Л.", f"Request #{world['appointment'].pk} “Стрижка”",
                                                     ""}
    assert "System" in {row["actor_label"] for row in rows}


def test_a_gone_row_falls_back_to_what_was_written(world, make_user, as_user):
    flag = world["flag"]
    audit_record(actor=world["olga"], action="flag.deleted", target=flag)
    entry = AuditEntry.objects.get(action="flag.deleted")
    flag.delete()
    row = as_user(make_user(Role.ADMIN)).get("/api/v1/admin/audit/").json()["results"][0]
    assert row["id"] == entry.pk and row["target_label"] == entry.target_repr == str(flag)


@pytest.mark.parametrize("page_size", [5, 40])
@pytest.mark.parametrize(("log", "budget"), [("events", 8), ("audit", 8)])
def test_labels_cost_the_same_queries_at_any_page_size(log, budget, page_size, world, make_user, as_user,
                                                       django_assert_max_num_queries):
    _record_everything(world, times=60)
    admin = make_user(Role.ADMIN)
    api = as_user(admin)
    # caller, count, page, users (actors and user targets at once), one per other subject type on the
    # page (appointment, message, review, flag, site settings)
    with django_assert_max_num_queries(budget):
        response = api.get(f"/api/v1/admin/{log}/?page_size={page_size}")
    rows = response.json()["results"]
    assert len(rows) == page_size
    assert all(row["target_label"] and row["actor_label"] for row in rows if row.get("subject_id") or
               row.get("target_id"))
    assert PlatformEvent.objects.count() > page_size
