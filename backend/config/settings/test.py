"""Test settings: the same as development, with fast hashing, eager jobs and a local cache."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, REST_FRAMEWORK, TEST_SECRET_KEY, VAR_DIR, env

DEBUG = False
SECRET_KEY = TEST_SECRET_KEY
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_BROKER_TRANSPORT_OPTIONS = {}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="123456:TEST-telegram-bot-token")
# Throttles stay on in tests (they are behaviour), but generous except where a test sets them.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "register": "1000/min", "telegram": "1000/min", "refresh": "1000/min",
        "messages": "1000/min", "uploads": "1000/min", "login": "5/min", "realtime_ticket": "1000/min",
    },
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared memory: concurrency tests open one connection per thread, and SQLite
    # serialises them with its file lock exactly as it does for the web and job processes.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}

# Realtime frames through the in-process layer (the socket tests run the consumer in-process); the
# embedded SQLite layer has a cross-process test of its own (apps/realtime/tests/test_layer.py).
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "channels_lite"]
DATABASES.pop("realtime", None)
DATABASE_ROUTERS = []
