"""Admins who manage masters (`masters.manage`) hear about each master waiting for approval, once
(the periodic job `alerts.masters_pending`; exactly-once through `apps.platform` alert claims)."""

from apps.common.capabilities import Capability, Role
from apps.common.formats import counted, format_datetime, language_of
from apps.platform.notifications.alerts import alerts_raise, holders_of, unclaimed
from apps.platform.notifications.services import notify_many

from .models import MasterProfile, User
from .types import AccountNotification

KIND = "master_pending"
GROUP_KEY = "alert:masters_pending"
BATCH = 200
MASTERS = {"ru": {"one": "мастер", "few": "мастера", "many": "мастеров", "other": "мастера"},
           "en": {"one": "master", "other": "masters"}}


def _pending():
    return MasterProfile.objects.filter(status=MasterProfile.Status.PENDING, user__role=Role.MASTER,
                                        user__is_active=True, user__is_banned=False)


def _texts(language: str, master: User, since, total: int) -> tuple[str, str]:
    waiting = counted(language, total, MASTERS[language])
    when = format_datetime(since, language)
    if language == "ru":
        return (f"Мастер ждёт активации: {master.public_name}",
                f"{master.public_name} ({master.username}) зарегистрировался {when} и ждёт проверки. "
                f"Всего ждут активации: {waiting}. Активируйте или отклоните в разделе «Мастера».")
    return (f"A master awaits approval: {master.public_name}",
            f"{master.public_name} ({master.username}) signed up on {when} and waits for review. "
            f"Waiting in total: {waiting}. Activate or suspend them under Masters.")


def pending_masters_alert() -> dict:
    """Tell master managers about each master waiting for approval (once per master)."""
    candidates = list(unclaimed(_pending(), kind=KIND, subject_type=User._meta.label_lower, ref="user_id")
                      .select_related("user").order_by("created_at", "pk")[:BATCH])
    if not candidates:
        return {"raised": 0}
    admins = list(holders_of(Capability.MASTERS_MANAGE))
    total = _pending().count()

    since_of = {profile.user_id: profile.created_at for profile in candidates}

    def send(master: User) -> None:
        since = since_of[master.pk]
        notify_many(users=admins, type=AccountNotification.MASTER_PENDING, subject=master, group_key=GROUP_KEY,
                    texts=lambda admin: _texts(language_of(admin.language), master, since, total),
                    data={"user_id": master.pk, "pending_total": total})

    return {"raised": alerts_raise(kind=KIND, subjects=[profile.user for profile in candidates], send=send)}


def register() -> None:
    from apps.platform.jobs import register_job

    register_job("alerts.masters_pending", pending_masters_alert, every_seconds=60)
