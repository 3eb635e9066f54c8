"""Settings for Revier IT-Karriere.

One module for every machine: whatever differs between machines is read from the
environment (see README, "Configuration"). DEBUG is off unless DJANGO_DEBUG says so.
"""

import os
import urllib.parse
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name, default, minimum=0):
    """A whole number from the environment; a bad one stops the start, naming the variable."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value!r}."
        )
    return number


def env_decimal(name, default, minimum):
    """A decimal number from the environment (``13.90``); a bad one stops the start."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return Decimal(default)
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number < Decimal(minimum):
        raise ImproperlyConfigured(f"{name} must be a number of at least {minimum}, not {value!r}.")
    return number


def env_mailer(name, timeout):
    """Django's default mailer (``MAILERS["default"]``) from a URL:
    ``smtp://user:pass@host:port`` (plain SMTP), ``smtp+tls://…`` (STARTTLS), ``console:``
    (written to standard output). Unset: the console, which only suits development
    (README, "Configuration"). A bad URL stops the start, naming the variable."""
    value = os.environ.get(name, "").strip()
    if not value or value == "console:":
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urllib.parse.urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = None
    if parts is None or parts.scheme not in ("smtp", "smtp+tls") or not parts.hostname:
        raise ImproperlyConfigured(
            # Without the value, which may hold a password.
            f"{name} must look like smtp://user:password@host:port, smtp+tls://… or console:."
        )
    tls = parts.scheme == "smtp+tls"
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": port or (587 if tls else 25),
            "username": urllib.parse.unquote(parts.username or ""),
            "password": urllib.parse.unquote(parts.password or ""),
            "use_tls": tls,
            "timeout": timeout,
        },
    }


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (any long random string) or run with "
            "DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    # Editorial admin (issue 4): history with revert, login lockout.
    "reversion",
    "axes",
    "portal",
    "jobs",
    "regions",
]

MIDDLEWARE = [
    # Ends a request still running after REQUEST_DEADLINE_SECONDS with the German 503.
    "common.outages.RequestDeadlineMiddleware",
    # /healthz and /readyz, before the host check: probes come by IP address.
    "common.middleware.ProbesMiddleware",
    "common.middleware.RequestIdMiddleware",
    # A cache hit is answered here, before the rest of the stack, with the final headers
    # the stack gave the page when it was stored (security headers, CSP, …). Its key holds
    # scheme and host, and only 200 answers are stored, so the SSL redirect and the host
    # check below still answer every request they would refuse.
    "common.cache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After a lost database: the German 503 at once, for a moment (common/outages.py).
    "common.middleware.DatabaseOutageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the CSRF check: a POST to a read-only page is a 405, not a CSRF failure.
    "common.middleware.AllowedMethodsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Editorial admin (issue 4): turns a login lockout into the German lockout page.
    # Last, as django-axes asks; it sets no cookie and does nothing on other requests.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    # Public pages: Jinja2 (see common/jinja2.py). Looked up first; it only knows
    # templates/jinja2/, so every other name falls through to the Django templates.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "common.jinja2.environment",
        },
    },
    # The admin and everything Django's own apps render.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

WSGI_APPLICATION = "portal.wsgi.application"

# SQLite file in the project unless DATABASE_URL names another database. Persistent
# connections with health checks: PostgreSQL pages ran at less than half the speed
# when every request opened a new connection.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A database that hangs must not hang the site (common/outages.py): a new connection gives
# up after DJANGO_DB_CONNECT_TIMEOUT seconds (2 is libpq's smallest), a statement after
# DJANGO_DB_STATEMENT_TIMEOUT_MS (a held lock, an overloaded server; 0 = no limit, for a
# long migration), and a request after REQUEST_DEADLINE_SECONDS; each answers the German
# 503. The statement timeout is the shorter, so a slow but live server cancels the
# statement itself and the connection stays usable.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env_int("DJANGO_DB_CONNECT_TIMEOUT", 2, minimum=1),  # 0: for ever
        "options": f"-c statement_timeout={env_int('DJANGO_DB_STATEMENT_TIMEOUT_MS', 3000)}",
        **DATABASES["default"].get("OPTIONS", {}),
    }
REQUEST_DEADLINE_SECONDS = env_int("DJANGO_REQUEST_DEADLINE_SECONDS", 4)

# The cache holds the content version and the cached pages, so every process that serves
# pages must share it: Redis (REDIS_URL) for several instances, a directory
# (DJANGO_CACHE_DIR) for several workers on one host. Memory local to the process, the
# default, is right for one process only (runserver, or gunicorn with one worker).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_DIR = os.environ.get("DJANGO_CACHE_DIR", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "portal",
            # A Redis that hangs costs half a second, then the process leaves it alone
            # for a few seconds (common/outages.py); redis-py's default is 5 s per call.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif CACHE_DIR:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            # The content version must not expire; pages carry their own timeout.
            "TIMEOUT": None,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous GET pages are cached for the content version they were made at
