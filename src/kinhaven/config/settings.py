"""Kinhaven settings: everything comes from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from babel import Locale
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# development (default), test or production
ENVIRONMENT = os.environ.get("KINHAVEN_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("KINHAVEN_ENV must be development, test or production")
PRODUCTION = ENVIRONMENT == "production"

VAR_DIR = Path(os.environ.get("KINHAVEN_VAR_DIR", Path.cwd() / "var")).resolve()


def mandatory_secret(name: str, development_default: str) -> str:
    """Return a secret from the environment; production refuses to start without it."""
    value = os.environ.get(name, "")
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set in production")
    return development_default


SECRET_KEY = mandatory_secret(
    "KINHAVEN_SECRET_KEY", "development-only-secret-key-never-use-in-production-0123456789"
)
DEBUG = env_bool("KINHAVEN_DEBUG", default=False)
ALLOWED_HOSTS = env_list("KINHAVEN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("KINHAVEN_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "django_htmx",
    "template_partials",
    "ninja",
    "kinhaven.core",
    "kinhaven.audit",
    "kinhaven.accounts",
    "kinhaven.approvals",
    "kinhaven.children",
    "kinhaven.timeline",
    "kinhaven.cases",
    "kinhaven.guardianship",
    "kinhaven.referrals",
    "kinhaven.conferences",
    "kinhaven.plans",
    "kinhaven.identification",
    "kinhaven.ages",
    "kinhaven.care",
    "kinhaven.missing",
    "kinhaven.interviews",
    "kinhaven.dataprotection",
    "kinhaven.retention",
    "kinhaven.stats",
    "kinhaven.bestinterests",
    "kinhaven.solutions",
    "kinhaven.legal",
    "kinhaven.tracing",
    "kinhaven.notifications",
    "kinhaven.deadlines",
    "kinhaven.intake",
    "kinhaven.exchange",
    "kinhaven.workspace",
    "kinhaven.api",
    "kinhaven.web",
    "kinhaven.operations",
    "kinhaven.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kinhaven.web.middleware.RequestIdMiddleware",
    "kinhaven.web.middleware.BodySizeLimitMiddleware",
    "kinhaven.web.middleware.RequestCharsetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kinhaven.accounts.middleware.UserLanguageMiddleware",
    "kinhaven.accounts.middleware.SessionLimitsMiddleware",
    "kinhaven.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kinhaven.web.middleware.NoStoreForAuthenticatedMiddleware",
    "kinhaven.web.middleware.ApplicationErrorMiddleware",
    # Last, so that it sees every failed login and answers lockouts.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "kinhaven.config.urls"
WSGI_APPLICATION = "kinhaven.config.wsgi.application"
ASGI_APPLICATION = "kinhaven.config.asgi.application"

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
                "django.template.context_processors.i18n",
                "kinhaven.notifications.context_processors.inbox",
                "kinhaven.web.context_processors.capabilities",
            ],
            # Dates in the reader's language (local_date, local_datetime, local_month).
            "builtins": ["kinhaven.core.templatetags.dates"],
        },
    }
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
# PostgreSQL: the role the application serves as. `kinhaven migrate` runs as the tables' owner
# (KINHAVEN_DB_OWNER_URL, see kinhaven.cli) and grants this role its rights after every migration.
KINHAVEN_DB_APP_ROLE = os.environ.get("KINHAVEN_DB_APP_ROLE", "")
if DATABASE_URL:
    # Persistent connections are for production servers; threads in tests must not keep them.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(os.environ.get("KINHAVEN_DB_CONN_MAX_AGE", "0"))
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # Short queries only: compiling one (PostgreSQL's JIT, for long analytical queries)
        # costs more than running it, e.g. 18 ms of a 120 ms name search over a million children.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    # The embedded database lives in VAR_DIR; a fresh checkout has no such folder yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "kinhaven.core.db.sqlite",
            "NAME": str(VAR_DIR / "kinhaven.sqlite3"),
            # Seconds a server process keeps its connection; 0 opens one per request.
            "CONN_MAX_AGE": int(os.environ.get("KINHAVEN_DB_CONN_MAX_AGE", "0")),
            "OPTIONS": {
                # IMMEDIATE avoids lock upgrades failing under concurrent writers.
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=5000;PRAGMA foreign_keys=ON;"
                ),
            },
            "TEST": {"NAME": None},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
# Sessions end after 15 idle minutes (the cookie is renewed on every request) and, whatever the
# activity, 12 hours after login (accounts.middleware.SessionLimitsMiddleware).
SESSION_COOKIE_AGE = 15 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("KINHAVEN_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Repeated failed logins lock the account name for a while, known or not.
AXES_FAILURE_LIMIT = int(os.environ.get("KINHAVEN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Per account name, and per address and name together.
AXES_LOCKOUT_PARAMETERS = ["username", ["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kinhaven.accounts.views.lockout"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "otp"]

# Second factor: TOTP, codes used once (django-otp keeps the last time step).
OTP_TOTP_ISSUER = os.environ.get("KINHAVEN_OTP_ISSUER", "Kinhaven")

# Content Security Policy: nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Background work: django-tasks with its database backend; the worker is `kinhaven db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# How often a background task signs a new audit checkpoint, in minutes.
KINHAVEN_AUDIT_CHECKPOINT_MINUTES = int(os.environ.get("KINHAVEN_AUDIT_CHECKPOINT_MINUTES", "10"))
# A process seals the log after a commit at most this often, in seconds (decision 0006): entries
# written meanwhile are sealed in the next batch, or before the next checkpoint at the latest.
KINHAVEN_AUDIT_SEAL_SECONDS = float(os.environ.get("KINHAVEN_AUDIT_SEAL_SECONDS", "0.5"))

# How often the deadline sweep escalates what has fallen due, in seconds.
KINHAVEN_DEADLINE_SWEEP_SECONDS = int(os.environ.get("KINHAVEN_DEADLINE_SWEEP_SECONDS", "60"))
# Family tracing and duplicates: a model of the deployment's own (`kinhaven tracing_train`),
# the score from which two records are proposed as one child, and the hour of the nightly check.
KINHAVEN_TRACING_MODEL = os.environ.get("KINHAVEN_TRACING_MODEL", "")
KINHAVEN_DUPLICATE_THRESHOLD = float(os.environ.get("KINHAVEN_DUPLICATE_THRESHOLD", "0.5"))
KINHAVEN_DUPLICATE_BATCH_HOUR = int(os.environ.get("KINHAVEN_DUPLICATE_BATCH_HOUR", "2"))

# Request bodies: forms and JSON stay small; larger bodies are refused with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 500

LANGUAGE_CODE = "en"
# The staff interface is whole in these; a user picks one (accounts.User.language) or the browser's
# Accept-Language does on a first visit.
KINHAVEN_STAFF_LANGUAGES = ["en", "fr", "de", "ru", "uk", "ar"]
# What children and the public read (the public report page, the printable missing-child alert,
# the sheet a child keeps after a decision) is also in these.
KINHAVEN_PUBLIC_LANGUAGES = [*KINHAVEN_STAFF_LANGUAGES, "fa", "ps", "ti", "so", "bn", "ro", "sq"]
# Each language by its own name (CLDR), the way a language switcher shows it.
LANGUAGES = [
    (code, Locale.parse(code).get_display_name(code)) for code in KINHAVEN_PUBLIC_LANGUAGES
]
# Django's right-to-left languages and Pashto.
LANGUAGES_BIDI = ["he", "ar", "ar-dz", "ckb", "fa", "ps", "ug", "ur"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# The switcher's choice, for a year; only the server reads it.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
USE_I18N = True
TIME_ZONE = os.environ.get("KINHAVEN_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "/static/"
# collectstatic target in production; development serves straight from the apps.
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Served at the site's root: the icon browsers ask for on every site, and robots.txt, which asks
# search engines to index nothing of it.
WHITENOISE_ROOT = PACKAGE_DIR / "web" / "root"
MEDIA_ROOT = VAR_DIR / "media"

# API tokens: lifetime in hours.
KINHAVEN_API_TOKEN_HOURS = int(os.environ.get("KINHAVEN_API_TOKEN_HOURS", "12"))
# A printed missing-child alert expires this many days after the report (policy default,
# docs/missing.md).
KINHAVEN_MISSING_ALERT_DAYS = int(os.environ.get("KINHAVEN_MISSING_ALERT_DAYS", "30"))
# Country of this national instance (ISO 3166-1 alpha-3).
KINHAVEN_COUNTRY = os.environ.get("KINHAVEN_COUNTRY", "AUT")
# Ed25519 key that signs audit checkpoints: a file outside the database.
KINHAVEN_AUDIT_KEY_FILE = os.environ.get(
    "KINHAVEN_AUDIT_KEY_FILE", str(VAR_DIR / "audit-signing-key.pem")
)
# Every signed checkpoint is also appended here, outside the database; `audit verify` holds the
# database to it. Make it append-only (chattr +a) or ship it to the auditor.
KINHAVEN_AUDIT_WITNESS_FILE = os.environ.get(
    "KINHAVEN_AUDIT_WITNESS_FILE", str(VAR_DIR / "audit-witness.jsonl")
)
# The key of `kinhaven backup` (64 hexadecimal digits, made on first use, mode 0600): a file
# outside the database and never inside a backup. Empty: VAR_DIR/keys/backup.key.
KINHAVEN_BACKUP_KEY_FILE = os.environ.get("KINHAVEN_BACKUP_KEY_FILE", "")
# The key-encryption key (32 random bytes, made on first use outside production, mode 0600) that
# wraps the key of every encrypted file, such as interview recordings: a file outside the
# database and never inside a backup. Empty: VAR_DIR/keys/kek.key.
KINHAVEN_KEK_FILE = os.environ.get("KINHAVEN_KEK_FILE", "")
# Request paths whose body is streamed by the view itself (resumable recording uploads), past
# DATA_UPLOAD_MAX_MEMORY_SIZE: their views hold the body to the size declared beforehand.
KINHAVEN_STREAMED_BODY_PATHS = [
    r"^/api/v1/children/[^/]+/interviews/[^/]+/recordings/[^/]+/upload$",
    r"^/children/[^/]+/interviews/[^/]+/recordings/[^/]+/upload/$",
]
# /healthz fails when a ready task has waited longer than this (minutes), when the oldest entry
# awaiting its audit seal is older than this (minutes), or when VAR_DIR has less free space (MiB).
KINHAVEN_HEALTH_TASK_WAIT_MINUTES = int(os.environ.get("KINHAVEN_HEALTH_TASK_WAIT_MINUTES", "10"))
KINHAVEN_HEALTH_UNSEALED_MINUTES = int(os.environ.get("KINHAVEN_HEALTH_UNSEALED_MINUTES", "30"))
KINHAVEN_HEALTH_MIN_FREE_MIB = int(os.environ.get("KINHAVEN_HEALTH_MIN_FREE_MIB", "1024"))
# How often the erasure of what is due under the retention rules runs (seconds; daily).
KINHAVEN_RETENTION_SWEEP_SECONDS = int(os.environ.get("KINHAVEN_RETENTION_SWEEP_SECONDS", "86400"))
# How often the statistics recompute the facts that time alone changes (deadlines falling
# overdue), in seconds.
KINHAVEN_STATS_SWEEP_SECONDS = int(os.environ.get("KINHAVEN_STATS_SWEEP_SECONDS", "900"))
# How long a break-glass access lasts, in minutes.
KINHAVEN_BREAK_GLASS_MINUTES = int(os.environ.get("KINHAVEN_BREAK_GLASS_MINUTES", "60"))
# The most children one guardian may hold at a time.
KINHAVEN_GUARDIAN_CASELOAD = int(os.environ.get("KINHAVEN_GUARDIAN_CASELOAD", "25"))

# Caches: in-process for the embedded single-process default; a shared Redis cache wherever more
# than one process serves requests, since the public-report rate limit counts in the cache.
CACHE_URL = os.environ.get("KINHAVEN_CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"
# django-ratelimit lists only third-party Redis backends; Django's own increments atomically too.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not PRODUCTION:
    # One process serves the embedded default, so its own memory is the shared cache.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Public reporting page: submissions per address and window, and the largest body it accepts.
KINHAVEN_PUBLIC_REPORT_RATE = os.environ.get("KINHAVEN_PUBLIC_REPORT_RATE", "10/h")
KINHAVEN_PUBLIC_REPORT_MAX_BYTES = int(os.environ.get("KINHAVEN_PUBLIC_REPORT_MAX_BYTES", "32768"))
# Reverse proxies whose X-Forwarded-For is believed when counting a reporter's address.
KINHAVEN_TRUSTED_PROXIES = frozenset(env_list("KINHAVEN_TRUSTED_PROXIES", ""))
# The emergency number the public reporting page tells people to call first.
KINHAVEN_EMERGENCY_NUMBER = os.environ.get("KINHAVEN_EMERGENCY_NUMBER", "112")

# The address people use to reach this instance, for links in e-mails.
KINHAVEN_BASE_URL = os.environ.get("KINHAVEN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = os.environ.get(
    "KINHAVEN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("KINHAVEN_FROM_EMAIL", "kinhaven@localhost")
KINHAVEN_DEMO_PASSWORD = os.environ.get("KINHAVEN_DEMO_PASSWORD", "kinhaven-demo-2026")

# Logs carry request ids and record ids, never personal data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"strip_query": {"()": "kinhaven.core.logging.StripQueryStringFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["strip_query"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("KINHAVEN_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request logger prints exception details, which may hold record values.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Its lines name accounts and addresses; failures are in the database, and audited.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Cross-border exchange (docs/exchange.md): this instance's name among its peers, and the folder
# of its private keys (by default VAR_DIR/exchange, files 0600).
KINHAVEN_INSTANCE_ID = os.environ.get(
    "KINHAVEN_INSTANCE_ID", f"kinhaven-{KINHAVEN_COUNTRY.lower()}"
)
KINHAVEN_EXCHANGE_KEY_DIR = os.environ.get("KINHAVEN_EXCHANGE_KEY_DIR", "")
# How long a sent message stays valid, and the clock difference tolerated between instances.
KINHAVEN_EXCHANGE_TTL_HOURS = int(os.environ.get("KINHAVEN_EXCHANGE_TTL_HOURS", "72"))
# The secret the partner instances share, out of band, for encoded registration queries
# (tracing.pprl, docs/pprl.md): without it, queries are neither sent nor answered.
KINHAVEN_PPRL_SECRET = os.environ.get("KINHAVEN_PPRL_SECRET", "")
KINHAVEN_EXCHANGE_CLOCK_SKEW_SECONDS = int(
    os.environ.get("KINHAVEN_EXCHANGE_CLOCK_SKEW_SECONDS", "120")
)
