"""Labels of the accounts app's rows for the admin's event and audit lists (apps.platform.labels)."""

from collections.abc import Sequence

from apps.platform.labels import register_labeler, register_user_names

from .models import SiteSettings, User

USER = {"ru": "Пользователь {name}", "en": "User {name}"}
SITE_SETTINGS = {"ru": "Настройки сайта", "en": "Site settings"}


def names_of_users(ids: Sequence[int]) -> dict[int, str]:
    """The name people know each user by (`User.public_name`), in one query."""
    rows = User.objects.filter(pk__in=list(ids)).only("id", "username", "display_name", "first_name", "last_name")
    return {user.pk: user.public_name for user in rows}


def _user_phrase(name: str, language: str) -> str:
    return USER[language].format(name=name)


def _site_settings_labels(ids: Sequence[str], language: str) -> dict[str, str]:
    return dict.fromkeys(ids, SITE_SETTINGS[language])


def register() -> None:
    register_user_names(User._meta.label_lower, names_of_users, _user_phrase)
    register_labeler(SiteSettings._meta.label_lower, _site_settings_labels)
