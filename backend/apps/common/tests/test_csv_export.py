"""The one CSV writer: quoted separators (a Russian Excel splits on `;`), formula characters
escaped at the start of a cell and after any separator, numbers left alone."""

import csv
import io

import pytest

from apps.common.capabilities import Role
from apps.common.csv_export import csv_cell, csv_lines
from apps.platform.audit.services import audit_record


@pytest.mark.parametrize(("value", "expected"), [
    ("Ivan", "Ivan"),
    ("Иван Петров", "Иван Петров"),
    ("=1+1", "'=1+1"),
    ("+7 999", "'+7 999"),
    ("-cmd", "'-cmd"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "\"'\t'=1\""),
    ("\r=1", "\"'\r'=1\""),
    ("Ivan;=cmd|' /C calc'!A0", "\"Ivan;'=cmd|' /C calc'!A0\""),
    ("a,b", '"a,b"'),
    ("a;b", '"a;b"'),
    ("a\tb", '"a\tb"'),
    ('say "hi"', '"say ""hi"""'),
    ("line\n@x", "\"line\n'@x\""),
    ("a; +b, -c", "\"a; +b, -c\""),  # a space after the separator: a text cell, not a formula
    ("a;;=b", "\"a;;'=b\""),
    ("x=1", "x=1"),
    (None, ""),
    (-5, "-5"),
    (12.5, "12.5"),
    (True, "true"),
    ({"k": "=v"}, '"{""k"": ""=v""}"'),
])
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_a_russian_excel_splitting_on_semicolons_never_meets_a_formula():
    line = "".join(csv_lines(["name", "note"], [["Ivan;=cmd|' /C calc'!A0", "ok"]])).splitlines()[1]
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(line), delimiter=delimiter):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (delimiter, cell)
    # a comma-reading spreadsheet gets the text back with its guards
    assert next(csv.reader(io.StringIO(line))) == ["Ivan;'=cmd|' /C calc'!A0", "ok"]


def test_lines_start_with_a_bom_and_end_with_crlf():
    lines = list(csv_lines(["a", "b"], [[1, "x"]]))
    assert lines == ["\ufeffa,b\r\n", "1,x\r\n"]


@pytest.mark.django_db
def test_the_audit_csv_quotes_and_escapes_a_semicolon_formula(as_user, make_user):
    admin = make_user(Role.ADMIN)
    audit_record(actor=admin, action="settings.changed", reason="Ivan;=cmd|' /C calc'!A0",
                 changes={"site_name": ["a", "=b"]})
    response = as_user(admin).get("/api/v1/admin/audit/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert "\"Ivan;'=cmd|' /C calc'!A0\"" in text
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter):
            assert not any(cell.startswith(("=", "+", "@")) for cell in row), row
