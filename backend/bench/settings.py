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
