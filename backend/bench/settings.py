"""Settings of the benchmark process: development settings as `make run` uses them (DEBUG off),
plus the bench-only floor views (bench/urls.py). Databases come from bench/databases.py.

The cache is in process memory, one key prefix per data set (bench/databases.py switches it):
in production the cache is Redis, so a cached read (the site settings, flags) is no SQL query
there; the embedded default's database cache would count one, and share it across data sets."""

import warnings

from config.settings.dev import *  # noqa: F403

warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic for the bench

DEBUG = False
ROOT_URLCONF = "bench.urls"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bench",
                      "KEY_PREFIX": "template"}}

# Frames of the bench process's own writes go nowhere (the recipients are still computed, as in
# production); the realtime rows start a server of their own with the Redis layer (rows/realtime.py).
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "channels_lite"]  # noqa: F405
DATABASES.pop("realtime", None)  # noqa: F405
DATABASE_ROUTERS = []
