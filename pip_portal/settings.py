"""Settings for PIP Portal, read from the environment (12-factor).

A fresh clone needs no configuration: without ``DATABASE_URL`` the portal uses a SQLite
file, and without ``CELERY_BROKER_URL`` Celery tasks run in-process (same code path).
With ``DEBUG`` off, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must be set or start-up fails.
"""

import os
from pathlib import Path

import environ
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

from signin.config import providers_parse

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean from the environment; anything but a clear yes or no stops start-up."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false or yes/no.")


DEBUG = env_bool("DEBUG", default=False)
# The test suite (its settings module, ``pip_portal.test_settings``, sets PIP_TESTING=1): a
# development key and no HTTPS redirect, like DEBUG but without its pages.
TESTING = env_bool("PIP_TESTING", default=False)

if DEBUG or TESTING:
    # Development and tests only: never used when DEBUG is off outside the test suite.
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-development-key-not-for-production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (at least 50 random characters) when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG or TESTING else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "csp",
    "ninja",  # serves the API docs from local static files, not a CDN
    "partnerships",
    "assessments",
    "profiles",
    "reports",
    "signin",
    "pip_portal.apps.PipPortalConfig",
]
# Development apps: the demo programme (``seed_demo``) and the benchmark (``bench``). Not in
# the wheel, not in production: installed with DEBUG, in tests, or with DEV_APPS=1.
DEV_APPS = env_bool("DEV_APPS", default=DEBUG or TESTING)
if DEV_APPS:
    INSTALLED_APPS += ["demo", "bench"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside SessionMiddleware, which saves the session this one extends.
    "pip_portal.sessions.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the authenticated user and failed logins (django-axes).
    "axes.middleware.AxesMiddleware",
    # Logs refused requests (403/404/405/410) to pip_portal.security, without paths' tokens.
    "pip_portal.security.RefusedAccessLogMiddleware",
    # Every page's Content-Security-Policy carries a nonce (after CSPMiddleware).
    "pip_portal.security.NonceOnEveryPageMiddleware",
    # Signed-in pages, API answers and exports: private, no-store.
    "pip_portal.security.PrivatePagesMiddleware",
]

ROOT_URLCONF = "pip_portal.urls"
WSGI_APPLICATION = "pip_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "pip_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets a worker read while the web process writes; a timeout rides out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
if TESTING and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a Celery worker process started by a test can open the test
    # database; one per test process, so concurrent runs on one machine do not collide.
    import tempfile

    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"pip-portal-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
if TESTING:
    # Tests create many users; a fast hasher keeps the suite quick. Never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on: councils' OpenID providers, a JSON list (signin/config.py, docs/sign-in.md).
# None by default: everyone signs in with a password or an invitation link.
OIDC_PROVIDERS = providers_parse(env.str("OIDC_PROVIDERS", default=""))

# Sign-in throttling (django-axes): lock an account+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

SESSION_ENGINE = "pip_portal.sessions"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60)
# Not saved on every request: extended (saved, expiry pushed to now + SESSION_COOKIE_AGE) at
# sign-in, on "Stay signed in", and by the first request SESSION_REFRESH_SECONDS after the
# last extension (pip_portal.sessions.SessionRefreshMiddleware).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=300)
if not 0 <= SESSION_REFRESH_SECONDS < SESSION_COOKIE_AGE:
    raise ImproperlyConfigured(
        f"SESSION_REFRESH_SECONDS={SESSION_REFRESH_SECONDS} must be at least 0 and less than "
        f"SESSION_COOKIE_AGE={SESSION_COOKIE_AGE}, or activity would not keep a session alive."
    )
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded CSV files and posted forms: refuse anything larger than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=2_000_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development; SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="PIP Portal <noreply@pip-portal.invalid>"
)
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="pip-portal-support@example.org")

# Celery. Without a broker the same tasks run in-process (eager) for one machine.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish to a dead broker must fail fast: the row is kept and the sweeper re-queues it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "assessments.tasks.send_due_reminders",
        "schedule": env.int("REMINDER_SWEEP_SECONDS", default=60 * 60),
    },
    "sweep-reports": {
        "task": "reports.tasks.sweep_stuck_reports",
        "schedule": env.int("REPORT_SWEEP_SECONDS", default=5 * 60),
    },
    "refresh-stale-scores": {
        "task": "assessments.tasks.refresh_stale_scores",
        "schedule": env.int("SCORES_SWEEP_SECONDS", default=10 * 60),
    },
    "apply-retention": {
        "task": "pip_portal.tasks.apply_retention",
        "schedule": 24 * 60 * 60,
    },
}

# Caches: rendered dashboard figures (keyed on the data's versions, so never stale). Redis
# from CACHE_URL / REDIS_URL, else the broker's Redis; without one (and in tests) in-process.
_CACHE_URL = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if not _CACHE_URL and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    _CACHE_URL = CELERY_BROKER_URL
if _CACHE_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "pip",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REMINDER_DAYS_BEFORE_CLOSE = env.list("REMINDER_DAYS_BEFORE_CLOSE", cast=int, default=[7, 2])
REPORT_STUCK_AFTER_SECONDS = env.int("REPORT_STUCK_AFTER_SECONDS", default=15 * 60)
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
# Test hook only: seconds a report render sleeps, so a test can kill a worker mid-render.
REPORT_RENDER_DELAY_SECONDS = env.float("REPORT_RENDER_DELAY_SECONDS", default=0.0)
RETENTION_DAYS = env.int("RETENTION_DAYS", default=2 * 365)

# Content Security Policy (django-csp 4): nonces for any script or style we emit.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Production security (DEBUG off): HTTPS only, HSTS, secure cookies.
# X-Forwarded-Proto says whether a request came over HTTPS only when a reverse proxy in
# front sets it and strips the client's own: without one, any client could send it.
BEHIND_PROXY = env_bool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Invitation links are credentials: keep their tokens out of every log line.
    "filters": {"redact_tokens": {"()": "pip_portal.security.RedactTokensFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        "pip_portal.security": {"level": "INFO"},
        # "Not Found: /invite/<token>/": redacted at the source, for every handler.
        "django.request": {"filters": ["redact_tokens"]},
    },
}
