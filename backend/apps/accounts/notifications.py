"""Who hears about account changes: platform event handlers, run after commit (a failure here never
undoes the change)."""

from django.contrib.auth import get_user_model

from apps.common.capabilities import Capability
from apps.common.formats import language_of
from apps.platform.events.services import register_handler
from apps.platform.notifications.services import notify
from apps.platform.notifications.types import NotificationSpec, PlatformNotification

from .types import AccountEvents, AccountNotification

NOTIFICATION_TYPES = {
    AccountNotification.MASTER_STATUS: NotificationSpec("Your master profile was activated or suspended.",
                                                        critical=True),
    AccountNotification.MASTER_PENDING: NotificationSpec("A master waits for approval (admins).",
                                                         audience=frozenset({Capability.MASTERS_MANAGE})),
}

TEXTS: dict[AccountEvents, dict[str, tuple[str, str]]] = {
    AccountEvents.MASTER_ACTIVATED: {
        "ru": ("Профиль мастера активирован", "Теперь вы видите новые заявки и можете их брать."),
        "en": ("Your master profile is active", "You can now see and take new requests."),
    },
    AccountEvents.MASTER_SUSPENDED: {
        "ru": ("Профиль мастера приостановлен", "Новые заявки вам пока недоступны. {reason}"),
        "en": ("Your master profile is suspended", "New requests are unavailable for now. {reason}"),
    },
    AccountEvents.USER_ROLE_CHANGED: {
        "ru": ("Ваша роль изменена", "Новая роль: {role}."),
        "en": ("Your role has changed", "Your new role: {role}."),
    },
}
ROLE_WORDS = {
    "client": {"ru": "клиент", "en": "client"},
    "master": {"ru": "мастер", "en": "master"},
    "admin": {"ru": "администратор", "en": "admin"},
}

KIND = {
    AccountEvents.MASTER_ACTIVATED: AccountNotification.MASTER_STATUS,
    AccountEvents.MASTER_SUSPENDED: AccountNotification.MASTER_STATUS,
    AccountEvents.USER_ROLE_CHANGED: PlatformNotification.SYSTEM,
}


def _notify_subject_user(event) -> None:
    user = get_user_model().objects.filter(pk=event.subject_id).first() if event.subject_id else None
    if user is None:
        return
    event_type = AccountEvents(event.type)
    title, body = TEXTS[event_type].get(user.language, TEXTS[event_type]["en"])
    role = (event.payload.get("to") or {}).get("role", "")
    context = {"reason": event.payload.get("reason", ""),
               "role": ROLE_WORDS.get(role, {}).get(language_of(user.language), role)}
    notify(user=user, type=KIND[event_type], title=title, body=body.format(**context).strip(), subject=user,
           data={"event": event.type, **{k: v for k, v in {"reason": context["reason"], "role": role}.items() if v}})


def register() -> None:
    for event_type in TEXTS:
        register_handler(event_type, _notify_subject_user)
