"""The compose checks pass on the real files and fail when the deployment loses a piece it needs."""

import copy
import json

import pytest

from mpdeploy import REPO_DIR
from mpdeploy.compose_check import (
    DEV,
    DEV_FILE,
    ENV_EXAMPLE,
    PROD,
    PROD_FILE,
    SCHEMA,
    check_all,
    check_compose,
    compose_variables,
    documented,
    env_documentation_errors,
    load,
    readme_variables,
    settings_variables,
)


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA.read_text())


@pytest.fixture
def prod():
    return load(PROD_FILE)


@pytest.fixture
def dev():
    return load(DEV_FILE)


def test_the_real_files_pass_every_check():
    assert check_all() == []


def test_the_vendored_schema_is_the_shared_one():
    shared = REPO_DIR.parent / "shared" / "schemas" / "compose-spec.json"
    if not shared.is_file():
        pytest.skip("no shared/ beside this checkout")
    assert json.loads(shared.read_text()) == json.loads(SCHEMA.read_text())


@pytest.mark.parametrize("service", PROD.services)
def test_prod_fails_without_a_required_service(prod, schema, service):
    del prod["services"][service]
    assert f"service '{service}' is missing" in check_compose(prod, PROD, schema=schema)


@pytest.mark.parametrize("service", DEV.services)
def test_dev_fails_without_a_required_service(dev, schema, service):
    del dev["services"][service]
    assert f"service '{service}' is missing" in check_compose(dev, DEV, schema=schema)


@pytest.mark.parametrize("service", ["postgres", "redis", "backend", "worker", "frontend"])
def test_prod_fails_without_a_healthcheck(prod, schema, service):
    del prod["services"][service]["healthcheck"]
    assert f"service '{service}' has no healthcheck" in check_compose(prod, PROD, schema=schema)


def test_a_disabled_healthcheck_counts_as_none(prod, schema):
    prod["services"]["backend"]["healthcheck"] = {"disable": True}
    assert "service 'backend' has no healthcheck" in check_compose(prod, PROD, schema=schema)


def test_backend_healthcheck_must_probe_healthz(prod, dev, schema):
    prod["services"]["backend"]["healthcheck"]["test"] = ["CMD", "true"]
    assert "service 'backend': healthcheck must probe /healthz" in check_compose(prod, PROD, schema=schema)
    dev["services"]["backend"]["healthcheck"]["test"] = ["CMD", "true"]
    assert "service 'backend': healthcheck must probe /healthz" in check_compose(dev, DEV, schema=schema)


@pytest.mark.parametrize("step", ["migrate", "collectstatic", "gunicorn"])
def test_prod_backend_must_migrate_collect_and_serve(prod, schema, step):
    command = prod["services"]["backend"]["command"]
    command[-1] = command[-1].replace(step, "true")
    errors = check_compose(prod, PROD, schema=schema)
    assert any(e.startswith(f"service 'backend': command must run '{step}'") for e in errors)


def test_prod_beat_must_run_beat(prod, schema):
    prod["services"]["beat"]["command"] = ["celery", "-A", "config", "worker"]
    assert any("'beat': command must run 'beat'" in e for e in check_compose(prod, PROD, schema=schema))


def test_nginx_must_mount_proofs_read_only(prod, schema):
    volumes = prod["services"]["frontend"]["volumes"]
    volumes[:] = [v.replace(":ro", "") for v in volumes]
    errors = check_compose(prod, PROD, schema=schema)
    assert "service 'frontend': /var/lib/marketplace/private must be mounted read-only" in errors


def test_prod_fails_without_the_database_volume(prod, schema):
    prod["services"]["postgres"]["volumes"] = []
    errors = check_compose(prod, PROD, schema=schema)
    assert "service 'postgres': volume 'postgres-data' must be mounted at /var/lib/postgresql/data" in errors


def test_prod_fails_without_the_media_volume_declared(prod, schema):
    del prod["volumes"]["private-media"]
    assert "named volume 'private-media' is not declared under volumes:" in check_compose(prod, PROD, schema=schema)


def test_prod_backend_needs_the_env_file(prod, schema):
    del prod["services"]["backend"]["env_file"]
    assert "service 'backend' must read env_file .env" in check_compose(prod, PROD, schema=schema)


def test_prod_backend_must_not_be_published(prod, schema):
    prod["services"]["backend"]["ports"] = ["8000:8000"]
    errors = check_compose(prod, PROD, schema=schema)
    assert "service 'backend' must not publish ports (only nginx faces the network)" in errors


def test_prod_backend_must_hand_proofs_to_nginx(prod, schema):
    del prod["services"]["backend"]["environment"]["PRIVATE_MEDIA_ACCEL_PREFIX"]
    errors = check_compose(prod, PROD, schema=schema)
    assert "service 'backend': environment PRIVATE_MEDIA_ACCEL_PREFIX must be '/protected/'" in errors


def test_frontend_waits_for_a_healthy_backend(prod, schema):
    prod["services"]["frontend"]["depends_on"] = ["backend"]
    errors = check_compose(prod, PROD, schema=schema)
    assert "service 'frontend' must depend on 'backend' with condition service_healthy" in errors


def test_dev_publishes_the_api_and_vite(dev, schema):
    del dev["services"]["frontend"]["ports"]
    assert "service 'frontend' must publish container port 5173" in check_compose(dev, DEV, schema=schema)


def test_schema_rejects_a_misspelt_key(prod, schema):
    prod["services"]["backend"]["helthcheck"] = copy.deepcopy(prod["services"]["backend"]["healthcheck"])
    errors = check_compose(prod, PROD, schema=schema)
    assert any(e.startswith("schema: services/backend") and "helthcheck" in e for e in errors)


def test_schema_rejects_a_wrong_type(dev, schema):
    dev["services"]["redis"]["healthcheck"]["interval"] = ["5s"]
    assert any(e.startswith("schema: services/redis/healthcheck/interval") for e in check_compose(dev, DEV, schema=schema))


# --- .env.example -----------------------------------------------------------------------------------

def test_env_example_documents_set_and_commented_names():
    assert documented("SECRET_KEY=\n# REDIS_URL=redis://x\n#  PORT=8000\nnot a line\n") == {
        "SECRET_KEY", "REDIS_URL", "PORT"}


def test_a_setting_missing_from_env_example_is_reported():
    text = "\n".join(line for line in ENV_EXAMPLE.read_text().splitlines()
                     if not line.lstrip("# ").startswith("THROTTLE_UPLOADS="))
    errors = env_documentation_errors(env_example=text, sources={"settings": settings_variables()})
    assert errors == [".env.example: THROTTLE_UPLOADS (used by settings) is not documented"]


def test_sources_are_found():
    assert {"SECRET_KEY", "DATABASE_URL", "PRIVATE_MEDIA_ACCEL_PREFIX", "NUM_PROXIES"} <= settings_variables()
    assert {"PORT", "DATABASE_URL", "EMAIL_HOST_PASSWORD"} <= readme_variables(
        (REPO_DIR / "README.md").read_text())
    prod_vars = compose_variables(PROD_FILE.read_text())
    assert {"POSTGRES_PASSWORD", "HTTP_PORT"} <= prod_vars
    assert "HOSTNAME" not in prod_vars  # $$HOSTNAME is the container's, escaped from compose
