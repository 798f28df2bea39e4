import pytest
from django.db import connection

from apps.accounts.models import User
from apps.common.sqlite import unicode_like


@pytest.mark.django_db
def test_case_insensitive_search_works_for_cyrillic(make_user):
    make_user(username="ivan", display_name="Иван Сантехник")
    make_user(username="olga", display_name="Ольга")
    found = set(User.objects.filter(display_name__icontains="сантехник").values_list("username", flat=True))
    assert found == {"ivan"}
    assert User.objects.filter(display_name__istartswith="ОЛЬ").count() == 1
    assert User.objects.filter(display_name__icontains="100%").count() == 0  # wildcards in input are literal


def test_like_semantics():
    assert unicode_like("%сант%", "Иван САНТЕХНИК") == 1
    assert unicode_like("a_c", "ABC") == 1
    assert unicode_like("a_c", "abbc") == 0
    assert unicode_like("100\\%%", "100% done", "\\") == 1
    assert unicode_like("100\\%%", "1000 done", "\\") == 0
    assert unicode_like(None, "x") is None


@pytest.mark.django_db
def test_only_sqlite_gets_the_function():
    assert connection.vendor in ("sqlite", "postgresql")
