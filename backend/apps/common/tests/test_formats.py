"""Values as people read them: the server's texts use the same conventions as the SPA's Intl."""

from datetime import UTC, datetime
from decimal import Decimal

from apps.common.formats import counted, format_datetime, format_money

NBSP = "\xa0"


def test_money_per_locale():
    assert format_money(Decimal("2500"), "RUB", "ru") == f"2{NBSP}500,00{NBSP}₽"
    assert format_money("2500", "RUB", "en") == "₽2,500.00"
    assert format_money(Decimal("0.5"), "USD", "en") == "$0.50"
    assert format_money(10, "EUR", "ru") == f"10,00{NBSP}€"
    assert format_money(None, "RUB", "ru") == ""
    assert format_money(1, "RUB", "de") == "₽1.00"  # unknown languages read English


def test_dates_in_the_site_time_zone(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    moment = datetime(2026, 3, 12, 11, 5, 33, tzinfo=UTC)
    assert format_datetime(moment, "ru") == "12 мар. 2026\u202fг., 14:05"  # CLDR: narrow no-break space
    assert format_datetime(moment, "en") == "12 Mar 2026, 14:05"


def test_counted_nouns_follow_each_languages_plural_rules():
    forms = {"ru": {"one": "заявка", "few": "заявки", "many": "заявок", "other": "заявки"},
             "en": {"one": "request", "other": "requests"}}
    assert [counted("ru", n, forms["ru"]) for n in (1, 2, 5, 11, 21, 22, 25)] == [
        "1 заявка", "2 заявки", "5 заявок", "11 заявок", "21 заявка", "22 заявки", "25 заявок"]
    assert [counted("en", n, forms["en"]) for n in (1, 2)] == ["1 request", "2 requests"]