# (common/cache.py), so an edit is visible at the next request. DJANGO_PAGE_CACHE=0 and
# DJANGO_PER_VERSION_MEMO=0 switch the two speed mechanisms off (docs/performance.md).
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", True)
PAGE_CACHE_SECONDS = env_int("DJANGO_PAGE_CACHE_SECONDS", 3600)
PER_VERSION_MEMO = env_bool("DJANGO_PER_VERSION_MEMO", True)

# A profile whose "Stand" date is older than this many days is flagged as possibly out of
# date: in the admin list for editors and with a note on the public pages.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 365)

# Statutory minimum wage in euros per hour (2026: 13.90), which a job posting's lower pay
# must reach for its hours. Never below 13.90: the database's CHECK holds that value as a
# floor (jobs.models.MINIMUM_WAGE_FLOOR); a higher setting is enforced by the validation.
MINIMUM_WAGE_EUR_PER_HOUR = env_decimal("MINIMUM_WAGE_EUR_PER_HOUR", "13.90", minimum="13.90")

# --- E-mail (employer submissions, SPEC §10) ----------------------------------------------
# A mail server that does not answer must not hold a request for long: the page then says
# the mail is pending and offers to send it again (jobs/services.py).
# The variable EMAIL_TIMEOUT applies to each step of the SMTP conversation; a hung mail
# server costs it once, which must end before the request deadline cuts the page off: by
# default 2 s, or half the deadline when that is shorter; a value set that does not end
# before the deadline stops the start. (Django 6.1 deprecates its own EMAIL_* settings
# for MAILERS, hence another name here.)
SMTP_TIMEOUT_SECONDS = env_int("EMAIL_TIMEOUT", 0)
if SMTP_TIMEOUT_SECONDS == 0:
    SMTP_TIMEOUT_SECONDS = min(2, REQUEST_DEADLINE_SECONDS / 2) if REQUEST_DEADLINE_SECONDS else 2
elif REQUEST_DEADLINE_SECONDS and SMTP_TIMEOUT_SECONDS >= REQUEST_DEADLINE_SECONDS:
    raise ImproperlyConfigured(
        f"EMAIL_TIMEOUT ({SMTP_TIMEOUT_SECONDS}) must be shorter than "
        f"DJANGO_REQUEST_DEADLINE_SECONDS ({REQUEST_DEADLINE_SECONDS}), or a slow mail "
        "server ends pages with a 503."
    )
MAILERS = {"default": env_mailer("EMAIL_URL", SMTP_TIMEOUT_SECONDS)}
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Revier IT-Karriere <noreply@localhost>"
).strip()
# Where the editors learn of confirmed submissions; empty: nobody is mailed (logged).
POSTINGS_REVIEW_EMAIL = env_list("POSTINGS_REVIEW_EMAIL", [])
# Submissions accepted per client address and day (the address is kept only as a keyed
# hash whose key changes daily, jobs/services.py).
SUBMISSIONS_PER_ADDRESS_PER_DAY = env_int("SUBMISSIONS_PER_ADDRESS_PER_DAY", 5, minimum=1)
# Submissions accepted per contact address and day: each mails that address a
# confirmation link, so nobody can use the form to flood someone's inbox.
SUBMISSIONS_PER_CONTACT_PER_DAY = env_int("SUBMISSIONS_PER_CONTACT_PER_DAY", 3, minimum=1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
# German number formatting: 3.000 €
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------
# Production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto. gunicorn
# believes that header only from the proxy's address (FORWARDED_ALLOW_IPS) and sets the
# request's scheme from it; Django takes the scheme from gunicorn. SECURE_PROXY_SSL_HEADER
# stays unset: Django would read the header from whoever sent it.
# Off for audits on plain-HTTP loopback: DJANGO_SECURE_SSL_REDIRECT=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is hard to undo (browsers ship the list for months), so the operator opts in
# with DJANGO_HSTS_PRELOAD=1 once every subdomain speaks HTTPS; until then Django's deploy
# check would ask for it.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A session cookie (gone when the browser closes), as the Datenschutzerklärung says; only
# the submission's form pages set it. Django's default would keep it for a year.
CSRF_COOKIE_AGE = None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything comes from this host; no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), interest-cohort=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)

# --- Logging: one JSON object per line, with the request id -----------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "common.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "common.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# The admin is the only place to log in: a login whose "next" is not on this site (and
# Django therefore ignores) lands on the admin's index, not on /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

# --- Editorial admin (issue 4): login lockout ----------------------------------------------
# django-axes counts failed logins per user name and client address and locks that pair out
# for a while; see docs/admin.md. The standalone backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Lock the pair, not the user name alone: a stranger cannot lock an editor out by guessing.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The German 429 page of the site (templates/jinja2/429.html).
AXES_LOCKOUT_TEMPLATE = "429.html"
# Behind N trusted reverse proxies (DJANGO_TRUSTED_PROXY_COUNT=N) the client address is taken
# from X-Forwarded-For; without proxies from the connection itself.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "common.login_throttle.client_ip"
