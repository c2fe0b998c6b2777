"""Settings for bonehealth, read from the environment.

Every value that differs between a laptop, CI and production comes from an
environment variable, parsed here with a clear error for a bad value. See
README.md and docs/DEPLOY.md for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import xstatic.pkg.bootstrap
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from bonehealth.release import release_id

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {raw!r}.") from None
    if not value > 0:
        raise ImproperlyConfigured(f"{name} must be more than 0; got {raw!r}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def sqlite_options() -> dict:
    """SQLite (development, `make run`): write-ahead logging, so readers never wait for the
    writer; every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two
    requests that read and then write queue up instead of failing with "database is locked";
    and a busy timeout (seconds) for that queue."""
    return {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }


def postgresql_timeouts() -> dict:
    """libpq parameters: give up connecting after DB_CONNECT_TIMEOUT seconds, on a connection
    whose sent data goes unacknowledged for DB_TCP_USER_TIMEOUT_MS (a network partition), and
    on any statement running longer than DB_STATEMENT_TIMEOUT_MS (0: no limit, e.g. for a long
    migration). All well under gunicorn's 30 s worker timeout, so a request gets the 503 page
    rather than a killed worker."""
    statement_timeout = env_int("DB_STATEMENT_TIMEOUT_MS", 15000)
    return {
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 5),
        "tcp_user_timeout": env_int("DB_TCP_USER_TIMEOUT_MS", 10000),
        "options": f"-c statement_timeout={statement_timeout}",
    }


def database_from_url(url: str) -> dict:
    """Turn a DATABASE_URL (sqlite:///path or postgres://user:pw@host:port/name) into
    a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        path = unquote(parsed.path[1:] if parsed.path.startswith("/") else parsed.path)
        if not path:
            raise ImproperlyConfigured(
                "DATABASE_URL for SQLite needs a file path, e.g. sqlite:///var/db.sqlite3."
            )
        path = Path(path) if Path(path).is_absolute() else BASE_DIR / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": sqlite_options()}
    if parsed.scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parsed.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured("DATABASE_URL for PostgreSQL needs a database name.")
        # Timeouts (issue #15, faults), unless DATABASE_URL's query string sets them itself.
        options = postgresql_timeouts()
        options.update({key: values[-1] for key, values in parse_qs(parsed.query).items()})
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://; got scheme {parsed.scheme!r}."
    )


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. Set DEBUG=1 for local development, "
            "or SECRET_KEY to a long random string in production."
        )
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "accounts.admin_site.BonehealthAdminConfig",  # django.contrib.admin with a scoped site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "accounts",
    "education",
    "tracker",
    # bonehealth.models: the database identity in every cache key (bonehealth.cache).
    "bonehealth",
    # Background work (issue #17): the task queue's database backend and the notifications app.
    "django_tasks",
    "django_tasks_db",
    "notifications",
    "care",  # the therapist workspace (issue #13)
    "summary",  # my summary and my bone plan (helper account, issue #16)
    "messaging",  # secure messages (issue #20)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy, which Django does not send itself.
    "accounts.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session passed a TOTP check (accounts.mfa).
    "django_otp.middleware.OTPMiddleware",
    # Outermost after authentication, so every response for a logged-in user is no-store.
    "accounts.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE, files included, is refused unread (sec).
    "accounts.security.RequestBodyLimitMiddleware",
    # A query string with NUL or an integer past 64 bits is a 400, not a database error (sec).
    "accounts.security.QueryStringLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.StaffSessionLimitMiddleware",
    # Staff need a verified TOTP device before the admin; enrolled users verify every session.
    "accounts.mfa.TwoStepVerificationMiddleware",
    # django-axes turns a locked-out login into the lockout page; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bonehealth.urls"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "bonehealth.wsgi.application"

_default_sqlite = BASE_DIR / "var" / "db.sqlite3"
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    _default_sqlite.parent.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": _default_sqlite,
            "OPTIONS": sqlite_options(),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username+IP before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

# NIST SP 800-63B: a minimum length, a check against common passwords, no composition
# rules, and long passphrases allowed (Django imposes no maximum below 4096 characters).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Cache (issue #15, faults) -------------------------------------------------------------------
# Redis is optional: with REDIS_URL every app server shares one cache. bonehealth.cache: keys
# carry the release id, the database's identity and a generation replaced after every outage;
# any Redis error is a miss, never an error page.
# RELEASE_ID: which code runs (a commit, an image tag); unset, a hash of the code's files.
RELEASE_ID = release_id()
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")
    CACHES = {
        "default": {
            "BACKEND": "bonehealth.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"bonehealth:{RELEASE_ID}",
            "OPTIONS": {
                # Seconds. Redis on the private network answers in well under a millisecond.
                "socket_connect_timeout": env_float("REDIS_CONNECT_TIMEOUT", 0.3),
                "socket_timeout": env_float("REDIS_TIMEOUT", 0.3),
            },
        }
    }
