"""The smoke test reads what the containers run from the compose file and the Dockerfile; these
readers must understand Compose's interpolation the way Compose does."""

import pytest

from mpdeploy.topology import (
    InterpolationError,
    image_environment,
    interpolate,
    service_command,
    service_environment,
    service_healthcheck,
)


@pytest.mark.parametrize(("text", "variables", "expected"), [
    ("${A}", {"A": "1"}, "1"),
    ("$A-x", {"A": "1"}, "1-x"),
    ("${A:-d}", {}, "d"),
    ("${A:-d}", {"A": ""}, "d"),
    ("${A-d}", {"A": ""}, ""),
    ("${A-d}", {}, "d"),
    ("${A:+alt}", {"A": "1"}, "alt"),
    ("${A:+alt}", {}, ""),
    ("${A:-${B:-inner}}", {}, "inner"),
    ("pg://${U:-u}:${P}@h/${D:-db}", {"P": "s3"}, "pg://u:s3@h/db"),
    ("$$HOSTNAME and $${X}", {"HOSTNAME": "no"}, "$HOSTNAME and ${X}"),
])
def test_interpolation_follows_compose(text, variables, expected):
    assert interpolate(text, variables) == expected


def test_required_variables_raise():
    with pytest.raises(InterpolationError, match="P: set it"):
        interpolate("${P:?set it}", {"P": ""})
    with pytest.raises(InterpolationError, match="unclosed"):
        interpolate("${P", {})


def test_the_backend_runs_what_compose_says():
    command = service_command("backend", {"POSTGRES_PASSWORD": "x"})
    assert command[:2] == ["sh", "-c"]
    assert command[2].index("migrate") < command[2].index("collectstatic") < command[2].index("gunicorn")


def test_the_database_url_is_built_from_postgres_settings_unless_given():
    env = service_environment("backend", {"POSTGRES_PASSWORD": "pw"})
    assert env["DATABASE_URL"] == "postgres://marketplace:pw@postgres:5432/marketplace"
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    given = service_environment("backend", {"DATABASE_URL": "postgres://db.example/x"})
    assert given["DATABASE_URL"] == "postgres://db.example/x"
    with pytest.raises(InterpolationError, match="POSTGRES_PASSWORD"):
        service_environment("backend", {})


def test_healthchecks_become_commands():
    assert service_healthcheck("backend", {})[:2] == ["python", "-c"]
    assert service_healthcheck("worker", {})[:2] == ["sh", "-c"]
    assert "$HOSTNAME" in service_healthcheck("worker", {})[2]


def test_the_image_environment_is_the_runtime_stage():
    env = image_environment()
    assert env["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert env["PRIVATE_MEDIA_ROOT"] == "/var/lib/marketplace/private"
    assert "--bind=0.0.0.0:8000" in env["GUNICORN_CMD_ARGS"]
    assert "PIP_NO_CACHE_DIR" not in env  # the build stage's, not the runtime's
