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
