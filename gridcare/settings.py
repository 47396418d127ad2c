"""The only settings module. Every deployment difference is an environment variable
(.env.example lists them all); tests run these same settings with test values."""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from gridcare.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("GRIDCARE_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret(
    "SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else ""
)
# Without DEBUG a key must be given. Commands that sign nothing (makemigrations,
# lint tools) still run on a throwaway key; the app server refuses to start and every
# other command stops at the system check gridcare.E001 (gridcare/core/checks.py).
SECRET_KEY_MISSING = not SECRET_KEY
if SECRET_KEY_MISSING:
    import secrets

    SECRET_KEY = secrets.token_urlsafe(50)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
COMPANY_NAME = env_str("COMPANY_NAME", "АО «Сетевая компания»")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "gridcare.core",
    "gridcare.calendars",
    "gridcare.territory",
    "gridcare.accounts",
    "gridcare.consumers",
    "gridcare.metering",
    "gridcare.offices",
    "gridcare.outages",
    "gridcare.notifications",
    "gridcare.appeals",
    "gridcare.grid_connections",
    "gridcare.service_requests",
    "gridcare.written_channels",
    "gridcare.contact_centre",
    "gridcare.telephony",
    "gridcare.chatbot",
    "gridcare.privacy",
    "gridcare.indicators",
    "gridcare.reports",
    "gridcare.api",
    "gridcare.demo",
]

MIDDLEWARE = [
    "gridcare.core.observability.RequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gridcare.accounts.middleware.SessionActivityMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "gridcare.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "gridcare.urls"
ASGI_APPLICATION = "gridcare.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "gridcare.core.context_processors.site",
                "gridcare.notifications.context_processors.unread",
            ],
        },
    },
]

# Database: SQLite embedded by default, PostgreSQL in production (DATABASE_URL).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gridcare.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN so
    # concurrent writers queue instead of failing; synchronous=FULL: an acknowledged
    # write survives a crash.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": env_str("SQLITE_TEST_NAME", "") or None}
elif (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and env_int("DB_POOL_MAX", 0) > 0
):
    # PostgreSQL behind ASGI: a psycopg pool per process instead of persistent
    # connections (Django refuses both at once); a connection is checked before it is
    # lent (Django passes check_connection when CONN_HEALTH_CHECKS is on), so a
    # restarted server costs the requests in flight only (docs/deploy.md).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 2),
        "max_size": env_int("DB_POOL_MAX", 0),
        "timeout": env_int("DB_POOL_TIMEOUT", 10),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "gridcare"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, shorter than
                # the layer's blocking BZPOPMIN: every idle websocket would be torn
                # down after 5 s (django/channels_redis#422). Reads wait; connects don't.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        "socket_connect_timeout": 5,
                    }
                ],
                "prefix": env_str("CACHE_KEY_PREFIX", "gridcare"),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Background work: django-tasks. "immediate" runs inline (make run, tests); "database"
# queues to the database for `gridcare db_worker` processes (production).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in {"immediate", "database"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
        "ENQUEUE_ON_COMMIT": False,
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["gridcare.accounts.backends.EmailOrPhoneBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
PASSWORD_HASHERS = env_list(
    "PASSWORD_HASHERS",
    [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
)
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("tt", _("Татарча")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Tatar formats (Django has none for `tt`): as in Russian.
FORMAT_MODULE_PATH = ["gridcare.formats"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Package-level static files (the `gridcare` package is not an app itself).
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise expects it even before collectstatic
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)

# Uploads: limits on every attachment (checked by content in appeals.attachments).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_FILES = env_int("UPLOAD_MAX_FILES", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 12 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# E-mail: real SMTP (EMAIL_URL-like parts).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "gridcare <noreply@gridcare.local>")
SMS_BACKEND = env_str(
    "SMS_BACKEND", "gridcare.notifications.transports.LoggingSmsGateway"
)

# Notifications: quiet hours (Moscow time) hold back non-urgent SMS and push; mailings
# are delivered in batches over one SMTP connection by up to N parallel tasks.
NOTIFICATIONS_QUIET_HOURS = env_str("NOTIFICATIONS_QUIET_HOURS", "22:00-08:00")
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 200)
NOTIFICATIONS_WORKERS = env_int("NOTIFICATIONS_WORKERS", 4)
# Web push (VAPID): the private key as base64url (what `vapid --gen` prints).
WEBPUSH_ENABLED = env_bool("WEBPUSH_ENABLED", False)
WEBPUSH_VAPID_PRIVATE_KEY = env_secret("WEBPUSH_VAPID_PRIVATE_KEY", "")
WEBPUSH_VAPID_PUBLIC_KEY = env_str("WEBPUSH_VAPID_PUBLIC_KEY", "")
WEBPUSH_VAPID_SUBJECT = env_str(
    "WEBPUSH_VAPID_SUBJECT", "mailto:noreply@gridcare.local"
)
if WEBPUSH_ENABLED and not (WEBPUSH_VAPID_PRIVATE_KEY and WEBPUSH_VAPID_PUBLIC_KEY):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("WEBPUSH_ENABLED needs WEBPUSH_VAPID_*_KEY")

# Security (production values by default; `make run` and tests relax what they must).
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gridcare.core.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
        "json": {"()": "gridcare.core.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # PDF rendering (grid_connections documents) logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Production calendar region used for working-day deadlines (RU or RU-TA).
CALENDAR_REGION = env_str("CALENDAR_REGION", "RU-TA")

# API rate limits (gridcare/api/throttling.py), counted in CACHES (Redis: all processes
# together): "<count>/<s|min|h|day>", empty = off. Webhooks with their own keys (PBX,
# partner API) are not limited. Tests raise them (gridcare/conftest.py).
API_THROTTLE_ANON = env_str("API_THROTTLE_ANON", "60/min")  # per client address
API_THROTTLE_USER = env_str("API_THROTTLE_USER", "600/min")  # per signed-in user
API_THROTTLE_LOGIN = env_str("API_THROTTLE_LOGIN", "10/min")  # token logins per address
# Anonymous registration, password reset, subscriptions, power reports, chat starts.
API_THROTTLE_PUBLIC_FORMS = env_str("API_THROTTLE_PUBLIC_FORMS", "10/min")

# Written channels: real VK messages.send calls from `gridcare vk_send` (off: logged only).
VK_API_ENABLED = env_bool("VK_API_ENABLED", False)

# Content security policy: scripts and styles only from our own static files; no
# inline scripts, no inline styles, no other origins (vendored libraries, no CDN).
# CSP_REPORT_ONLY=1 sends the same policy as report-only while a deployment checks it.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# Two-factor login for staff (gridcare/accounts/two_factor.py): required | enrolled | off.
# Production sets `required` (docs/deploy.md); `gridcare check --deploy` warns otherwise.
STAFF_TWO_FACTOR = env_str("STAFF_TWO_FACTOR", "enrolled")
if STAFF_TWO_FACTOR not in ("required", "enrolled", "off"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("STAFF_TWO_FACTOR: required, enrolled или off")
OTP_TOTP_ISSUER = COMPANY_NAME

# /metrics for Prometheus: a bearer token, or (empty) only scrapes from this machine.
METRICS_TOKEN = env_secret("METRICS_TOKEN", "")
