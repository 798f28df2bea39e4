"""The Django admin names every model and field of the product in Russian (the site's language):
verbose names are gettext_lazy strings, translated in apps/common/locale/ru (compiled .mo in the
repository, kept in step with the .po by this test)."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.apps import apps
from django.utils import translation
from django.utils.functional import Promise

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "ru" / "LC_MESSAGES"
OUR_APPS = ["accounts", "appointments", "chat", "reviews", "platform", "adminpanel", "analytics"]
# Names that read the same in both languages.
SAME = {"ID", "Telegram ID"}


def _messages(catalog) -> dict[str, str]:
    return {m.id: m.string for m in catalog if m.id}


def test_the_compiled_catalog_is_the_source():
    with (LOCALE / "django.po").open("rb") as po, (LOCALE / "django.mo").open("rb") as mo:
        source, compiled = _messages(read_po(po)), _messages(read_mo(mo))
    assert source == compiled, "run `python manage.py compilemessages -l ru` in backend/"
    assert all(source.values()), [k for k, v in source.items() if not v]


def _names():
    for label in OUR_APPS:
        config = apps.get_app_config(label)
        yield f"{label} (app)", config.verbose_name
        for model in config.get_models():
            yield f"{model._meta.label}", model._meta.verbose_name
            yield f"{model._meta.label} (plural)", model._meta.verbose_name_plural
            for field in model._meta.local_fields + model._meta.local_many_to_many:
                if field.auto_created:  # the primary key "ID"
                    continue
                yield f"{model._meta.label}.{field.name}", field.verbose_name


@pytest.mark.parametrize(("where", "name"), list(_names()), ids=lambda value: str(value))
def test_every_model_and_field_has_a_russian_name(where, name):
    assert isinstance(name, Promise), f"{where}: use gettext_lazy for verbose names"
    with translation.override("en"):
        english = str(name)
    with translation.override("ru"):
        russian = str(name)
    assert russian != english or english in SAME, f"{where}: no Russian for {english!r}"


@pytest.mark.django_db
def test_the_admin_speaks_russian(client, make_user, make_appointment):
    from apps.common.capabilities import Role

    admin = make_user(Role.ADMIN, username="root", is_superuser=True)
    client.force_login(admin)
    appointment = make_appointment("NEW")
    index = client.get("/django-admin/").content.decode()
    assert "Заявки" in index and "Учётные записи" in index and "Журнал аудита" in index
    page = client.get(f"/django-admin/appointments/appointment/{appointment.pk}/change/").content.decode()
    assert "Название" in page and "Причина отмены" in page and "Клиент" in page
