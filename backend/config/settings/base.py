"""Settings shared by every environment. Everything a deployment changes comes from the
environment (see README's configuration table); the defaults here are safe for development."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import environ

BACKEND_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = BACKEND_DIR.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(REPO_DIR / "var")))

env = environ.Env()

# Known to everyone who has read this repository: the tests sign with it, every other settings
# module refuses it. Without SECRET_KEY, development generates a key per install (dev.py).
TEST_SECRET_KEY = "dev-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = True

APP_VERSION = env.str("APP_VERSION", default="1.0.0")
# Since when the unversioned /api/ aliases are deprecated in favour of /api/v1/ (RFC 9745 header).
API_ALIAS_DEPRECATED_AT = datetime(2026, 12, 1, tzinfo=UTC)
# Browser code on another origin may read the deprecation headers too.
CORS_EXPOSE_HEADERS = ["Deprecation", "Link", "X-Request-ID"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "apps.common",
    "apps.platform",
    "apps.accounts",
    "apps.appointments",
    "apps.chat",
    "apps.reviews",
    "apps.scoring",
    "apps.adminpanel",
    "apps.analytics",
    "apps.realtime",
]

MIDDLEWARE = [
    "apps.common.middleware.RequestIdMiddleware",
    # /api/ (the unversioned aliases) answers with Deprecation + Link: successor-version headers.
    "apps.common.middleware.ApiAliasDeprecationMiddleware",
    # A view's OperationalError/InterfaceError (the database restarting) -> 503 JSON, not a 500.
    "apps.common.middleware.DatabaseUnavailableMiddleware",
    "apps.common.middleware.RefuseNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The SPA's CSP and friends, the same as nginx's (apps/common/csp.py); before WhiteNoise,
    # which answers the SPA's built files itself.
    "apps.common.csp.SpaSecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.platform.middleware.CurrentRequestMiddleware",
    # The platform's request-thread event handlers (notifications, realtime frames) run once the
    # response is sent.
    "apps.platform.middleware.AfterResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "apps.common.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the web process and the job worker share the file safely.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down is a cache miss, not a 500 (apps/common/cache.py); a hung Redis costs 1 s.
            "BACKEND": "apps.common.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "mp",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Several web workers and the job worker share throttle counters and flag caches,
    # so even the embedded default keeps the cache in the database rather than in memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": "mp",
        }
    }

# Realtime (docs/realtime.md, decision 0130): websocket frames cross processes through a channel
# layer. With Redis: channels_redis on REDIS_URL's database. Without it (`make run`): channels-lite,
# a layer in a SQLite file of its own under var/ (the app's database is not contended), which the
# web, websocket and job processes share.
REALTIME_WS_PORT = env.int("REALTIME_WS_PORT", default=0)  # the websocket server's port when not behind nginx
REALTIME_TICKET_SECONDS = 60
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": "mp:rt:", "capacity": 200, "expiry": 30},
        }
    }
else:
    INSTALLED_APPS.append("channels_lite")
    DATABASES["realtime"] = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(VAR_DIR / "realtime.sqlite3"),
        "OPTIONS": {"timeout": 5, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
    }
    DATABASE_ROUTERS = ["apps.realtime.routers.RealtimeLayerRouter"]
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_lite.layers.core.SQLiteChannelLayer",
            "CONFIG": {"database": "realtime", "expiry": 30, "capacity": 200, "polling_interval": 0.05},
        }
    }

AUTH_USER_MODEL = "accounts.User"
# The model backend, refusing banned accounts (the Django admin's login and its open sessions).
AUTHENTICATION_BACKENDS = ["apps.accounts.authentication.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BACKEND_DIR / "staticfiles")))
STATICFILES_DIRS = []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Payment proofs live outside MEDIA_ROOT so no public URL can ever reach them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
# When set (nginx), proofs are handed over with X-Accel-Redirect to this internal prefix.
PRIVATE_MEDIA_ACCEL_PREFIX = env.str("PRIVATE_MEDIA_ACCEL_PREFIX", default="")
FRONTEND_DIST_DIR = Path(env.str("FRONTEND_DIST_DIR", default=str(REPO_DIR / "frontend" / "dist")))

# The built SPA's files (assets, favicon) are served from the site root by WhiteNoise.
WHITENOISE_ROOT = FRONTEND_DIST_DIR if FRONTEND_DIST_DIR.is_dir() else None
WHITENOISE_MAX_AGE = 3600
# Vite names built assets after their content hash (assets/app-1a2B3c4D.js): cache them forever.
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/assets/.+-[A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

CURRENCY = env.str("CURRENCY", default="RUB")

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Largest image (in pixels) a payment proof may decode to; anything larger is refused as a bomb.
PROOF_MAX_IMAGE_PIXELS = env.int("PROOF_MAX_IMAGE_PIXELS", default=40_000_000)

ACCESS_TOKEN_MINUTES = env.int("ACCESS_TOKEN_MINUTES", default=15)
REFRESH_TOKEN_DAYS = env.int("REFRESH_TOKEN_DAYS", default=14)
REFRESH_COOKIE_NAME = "refresh_token"
REFRESH_COOKIE_PATH = "/api/"
REFRESH_COOKIE_SECURE = env.bool("REFRESH_COOKIE_SECURE", default=False)
# A spent refresh token presented again revokes its whole session, except within this many seconds
# of the spend: two tabs refreshing with one cookie at once (docs/decisions/0002-auth-jwt-cookie.md).
REFRESH_REUSE_GRACE_SECONDS = env.int("REFRESH_REUSE_GRACE_SECONDS", default=5)

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=ACCESS_TOKEN_MINUTES),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=REFRESH_TOKEN_DAYS),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": False,
    # SIGNING_KEY is left to simplejwt's default, settings.SECRET_KEY, whichever module sets it.
    "AUTH_HEADER_TYPES": ("Bearer",),
}

TELEGRAM_BOT_TOKEN = env.str("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_API_BASE_URL = env.str("TELEGRAM_API_BASE_URL", default="https://api.telegram.org")
TELEGRAM_AUTH_MAX_AGE_SECONDS = 24 * 60 * 60
TELEGRAM_AUTH_MAX_FUTURE_SECONDS = 60

# How many reverse proxies (nginx) stand in front; their X-Forwarded-For hops are trusted.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

THROTTLE_RATES = {
    "login": env.str("THROTTLE_LOGIN", default="5/min"),
    "register": env.str("THROTTLE_REGISTER", default="10/hour"),
    "telegram": env.str("THROTTLE_TELEGRAM", default="20/min"),
    "refresh": env.str("THROTTLE_REFRESH", default="60/min"),
    "messages": env.str("THROTTLE_MESSAGES", default="30/min"),
    "realtime_ticket": env.str("THROTTLE_REALTIME_TICKET", default="30/min"),
    "uploads": env.str("THROTTLE_UPLOADS", default="20/hour"),
    "password": env.str("THROTTLE_PASSWORD", default="20/hour"),
    "password_reset": env.str("THROTTLE_PASSWORD_RESET", default="10/hour"),
    "password_reset_email": env.str("THROTTLE_PASSWORD_RESET_EMAIL", default="3/hour"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["apps.accounts.authentication.BearerAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.common.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.common.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["apps.common.renderers.ORJSONRenderer"],  # DRF JSON bytes, by orjson
    # One JSON parser for the whole API (depth, invalid text and size limits: apps/common/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "apps.common.parsers.JSONParser",
        "apps.common.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Service Marketplace API",
    "DESCRIPTION": "Clients request services, masters take and price them. `/api/v1/` is canonical; "
    "`/api/` answers the same.",
    "VERSION": APP_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["apps.common.schema.only_canonical_paths"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AppointmentStatusEnum": "apps.appointments.models.AppointmentStatus",
        "MasterFlagEnum": "apps.reviews.types.MASTER_FLAGS",
        "ClientFlagEnum": "apps.reviews.types.CLIENT_FLAGS",
        "ReviewFlagEnum": "apps.reviews.types.REVIEW_FLAGS",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="marketplace@localhost")
# Email delivery is off until an operator configures a mail server.
EMAIL_ENABLED = env.bool("EMAIL_ENABLED", default=False)
# Where people open the site (links in emails); empty: the host of the request that asked.
SITE_URL = env.str("SITE_URL", default="")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=3600)

# Notifications: retries of Telegram/email deliveries, batching of bursts, inbox housekeeping.
NOTIFICATION_DELIVERY_MAX_ATTEMPTS = env.int("NOTIFICATION_DELIVERY_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=60)
# How long a worker holds a delivery it claimed: a worker killed mid-send is retried after it.
# Longer than one send can take (Telegram: 5 s connect + 15 s read), so a slow send is never
# taken over while it is still running.
NOTIFICATION_SEND_LEASE_SECONDS = max(30, env.int("NOTIFICATION_SEND_LEASE_SECONDS", default=300))
NOTIFICATION_GROUP_WINDOW_SECONDS = env.int("NOTIFICATION_GROUP_WINDOW_SECONDS", default=300)
NOTIFICATIONS_KEEP_DAYS = env.int("NOTIFICATIONS_KEEP_DAYS", default=90)
# Reviews can be left this many days after completion; hidden reviews are revealed after it.
REVIEW_WINDOW_DAYS = env.int("REVIEW_WINDOW_DAYS", default=14)

# Scores (SPEC 10.2, docs/scores.md). Read through apps.scoring.config.scoring_settings(), which
# fills in every key left out here from its documented defaults; a key the formula doesn't know
# is an error. Changing a weight is changing the formula: bump "model_version" with it.
SCORING: dict = {}

# Jobs: Redis in production; without REDIS_URL a filesystem broker under var/ needs no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {}
    if CELERY_BROKER_URL != "filesystem://"
    else {
        "data_folder_in": str(VAR_DIR / "broker" / "queue"),
        "data_folder_out": str(VAR_DIR / "broker" / "queue"),
        "processed_folder": str(VAR_DIR / "broker" / "processed"),
        "control_folder": str(VAR_DIR / "broker" / "control"),
        "store_processed": False,
    }
)
for _folder in {v for k, v in CELERY_BROKER_TRANSPORT_OPTIONS.items() if "folder" in k}:
    Path(_folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.common.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}