else:
    # One process's memory, emptied by every restart (the restore procedure restarts).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": f"bonehealth:{RELEASE_ID}",
        }
    }
# --- end of the cache block ------------------------------------------------------------------------

# Sessions live in the database (or the shared cache with it), never on one app server.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)
# Patients: two weeks by default (PATIENT_SESSION_AGE, seconds). Staff roles are capped
# much shorter by accounts.middleware.
SESSION_COOKIE_AGE = env_int("PATIENT_SESSION_AGE", 14 * 24 * 3600)
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 3600)
STAFF_SESSION_MAX_SECONDS = env_int("STAFF_SESSION_MAX_SECONDS", 24 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# htmx sends the token from the <body> hx-headers attribute; no script needs the cookie.
CSRF_COOKIE_HTTPONLY = True

# Login brute-force protection (django-axes): a failure limit per username AND IP address, then
# a cool-off. Never a permanent lock, which an attacker could use to keep a patient out.
AXES_ENABLED = True
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login form's field is "username" (it holds the email address); compared lower-cased.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
# No email addresses or user agents in the log lines django-axes writes (accounts.signals logs
# each attempt with the user id or the IP address only). Successful logins are not stored.
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True

# Two-step verification (django-otp, TOTP). Therapists, editors and superusers must set up an
# authenticator app before any admin page; patients may choose to (accounts.mfa).
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", True)
OTP_TOTP_ISSUER = "Bone health"
# The TOTP secret is never shown in the admin (no key field, no QR code link).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("PLAIN_STATIC_STORAGE", DEBUG)
            # WhiteNoise's CompressedManifestStaticFilesStorage, remembering URLs.
            else "bonehealth.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 365 * 24 * 3600 if not DEBUG else 0
# Development and tests serve straight from the finders; production from collectstatic's output.
WHITENOISE_USE_FINDERS = env_bool("PLAIN_STATIC_STORAGE", DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Bone health <no-reply@bonehealth.local>")

# --- Contact (helper account, issue #16) ---
# The address the contact, privacy and accessibility pages give for reaching the team.
CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "help@bonehealth.local")

# Refuse request bodies larger than any form here needs (2.5 MB is Django's default).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 512 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# --- sec (issue #15 item 7): the product takes no files; a multipart file part is a 400. ---
FILE_UPLOAD_HANDLERS = ["accounts.security.RefuseFileUploadHandler"]

# Security headers. HTTPS settings are on whenever DEBUG is off; SECURE_SSL_REDIRECT can be
# turned off when a proxy in front already redirects.
SECURE_CONTENT_TYPE_NOSNIFF = True
# Nothing of this site's addresses leaves it: the Referer goes to this site only.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# How many proxies of ours append to X-Forwarded-For: the client's address for the login lockout
# and the logs is the entry that many places from the right (accounts.security.client_ip).
# Entries further left are whatever the client sent and are never trusted.
PROXY_COUNT = env_int("PROXY_COUNT", 1 if BEHIND_PROXY else 0)
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers poll each app server directly over plain HTTP (docs/DEPLOY.md).
    SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz)/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list binds the whole domain and is hard to undo: the
        # operator opts in with SECURE_HSTS_PRELOAD=1. Until then, Django's reminder is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere, scripts only
# from this host or with the per-request nonce, nothing loaded from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}

# Logging: requests and errors, never request bodies or health data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # In an outage every request fails alike: one of each error per LOG_REPEAT_SECONDS, then a
    # count of those dropped (bonehealth.logging_filters; issue #15, faults).
    "filters": {
        "repeated_errors": {
            "()": "bonehealth.logging_filters.RepeatedErrorsFilter",
            "interval": env_int("LOG_REPEAT_SECONDS", 60),
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["repeated_errors"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}


# --- Background work (issue #17; owner: tasks) ---------------------------------------------------
# Django's task framework through its backport (django-tasks; Django 6 ships it as django.tasks),
# with the database backend (django-tasks-db): tasks are rows in the project's own database, run
# by `manage.py db_worker`; periodic work is enqueued by `manage.py run_scheduler`
# (notifications/schedule.py). See docs/DEPLOY.md, "Background work".
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The address emails link to (reminders, one-tap check-in, unsubscribe): the site as patients
# reach it, without a trailing slash.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How many times an email task is tried before it is left failed (visible in the admin).
EMAIL_TASK_ATTEMPTS = env_int("EMAIL_TASK_ATTEMPTS", 4)
