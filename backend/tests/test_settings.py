"""The production settings module refuses unsafe configuration and passes Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]
GOOD_SECRET = "x" * 20 + "Q9v$k2@Lm#pZ7wR!tY4uE8iO0aS3dF6gH1jK5lZ"


def run(args, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    full_env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=BACKEND, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_production_refuses_the_default_secret(tmp_path):
    result = run(["check"], VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug(tmp_path):
    result = run(["check"], SECRET_KEY=GOOD_SECRET, DEBUG="true", VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_passes_the_deploy_check(tmp_path):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], SECRET_KEY=GOOD_SECRET, VAR_DIR=str(tmp_path),
                 ALLOWED_HOSTS="marketplace.example")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refresh_cookie_is_secure(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.REFRESH_COOKIE_SECURE, settings.SESSION_COOKIE_SECURE)")
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY=GOOD_SECRET, VAR_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True True", out.stderr


def test_health_is_503_when_the_database_is_unreachable(tmp_path):
    code = ("import django; django.setup(); from django.test import Client; "
            "r = Client().get('/api/health/'); print(r.status_code, r.json()['code'])")
    env = dict(os.environ.items())
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path),
               DATABASE_URL="postgres://nobody@127.0.0.1:9/none?connect_timeout=2")
    out = subprocess.run([sys.executable, "-c", code], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "503 database_unavailable", out.stdout + out.stderr


def _dev_key(var_dir, **env) -> subprocess.CompletedProcess:
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    full_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    full_env.update({"DJANGO_SETTINGS_MODULE": "config.settings.dev", "VAR_DIR": str(var_dir), **env})
    return subprocess.Popen([sys.executable, "-c", code], cwd=BACKEND, env=full_env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_development_generates_one_random_key_per_install_shared_by_processes_starting_together(tmp_path):
    from config.settings.base import TEST_SECRET_KEY

    # the web server and the job worker (and more) start at the same moment on a fresh install
    processes = [_dev_key(tmp_path) for _ in range(6)]
    keys = {p.communicate(timeout=120)[0].strip() for p in processes}
    assert len(keys) == 1, keys
    key = keys.pop()
    assert len(key) >= 50 and key != TEST_SECRET_KEY
    stored = tmp_path / "secret_key"
    assert stored.read_text().strip() == key
    assert stored.stat().st_mode & 0o077 == 0  # readable by its owner only
    # kept across restarts; another install gets another key
    assert _dev_key(tmp_path).communicate(timeout=60)[0].strip() == key
    other = tmp_path / "other"
    other.mkdir()
    assert _dev_key(other).communicate(timeout=60)[0].strip() not in ("", key)


def test_development_uses_secret_key_from_the_environment_and_writes_nothing(tmp_path):
    out, _err = _dev_key(tmp_path, SECRET_KEY=GOOD_SECRET).communicate(timeout=60)
    assert out.strip() == GOOD_SECRET
    assert not (tmp_path / "secret_key").exists()


def test_the_committed_key_is_refused_outside_the_tests(tmp_path):
    from config.settings.base import TEST_SECRET_KEY

    process = _dev_key(tmp_path, SECRET_KEY=TEST_SECRET_KEY)
    _out, err = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "SECRET_KEY" in err
    assert run(["check"], SECRET_KEY=TEST_SECRET_KEY, VAR_DIR=str(tmp_path)).returncode != 0  # production


def test_a_token_signed_with_the_committed_key_is_refused_by_a_development_server(tmp_path):
    """What an outsider could do before: mint an admin's access token with the repository's key."""
    import jwt

    from config.settings.base import TEST_SECRET_KEY

    forged = jwt.encode({"token_type": "access", "exp": 4102444800, "iat": 1, "jti": "x" * 32, "user_id": 1},
                        TEST_SECRET_KEY, algorithm="HS256")
    code = ("import django; django.setup(); from django.test import Client; "
            f"r = Client().get('/api/v1/me/', HTTP_AUTHORIZATION='Bearer {forged}'); print(r.status_code)")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], cwd=BACKEND, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.strip() == "401", out.stdout + out.stderr
