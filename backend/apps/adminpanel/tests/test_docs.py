"""docs/admin-roles.md says what the code does: its matrix is the capability table, its endpoint
table is what each admin view declares; and no admin route of any app goes unguarded."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import get_resolver

from apps.adminpanel.api import urls as admin_urls
from apps.common.capabilities import ADMIN_ROLE_CAPABILITIES, ROLE_CAPABILITIES, AdminRole, Capability

DOC = Path(settings.REPO_DIR) / "docs" / "admin-roles.md"
METHODS = ("get", "post", "put", "patch", "delete")
ROW = re.compile(r"^\|(.+)\|\s*$")


def _rows(after_heading: str) -> list[list[str]]:
    """The body rows of the first table after `after_heading`, cells stripped of backticks."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(after_heading)
    rows, started = [], False
    for line in lines[start + 1:]:
        match = ROW.match(line)
        if not match:
            if started:
                break
            continue
        started = True
        rows.append([cell.strip().strip("`") for cell in match.group(1).split("|")])
    return rows[2:]  # header and separator


def _declared(view_class) -> list[str]:
    return [c for permission in view_class.permission_classes for c in getattr(permission, "required", ())]


def test_the_documented_matrix_is_the_capability_table():
    header = ["capability", *[r.value for r in AdminRole]]
    documented = {row[0]: {role for role, cell in zip(header[1:], row[1:], strict=True) if cell == "✓"}
                  for row in _rows("## Capability matrix")}
    actual = {c.value: {r.value for r in AdminRole if c in ADMIN_ROLE_CAPABILITIES[r]}
              for c in Capability if any(c in caps for caps in ADMIN_ROLE_CAPABILITIES.values())}
    assert documented == actual


def test_the_documented_endpoints_are_what_the_views_declare():
    documented = {(m.lower(), path, capability) for m, path, capability in _rows("## Endpoints (`apps/adminpanel/api/urls.py`)")}
    actual = set()
    for pattern in admin_urls.urlpatterns:
        view = pattern.callback.view_class
        (capability,) = _declared(view)  # exactly one named capability per endpoint
        actual |= {(m, f"admin/{pattern.pattern}", capability) for m in METHODS if hasattr(view, m)}
    assert documented == actual


def test_every_admin_route_of_every_app_requires_a_capability():
    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.callback

    routes = [(route, callback) for route, callback in walk(get_resolver().url_patterns)
              if route.removeprefix("api/v1/").removeprefix("api/").startswith("admin/")]
    # every admin route of the API is one of adminpanel's URL module (under both prefixes)
    assert len(routes) == 2 * len(admin_urls.urlpatterns)
    assert {route.removeprefix("api/v1/").removeprefix("api/") for route, _ in routes} == {
        f"admin/{pattern.pattern}" for pattern in admin_urls.urlpatterns}
    for route, callback in routes:
        view = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        declared = {Capability(c) for c in _declared(view)}
        assert declared, f"{route} declares no capability"
        # an admin capability: no client or master holds it
        assert not any(declared & caps for caps in ROLE_CAPABILITIES.values()), route
