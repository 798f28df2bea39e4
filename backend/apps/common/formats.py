"""Values as people read them, per language: money, dates, counted nouns. Texts the server writes
(notifications, emails, labels) go through these, so they read like the SPA's screens (which use
`Intl`): "2 500,00 ₽" in Russian, "₽2,500.00" in English, "12 марта 2026 г., 14:05".

Babel does the locale work (CLDR data: separators, symbol placement, month names, plural rules);
see docs/decisions/0070-server-side-formatting.md."""

from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_datetime as babel_format_datetime
from babel.numbers import format_currency, get_currency_symbol
from django.conf import settings
from django.utils import timezone

LANGUAGES = ("ru", "en")
DEFAULT_LANGUAGE = "en"


def language_of(value: str | None) -> str:
    """One of the languages the product speaks ("ru", "en"); anything else reads English."""
    value = (value or "").lower()[:2]
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


@lru_cache(maxsize=64)
def _narrow_symbol(currency: str, language: str) -> str:
    """The short symbol a reader recognises ("₽", "$"), as `Intl`'s `narrowSymbol` shows it. CLDR
    gives English readers "RUB" for roubles; the currency's home locale knows "₽"."""
    symbol = get_currency_symbol(currency, locale=language)
    if symbol != currency:
        return symbol
    try:
        return get_currency_symbol(currency, locale=Locale.parse(f"und_{currency[:2]}"))
    except (UnknownLocaleError, ValueError):
        return currency


def format_money(amount, currency: str | None = None, language: str | None = None) -> str:
    """`2500` RUB -> "2 500,00 ₽" (ru) / "₽2,500.00" (en). Empty for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    language = language_of(language)
    currency = (currency or settings.CURRENCY or "RUB").upper()
    pattern = Locale.parse(language).currency_formats["standard"].pattern
    symbol = _narrow_symbol(currency, language).replace("'", "")
    return format_currency(value, currency, format=pattern.replace("¤", f"'{symbol}'"), locale=language,
                           currency_digits=True)


def format_datetime(value: datetime | None, language: str | None = None) -> str:
    """A moment in the site's time zone (TIME_ZONE): "12 мар. 2026 г., 14:05" / "12 Mar 2026, 14:05"."""
    if value is None:
        return ""
    language = language_of(language)
    zone = ZoneInfo(settings.TIME_ZONE)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    # en-GB, as the SPA shows English dates
    locale = "en_GB" if language == "en" else language
    date_part = babel_format_datetime(value, "medium", tzinfo=zone, locale=locale)
    # Babel's "medium" carries seconds; people don't read them in a message.
    return _without_seconds(date_part)


def _without_seconds(text: str) -> str:
    head, sep, tail = text.rpartition(":")
    if sep and len(tail) == 2 and tail.isdigit() and head.count(":") == 1:
        return head
    return text


def plural(language: str | None, count: int, forms: dict[str, str]) -> str:
    """The noun form for `count`: `forms` by CLDR plural category ("one", "few", "many", "other")."""
    category = Locale.parse(language_of(language)).plural_form(abs(int(count)))
    return forms.get(category) or forms["other"]


def counted(language: str | None, count: int, forms: dict[str, str]) -> str:
    """"3 заявки", "5 заявок", "1 request"."""
    return f"{count} {plural(language, count, forms)}"
