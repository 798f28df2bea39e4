"""Verification of Telegram sign-ins, exactly as Telegram publishes it:

- Login Widget: https://core.telegram.org/widgets/login#checking-authorization
  secret = SHA256(bot_token); hash = hex(HMAC_SHA256(secret, data_check_string)).
- Mini App initData: https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app
  secret = HMAC_SHA256(key="WebAppData", msg=bot_token); hash = hex(HMAC_SHA256(secret, data_check_string)).

data_check_string is every received field except `hash`, as `key=value`, sorted by key, joined by "\\n".
"""

import hashlib
import hmac
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from rest_framework.exceptions import ParseError

from apps.common.errors import ApplicationError, ErrorCode
from apps.common.parsers import loads_strict


@dataclass(frozen=True)
class TelegramIdentity:
    id: int
    first_name: str
    last_name: str
    username: str
    photo_url: str
    auth_date: int


def _invalid(message: str = "Telegram data could not be verified.") -> ApplicationError:
    return ApplicationError(ErrorCode.TELEGRAM_INVALID, message, 401)


def _malformed(message: str) -> ApplicationError:
    return ApplicationError(ErrorCode.INVALID, message, 400)


_FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
# NUL (PostgreSQL can't store it), other C0 controls and DEL, lone surrogates (UTF-8 can't encode them).
_NOT_TEXT = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def _check_field(key: str, value: str) -> None:
    """Every received field, signed or not, before it reaches the hash or the database. The error
    names the field only when the name itself is sane; the value is never echoed."""
    if not _FIELD_NAME.match(key):
        raise _malformed("Unexpected field in the Telegram data.")
    if _NOT_TEXT.search(value):
        raise _malformed(f"{key} contains characters that are not valid text.")


def _photo_url(raw: object) -> str:
    """Telegram's avatar URL, kept only when it is a plain https: URL (it ends up in an <img src>)."""
    if not isinstance(raw, str) or not raw or len(raw) > 500 or _NOT_TEXT.search(raw) or " " in raw:
        return ""
    try:
        parts = urlsplit(raw)
    except ValueError:
        return ""
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        return ""
    return raw


def _bot_token() -> str:
    token = settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise ApplicationError(ErrorCode.TELEGRAM_NOT_CONFIGURED, "Telegram sign-in is not configured.", 503)
    return token


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def widget_hash(fields: dict[str, str], bot_token: str) -> str:
    secret = hashlib.sha256(bot_token.encode()).digest()
    return hmac.new(secret, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def webapp_hash(fields: dict[str, str], bot_token: str) -> str:
    secret = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def _check_hash(received: object, expected: str) -> None:
    if not isinstance(received, str) or not received:
        raise _malformed("hash is required.")
    if not hmac.compare_digest(received.lower().encode(), expected.encode()):
        raise _invalid()


def _check_auth_date(raw: object) -> int:
    try:
        auth_date = int(str(raw))
    except (TypeError, ValueError):
        raise _malformed("auth_date must be a Unix timestamp.") from None
    now = int(time.time())
    if now - auth_date > settings.TELEGRAM_AUTH_MAX_AGE_SECONDS:
        raise ApplicationError(ErrorCode.TELEGRAM_EXPIRED, "Telegram sign-in data is too old.", 401)
    if auth_date - now > settings.TELEGRAM_AUTH_MAX_FUTURE_SECONDS:
        raise ApplicationError(ErrorCode.TELEGRAM_INVALID, "Telegram sign-in data is dated in the future.", 401)
    return auth_date


def _as_id(raw: object) -> int:
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        raise _malformed("id must be a Telegram user id.") from None
    if value <= 0 or value >= 2**63:
        raise _malformed("id must be a Telegram user id.")
    return value


def verify_login_widget(data: dict) -> TelegramIdentity:
    bot_token = _bot_token()
    # Every received field takes part in the hash, so fields Telegram adds later verify too.
    if len(data) > 20:
        raise _malformed("Too many fields.")
    fields: dict[str, str] = {}
    for key, value in data.items():
        key = str(key)
        if isinstance(value, bool) or not isinstance(value, (str, int)) or len(str(value)) > 1024:
            _check_field(key, "")
            raise _malformed(f"{key} must be a string or a number.")
        _check_field(key, str(value))
        fields[key] = str(value)
    if "id" not in fields or "auth_date" not in fields:
        raise _malformed("id and auth_date are required.")
    _check_hash(fields.get("hash"), widget_hash(fields, bot_token))
    auth_date = _check_auth_date(fields["auth_date"])
    return TelegramIdentity(
        id=_as_id(fields["id"]),
        first_name=fields.get("first_name", "")[:150],
        last_name=fields.get("last_name", "")[:150],
        username=fields.get("username", "")[:64],
        photo_url=_photo_url(fields.get("photo_url", "")),
        auth_date=auth_date,
    )


def verify_init_data(init_data: object) -> TelegramIdentity:
    bot_token = _bot_token()
    if not isinstance(init_data, str) or not init_data or len(init_data) > 8192:
        raise _malformed("init_data must be the Mini App's initData string.")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise _malformed("init_data is not a valid query string.") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise _malformed("init_data repeats a field.")
    for key, value in pairs:
        # `user` is JSON: its own text is checked once decoded (a newline in it is not an attack).
        _check_field(key, "" if key == "user" else value)
    _check_hash(fields.get("hash"), webapp_hash(fields, bot_token))
    auth_date = _check_auth_date(fields.get("auth_date"))
    try:
        user = loads_strict(fields.get("user", ""), max_depth=4)
    except ApplicationError:  # invalid_unicode
        raise _malformed("init_data's user contains characters that are not valid text.") from None
    except ParseError:
        raise _malformed("init_data has no user.") from None
    if not isinstance(user, dict):
        raise _malformed("init_data has no user.")

    def text(key: str, limit: int) -> str:
        value = user.get(key, "")
        if not isinstance(value, str):
            return ""
        _check_field(key, value)
        return value[:limit]

    return TelegramIdentity(
        id=_as_id(user.get("id")),
        first_name=text("first_name", 150),
        last_name=text("last_name", 150),
        username=text("username", 64),
        photo_url=_photo_url(user.get("photo_url", "")),
        auth_date=auth_date,
    )
