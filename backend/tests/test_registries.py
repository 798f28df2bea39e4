"""Domains own their vocabulary: every event type, notification type, audit action and error code
is registered by the app that owns it, using one that nobody registered is a programming error,
and no code names one with a bare string."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from apps.accounts.types import AccountAuditAction, AccountErrorCode, AccountEvents, AccountNotification
from apps.adminpanel.types import AdminAuditAction, AdminErrorCode, AdminEvents
from apps.appointments.errors import AppointmentErrorCode
from apps.appointments.events import AppointmentAuditAction, AppointmentEvents, SlaAuditAction, SlaEvents
from apps.appointments.notifications import AppointmentNotification
from apps.chat.types import ChatAuditAction, ChatEvents, ChatNotification
from apps.common.errors import ERROR_CODES, ApplicationError, Conflict, ErrorCode, Forbidden
from apps.common.registry import Registry, Unregistered
from apps.platform.audit.services import audit_record
from apps.platform.audit.types import AUDIT_ACTIONS, FlagAuditAction
from apps.platform.errors import PlatformErrorCode
from apps.platform.events.types import EVENT_TYPES, PlatformEvents
from apps.platform.notifications.types import NOTIFICATION_TYPES, PlatformNotification
from apps.platform.rules.types import RuleAuditAction, RuleErrorCode, RuleEvents, RuleNotification
from apps.reviews.types import ReviewAuditAction, ReviewErrorCode, ReviewEvents, ReviewNotification
from apps.scoring.types import ScoringAuditAction, ScoringErrorCode, ScoringEvents

pytestmark = pytest.mark.django_db

OWNED = [
    (EVENT_TYPES, PlatformEvents, "platform"), (EVENT_TYPES, AccountEvents, "accounts"),
    (EVENT_TYPES, RuleEvents, "platform"), (NOTIFICATION_TYPES, RuleNotification, "platform"),
    (AUDIT_ACTIONS, RuleAuditAction, "platform"), (ERROR_CODES, RuleErrorCode, "platform"),
    (EVENT_TYPES, AppointmentEvents, "appointments"), (EVENT_TYPES, ChatEvents, "chat"),
    (EVENT_TYPES, ReviewEvents, "reviews"), (EVENT_TYPES, AdminEvents, "adminpanel"),
    (EVENT_TYPES, SlaEvents, "appointments"), (AUDIT_ACTIONS, SlaAuditAction, "appointments"),
    (NOTIFICATION_TYPES, PlatformNotification, "platform"), (NOTIFICATION_TYPES, AccountNotification, "accounts"),
    (NOTIFICATION_TYPES, AppointmentNotification, "appointments"), (NOTIFICATION_TYPES, ChatNotification, "chat"),
    (NOTIFICATION_TYPES, ReviewNotification, "reviews"),
    (AUDIT_ACTIONS, FlagAuditAction, "platform"), (AUDIT_ACTIONS, AccountAuditAction, "accounts"),
    (AUDIT_ACTIONS, AppointmentAuditAction, "appointments"), (AUDIT_ACTIONS, ChatAuditAction, "chat"), (AUDIT_ACTIONS, ReviewAuditAction, "reviews"),
    (AUDIT_ACTIONS, AdminAuditAction, "adminpanel"),
    (ERROR_CODES, ErrorCode, "common"), (ERROR_CODES, PlatformErrorCode, "platform"),
    (ERROR_CODES, AccountErrorCode, "accounts"),
    (ERROR_CODES, AppointmentErrorCode, "appointments"), (ERROR_CODES, ReviewErrorCode, "reviews"),
    (ERROR_CODES, AdminErrorCode, "adminpanel"),
    (EVENT_TYPES, ScoringEvents, "scoring"), (AUDIT_ACTIONS, ScoringAuditAction, "scoring"),
    (ERROR_CODES, ScoringErrorCode, "scoring"),
]


@pytest.mark.parametrize(("registry", "names", "owner"), OWNED,
                         ids=[f"{r.kind}:{n.__name__}" for r, n, _o in OWNED])
def test_each_apps_names_are_registered_by_that_app(registry, names, owner):
    for member in names:
        assert registry.get(member).owner == owner, member


@pytest.mark.parametrize("registry", [EVENT_TYPES, NOTIFICATION_TYPES, AUDIT_ACTIONS, ERROR_CODES],
                         ids=lambda r: r.kind)
def test_nothing_is_registered_that_no_enum_names(registry):
    """Every registered name comes from one of the apps' enums above (no stray string)."""
    named = {member.value for r, names, _owner in OWNED if r is registry for member in names}
    assert set(registry.names()) == named


def test_event_types_describe_their_payload():
    for entry in EVENT_TYPES:
        assert entry.description, entry.name
        assert all(isinstance(text, str) and text for text in entry.extra["payload"].values()), entry.name


def test_using_an_unregistered_name_is_a_programming_error(make_user):
    with pytest.raises(Unregistered):
        audit_record(actor=None, action="user.teleported")
    with pytest.raises(Unregistered):
        ApplicationError("nobody_registered_this", "No.", 400)
    with pytest.raises(Unregistered):
        Conflict("No.", code="nor_this")
    assert Forbidden().code == "permission_denied"


def test_an_app_cant_take_another_apps_name():
    registry = Registry("thing")
    registry.register("chat.thing", owner="chat")
    registry.register("chat.thing", owner="chat", description="again, by its owner: fine")
    with pytest.raises(ImproperlyConfigured, match="registered by 'chat'"):
        registry.register("chat.thing", owner="reviews")
    with pytest.raises(ImproperlyConfigured):
        EVENT_TYPES.register("appointment.taken", owner="chat")


# --- no bare strings where a registered name belongs ---------------------------------------------

APPS_DIR = Path(settings.REPO_DIR) / "backend" / "apps"
# call -> where its registered name goes: positional index and/or keyword
NAMED_ARGUMENT = {
    "ApplicationError": (0, "code"), "Conflict": (None, "code"), "Forbidden": (None, "code"),
    "emit": (0, "type"), "audit_record": (None, "action"), "notify": (None, "type"),
    "register_handler": (0, "event_type"),
}


def _callee(node: ast.Call) -> str:
    return node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")


def _bare_strings() -> list[str]:
    found = []
    for path in APPS_DIR.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or _callee(node) not in NAMED_ARGUMENT:
                continue
            position, keyword = NAMED_ARGUMENT[_callee(node)]
            values = [kw.value for kw in node.keywords if kw.arg == keyword]
            if position is not None and len(node.args) > position:
                values.append(node.args[position])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str) and value.value != "*":
                    found.append(f"{path.relative_to(APPS_DIR)}:{node.lineno} {_callee(node)}({value.value!r})")
    return found


def test_names_are_enum_members_never_bare_strings():
    assert _bare_strings() == []
