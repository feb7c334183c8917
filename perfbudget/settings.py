"""Settings for perfbudget, read from the environment (twelve-factor style)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from dotenv import load_dotenv

from perfbudget.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

# Settings fail closed: without configuration the app runs as in production (DEBUG off) and
# refuses to start without a SECRET_KEY. Development mode is chosen explicitly:
# - `make run` writes this git-ignored file once (DEBUG=true and a generated SECRET_KEY), and
#   every `manage.py` command run in the project folder reads it. The environment wins over it.
# - pytest announces itself in PYTEST_VERSION before it loads these settings: the test suite
#   runs in development mode with a throwaway key and ignores any local file, so it runs the
#   same on every machine (a variable set in the environment still wins, as in
#   tests/test_security.py, which starts manage.py in production mode).
# PERFBUDGET_LOCAL_ENV names another file (tests use it).
LOCAL_ENV_FILE = Path(os.environ.get("PERFBUDGET_LOCAL_ENV", BASE_DIR / "var" / "local.env"))
TESTING = "PYTEST_VERSION" in os.environ
if not TESTING:
    load_dotenv(LOCAL_ENV_FILE, override=False)


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable as a list of non-empty items."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", TESTING)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and TESTING and DEBUG:
    SECRET_KEY = "pytest-only-" + "insecure-key-" * 4
if not SECRET_KEY:
    raise RuntimeError(
        "SECRET_KEY must be set: in the environment in production (docs/deploy.md), or run "
        f"`make run` once for development (it writes {LOCAL_ENV_FILE} with a generated key)."
    )
if not DEBUG and SECRET_KEY.startswith("change-me"):
    raise RuntimeError("SECRET_KEY is still the placeholder of deploy/env.example: set a real one.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "perfbudget.third_party_apps.AxesConfig",  # "axes", with a Chinese name in the admin
    "csp",
    "django_tasks",
    "perfbudget.third_party_apps.TaskResultsConfig",  # "django_tasks_db", named in Chinese
    "accounts",
    "workflow",
    "notices",
    "evaluation",
    "indicators",
    "projects",
    "reports",
    "reviews",
    "imports",
    "api",
    "pages",
    "workers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After SessionMiddleware in the list, so it runs before the session is saved.
    "perfbudget.middleware.SessionActivityMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: cleans pasted control characters out of every form and says so (#14).
    "perfbudget.middleware.FormTextMiddleware",
    # Records the acting user on every history row written during a request.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: locks out repeated login failures.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "perfbudget.urls"

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
                "notices.context_processors.unread_notices",
                "pages.context_processors.navigation",
            ],
        },
    },
    {
        # The editor's inputs, the list bodies and the home list (*.jinja, decision 018).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "perfbudget.jinja.environment"},
    },
]

WSGI_APPLICATION = "perfbudget.wsgi.application"

# SQLite as a server needs it (#14): WAL lets readers go on while one connection writes;
# BEGIN IMMEDIATE takes the write lock when a transaction starts, so a transaction that read
# (a version check) never has to upgrade its lock later, which SQLite refuses at once with
# "database is locked" instead of waiting; and a writer waits up to SQLITE_BUSY_SECONDS for
# the lock. synchronous=NORMAL is the documented safe pairing with WAL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": int(os.environ.get("SQLITE_BUSY_SECONDS", "20")),
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL",
}


def database_config(url: str | None = None) -> dict:
    """The database from DATABASE_URL (or `url`), with SQLITE_OPTIONS when it is SQLite."""
    config = dj_database_url.parse(
        url or os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections save a connect per request in production (#8).
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_config()}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese is the source language: msgids are the Chinese text, so no catalogs are needed and
# zh-hans is the only language offered; an `Accept-Language: en` browser still gets Chinese
# (docs/decisions/011-chinese-source-strings.md says how another language would be added).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for the English strings of third-party apps shown in the admin (#17).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Production: `collectstatic` writes hashed, compressed copies that whitenoise serves from
# gunicorn itself (no nginx needed for CSS/JS); while developing, runserver serves static/ (#8).
if not DEBUG:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# A shared cache (Redis) when several app servers run: `CACHE_URL=redis://127.0.0.1:6379/1`.
# Without it each process keeps its own in-memory cache, which is right for one server.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
        "TIMEOUT": 24 * 3600,
    }
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 24 * 3600}
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

DJANGO_TABLES2_TEMPLATE = "tables/bootstrap5_fast.html"
DJANGO_TABLES2_PAGE_RANGE = 8

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out user is refused before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend that reads the profile (role) in the same query as the user.
    "accounts.backends.ProfileModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Behind a load balancer every request comes from the balancer's address: lockout keyed on it
# would lock real users out when anyone fails (#14). X-Forwarded-For is read only on requests
# from these addresses (the same FORWARDED_ALLOW_IPS gunicorn trusts for X-Forwarded-Proto;
# IPs or networks, comma-separated); any other request is keyed on its own address, so a
# client cannot choose its address by sending the header itself. See perfbudget/client_ip.py.
TRUSTED_PROXIES = env_list("FORWARDED_ALLOW_IPS")
AXES_CLIENT_IP_CALLABLE = "perfbudget.client_ip.client_ip"

# Sessions end after 30 minutes without a request (±1 minute), and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(30 * 60)))
# Renewed at most once a minute by SessionActivityMiddleware instead of on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_INTERVAL = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): every asset is the app's own (static/, no CDN), and no
# page has inline scripts, styles or event handlers (tests/test_csp.py), so a strict policy
# holds. data: images are Bootstrap's icons inside its CSS (select arrows, checkboxes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

if not DEBUG:
    # Production: HTTPS only (TLS terminates at the load balancer, which sets the header).
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Background jobs (batch exports): Django's tasks API through the django-tasks backport, queued
# in the database; `make run` starts `manage.py run_worker` (db_worker with a heartbeat for
# /healthz/) beside the web server.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
EXPORTS_DIR = Path(os.environ.get("EXPORTS_DIR", BASE_DIR / "var" / "exports"))
# Imports of more projects than this are checked and saved by the worker (`run_worker`), not in
# the request: a county-wide file takes longer than a web request may (GUNICORN_TIMEOUT).
IMPORT_INLINE_PROJECTS = int(os.environ.get("IMPORT_INLINE_PROJECTS", "200"))
# A large import still 检查中/导入中 after this long may be queued again from its page (its
# worker was stopped); the work is idempotent, so a second run of a finished one does nothing.
IMPORT_STALE_MINUTES = int(os.environ.get("IMPORT_STALE_MINUTES", "30"))
# Batch zips older than this are removed by `manage.py cleanup_exports` (a daily timer).
EXPORTS_KEEP_DAYS = int(os.environ.get("EXPORTS_KEEP_DAYS", "7"))

# Notices (#17) are also e-mailed when NOTICE_EMAIL_ENABLED (off by default) through Django's
# mail settings; NOTICE_SITE_URL (https://…) makes the message's link absolute.
NOTICE_EMAIL_ENABLED = env_bool("NOTICE_EMAIL_ENABLED", False)
NOTICE_SITE_URL = os.environ.get("NOTICE_SITE_URL", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "perfbudget@localhost")

# Structured logs (#8): JSON lines on stdout in production (LOG_JSON=false for plain text).
LOGGING = logging_config(
    json_logs=env_bool("LOG_JSON", not DEBUG), level=os.environ.get("LOG_LEVEL", "INFO")
)
# /healthz/ reports the worker as stalled when a queued task waits longer than this.
HEALTH_QUEUE_MAX_SECONDS = int(os.environ.get("HEALTH_QUEUE_MAX_SECONDS", "300"))
# `manage.py run_worker` beats this often; /healthz/ counts a worker alive for this long after
# its last beat (workers/heartbeat.py).
WORKER_HEARTBEAT_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_SECONDS", "15"))
WORKER_HEARTBEAT_MAX_SECONDS = int(os.environ.get("WORKER_HEARTBEAT_MAX_SECONDS", "60"))
