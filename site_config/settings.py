"""DiceyTech settings: one module, read from the environment.

With no variables set, everything runs on one machine (SQLite, a SQLite huey queue, local
files, mail printed and written under var/mail/, DEBUG on). `.env.example` lists every
variable; production sets at least DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL,
REDIS_URL, EMAIL_URL and the S3 variables.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# Embedded defaults (SQLite, the huey queue, the disk cache, local media) live under var/.
VAR_DIR.mkdir(exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

# --- Core ---------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site refuses to start without one: "
            "set SECRET_KEY to a long random string (python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production-0123456789abcdef"  # noqa: S105
# Old keys still accepted for signatures (sessions, password-reset links) while a new
# SECRET_KEY takes over: README, "Rotating SECRET_KEY".
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies in front of the site append to X-Forwarded-For. The client IP is
# read that many entries from the right, so a client cannot spoof it with its own header.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Take the request id from the proxy's X-Request-ID header (the proxy must set or replace it);
# otherwise every request gets a new id (apps.core.observability).
TRUST_REQUEST_ID_HEADER = env.bool("TRUST_REQUEST_ID_HEADER", default=TRUSTED_PROXY_COUNT > 0)
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
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django_htmx",
    "crispy_forms",
    "crispy_tailwind",
    "django_recaptcha",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "allauth.usersessions",
    "huey.contrib.djhuey",
    # Ours. seed_demo, data export and erasure visit the apps in this order.
    "apps.core",
    "apps.accounts",
    "apps.mailer",
    "apps.notifications",
    "apps.exports",
    "apps.profiles",
    "apps.events",
    "apps.hackathons",
    "apps.projects",
    "apps.jobs",
    "apps.community",
    "apps.careers",
    "apps.learning",
    "apps.programs",
    "apps.mentor",
    "apps.mentorship",
]

MIDDLEWARE = [
    # First: the request id, the request's log line and its metrics cover everything below.
    "apps.core.observability.RequestObservabilityMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # 400 for a NUL in the path, query string or headers, before anything reads them.
    "apps.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside CsrfViewMiddleware (it skips responses that set the CSRF cookie) and outside
    # everything that writes the body.
    "apps.core.middleware.BreachSafeGZipMiddleware",
    "apps.core.middleware.CodeStylesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.accounts.middleware.SessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.HtmxVaryMiddleware",
    # MAINTENANCE_MODE: writes answered 503 "back soon" before any view runs.
    "apps.core.maintenance.MaintenanceModeMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

# Benchmark mode (python manage.py bench) adds a bare view to measure the ceiling against.
BENCH_MODE = env.bool("BENCH_MODE", default=False)
ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"
SITE_ID = 1

# No "loaders" on purpose: Django then wraps the filesystem and app loaders in its cached
# loader, so each template is read and parsed once per process (in development too, where
# it is cleared when a file changes). Listing loaders without the cached one would parse
# every template on every render. tests/core/test_render_cost.py holds this.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.site",
                "apps.core.pagecache.placeholders",
            ],
            "builtins": ["apps.core.templatetags.core_tags"],
        },
    }
]

# --- Database -----------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web process and the worker write side by side.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, queue ---------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "apps.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="diceytech"),
        }
    }
else:
    # A SQLite-backed cache on disk: shared by the web process and the worker, with atomic
    # increments for rate limits (django-ratelimit refuses LocMem, file and database caches).
    CACHES = {
        "default": {
            "BACKEND": "diskcache.DjangoCache",
            "LOCATION": env.str("CACHE_DIR", default=str(VAR_DIR / "cache")),
            "OPTIONS": {"size_limit": 2**28},
        }
    }

# Busy public pages and each member's feed are served whole from the cache for this long
# at most (apps.core.pagecache); a change in the apps a page is built from renews it at once.
# 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Idle timeout: the session expires this long after the last request.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_TIMEOUT", default=14 * 24 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
# Staff sessions go idle sooner. The expiry is pushed forward at most once per
# SESSION_REFRESH_INTERVAL (apps.accounts.middleware), not on every request.
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_TIMEOUT", default=12 * 3600)
SESSION_REFRESH_INTERVAL = env.int("SESSION_REFRESH_INTERVAL", default=300)

# Live updates (apps.core.live): server-sent events through Redis pub/sub, for pages served
# over ASGI (the Procfile's uvicorn workers). Off without Redis, and under runserver or any
# WSGI server: pages then poll as before.
LIVE_UPDATES = env.bool("LIVE_UPDATES", default=bool(REDIS_URL))
LIVE_REDIS_URL = env.str("LIVE_REDIS_URL", default=REDIS_URL)
# A comment line on an idle stream this often (proxies close silent connections), and the
# check that its session still exists (logout elsewhere, expiry).
LIVE_HEARTBEAT_SECONDS = env.int("LIVE_HEARTBEAT_SECONDS", default=20)
# Each channel keeps its latest events this long (and at most this many) for reconnects.
LIVE_REPLAY_SIZE = env.int("LIVE_REPLAY_SIZE", default=100)
LIVE_REPLAY_SECONDS = env.int("LIVE_REPLAY_SECONDS", default=600)
# A stream ends after this long and the browser reconnects (and is authenticated anew).
LIVE_STREAM_MAX_SECONDS = env.int("LIVE_STREAM_MAX_SECONDS", default=3600)
# How long a browser waits before reconnecting a dropped stream.
LIVE_RETRY_MS = env.int("LIVE_RETRY_MS", default=2000)
# Under the ASGI server every page request runs in one of this many threads per worker.
ASGI_PAGE_THREADS = env.int("ASGI_PAGE_THREADS", default=8)

HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default=False)
HUEY = {
    "name": env.str("HUEY_NAME", default="diceytech"),
    # djhuey would turn on immediate mode whenever DEBUG is on; the dev worker is real.
    "immediate": HUEY_IMMEDIATE,
    "consumer": {"workers": env.int("HUEY_WORKERS", default=2), "worker_type": "thread"},
}
if REDIS_URL:
    HUEY |= {"huey_class": "apps.core.queue.RedisHuey", "connection": {"url": REDIS_URL}}
else:
    HUEY |= {"huey_class": "apps.core.queue.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")}

# --- Files --------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
# Without S3 the site serves public uploads from MEDIA_ROOT itself (apps.core.media), with
# DEBUG off too; false when a web server in front answers /media/. Private files never.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME)
_s3_options = {
    "bucket_name": AWS_STORAGE_BUCKET_NAME,
    "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
    "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
    "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
    "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
    "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
    "file_overwrite": False,
}
# `manage.py backup --to s3://bucket/prefix` reaches the bucket with these (apps.core.backup).
BACKUP_S3_OPTIONS = {
    key: value for key, value in _s3_options.items() if key not in {"bucket_name", "file_overwrite"}
}
STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3_options | {"location": "public"}}
        if AWS_STORAGE_BUCKET_NAME
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    # CVs and other personal files: never served directly, only through views that check
    # permission.
    "private": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": _s3_options | {"location": "private", "default_acl": "private"},
        }
        if AWS_STORAGE_BUCKET_NAME
        else {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
        }
    ),
    "staticfiles": {
        "BACKEND": (
            "apps.core.staticstorage.CompressedManifestStatic"
            if env.bool("STATIC_MANIFEST", default=not DEBUG)
            else "apps.core.staticstorage.CompressedStatic"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- Email --------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="DiceyTech <hello@diceytech.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env.str("EMAIL_URL", default="")


def _smtp_mailer(url: str) -> dict:
    """smtp://user:pass@host:587 (STARTTLS with smtp+tls://, implicit TLS with smtps://)."""
    parts = urlparse(url)
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or 25,
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme in {"smtp+tls", "submission"},
            "use_ssl": parts.scheme == "smtps",
            "timeout": env.int("EMAIL_TIMEOUT", default=15),
        },
    }


MAILERS = {
    "default": (
        _smtp_mailer(EMAIL_URL)
        if EMAIL_URL
        else {
            # Development: print every mail and keep a copy under var/mail/ so a newcomer
            # can open a confirmation link.
            "BACKEND": "apps.mailer.backends.ConsoleAndFileBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    )
}

# --- Authentication -----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, reading the signed-in member through the cache.
AUTHENTICATION_BACKENDS = [
    "apps.accounts.backends.CachedModelBackend",
    "apps.accounts.backends.CachedAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Mail scanners follow links: confirming takes a button press (POST).
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "apps.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# allauth reads the provider URL at import time, so it can only come from the environment.
GITHUB_URL = env.str("GITHUB_URL", default="https://github.com").rstrip("/")
SOCIALACCOUNT_PROVIDERS = {
    "github": {
        "GITHUB_URL": GITHUB_URL,
        "SCOPE": ["read:user", "user:email"],
        **(
            {
                "APPS": [
                    {
                        "client_id": env.str("GITHUB_CLIENT_ID"),
                        "secret": env.str("GITHUB_CLIENT_SECRET", default=""),
                    }
                ]
            }
            if env.str("GITHUB_CLIENT_ID", default="")
            else {}
        ),
    }
}

OTP_TOTP_ISSUER = "DiceyTech"
# django-otp's own back-off (1, 2, 4, 8… seconds after each failure) stays on; on top of it
# a device is locked for OTP_LOCKOUT_SECONDS after OTP_LOCKOUT_FAILURES wrong codes in a row.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_LOCKOUT_FAILURES = 5
OTP_LOCKOUT_SECONDS = env.int("OTP_LOCKOUT_SECONDS", default=15 * 60)
# Logins, signups and password resets are limited by allauth, per client IP (the trusted-proxy
# rule via AccountAdapter.get_client_ip) and per submitted email ("key"). For failed logins
# the key is the email and the client IP together (AccountAdapter), so failures from one
# address never lock the owner out from another.
ACCOUNT_RATE_LIMITS = {
    "login": "20/m/ip",
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[DiceyTech] "
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
USERSESSIONS_TRACK_ACTIVITY = False
# Per member, counting every attempt (failures are what they limit): two-factor codes,
# enrolment and enrolment links; ending other sessions; data exports and account deletion.
ACCOUNTS_TWO_FACTOR_RATE = env.str("ACCOUNTS_TWO_FACTOR_RATE", default="30/h")
ACCOUNTS_SESSIONS_RATE = env.str("ACCOUNTS_SESSIONS_RATE", default="30/h")
ACCOUNTS_DATA_RATE = env.str("ACCOUNTS_DATA_RATE", default="10/h")

# --- Security -----------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- binds the cookie to this exact host over HTTPS.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

RECAPTCHA_PUBLIC_KEY = env.str("RECAPTCHA_PUBLIC_KEY", default="")
RECAPTCHA_PRIVATE_KEY = env.str("RECAPTCHA_PRIVATE_KEY", default="")
RECAPTCHA_ENABLED = bool(RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY)
_recaptcha_hosts = (
    ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"] if RECAPTCHA_ENABLED else []
)

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE, *_recaptcha_hosts],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:", "https:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF, "blob:"],
    "frame-src": [*_recaptcha_hosts] or [CSP.NONE],
    "form-action": [CSP.SELF, GITHUB_URL],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Images in member Markdown are fetched by the site and served from /img-proxy/ (see
# apps.core.imageproxy), so readers' browsers never call the hosts members link to.
IMAGE_PROXY_MAX_BYTES = env.int("IMAGE_PROXY_MAX_BYTES", default=5 * 1024 * 1024)
IMAGE_PROXY_TIMEOUT = env.float("IMAGE_PROXY_TIMEOUT", default=5.0)
IMAGE_PROXY_CACHE_SECONDS = env.int("IMAGE_PROXY_CACHE_SECONDS", default=24 * 3600)
# New (uncached) images fetched per client IP; cached ones are not counted.
IMAGE_PROXY_RATE = env.str("IMAGE_PROXY_RATE", default="60/m")
# Never in production: lets tests fetch from a server on 127.0.0.1. Not read from the
# environment on purpose.
IMAGE_PROXY_ALLOW_PRIVATE = False

RATELIMIT_IP_META_KEY = "apps.core.client_ip.client_ip_for_ratelimit"
RATELIMIT_VIEW = "apps.core.views.rate_limited"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)

SILENCED_SYSTEM_CHECKS = [
    # Django's RedisCache and diskcache both increment atomically; django-ratelimit only
    # lists memcached and django-redis as officially supported.
    "django_ratelimit.W001",
]
if not RECAPTCHA_ENABLED:
    # Without keys the forms render no reCAPTCHA field at all, so the test keys are unused.
    SILENCED_SYSTEM_CHECKS.append("django_recaptcha.recaptcha_test_key_error")

# --- Forms and UI -------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "tailwind"
CRISPY_TEMPLATE_PACK = "tailwind"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env.str("TIME_ZONE", default="Africa/Lagos")
USE_I18N = True
USE_TZ = True
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- Logging ------------------------------------------------------------------------------

# One line per request ("diceytech.request") and per task ("diceytech.task") with the request
# id, member id, path, status, duration and query count (apps.core.observability): JSON lines
# in production, readable lines in development.
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structured": {"()": "apps.core.observability.log_formatter", "log_format": LOG_FORMAT}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Through the root handler only, formatted like every other line (Django's own
        # console handler would print each of its lines a second time).
        "django": {"level": "INFO", "propagate": True},
        # The request line replaces runserver's own access line.
        "django.server": {"level": "WARNING", "propagate": True},
        # The per-request and per-task lines; WARNING silences them (the tests do).
        "diceytech.request": {"level": env.str("REQUEST_LOG_LEVEL", default="INFO")},
        "diceytech.task": {"level": env.str("REQUEST_LOG_LEVEL", default="INFO")},
        # huey's "Executing…"/"…executed in" lines repeat the task line. A handler here also
        # keeps run_huey from adding its own, which would print every line twice.
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Operations ---------------------------------------------------------------------------
# Errors to Sentry when SENTRY_DSN is set, personal data scrubbed (apps.core.sentry).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="")
SENTRY_RELEASE = env.str("SENTRY_RELEASE", default="")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
# Prometheus metrics at /metrics for a scraper sending "Authorization: Bearer <token>";
# no token, no metrics page (404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# Read-only maintenance: every POST answers 503 "back soon" with Retry-After; reads go on.
MAINTENANCE_MODE = env.bool("MAINTENANCE_MODE", default=False)
MAINTENANCE_RETRY_AFTER = env.int("MAINTENANCE_RETRY_AFTER", default=600)
# Where `manage.py backup` writes when no --to is given: a folder or s3://bucket/prefix.
BACKUP_TARGET = env.str("BACKUP_TARGET", default=str(VAR_DIR / "backups"))

# --- App settings -------------------------------------------------------------------------
# Each app keeps its own settings in its own block below.

# mailer
# A failed delivery is retried after MAILER_RETRY_BASE_SECONDS * 2**(attempt-1), capped at
# MAILER_RETRY_MAX_SECONDS; after MAILER_MAX_ATTEMPTS the row is "failed" (staff can retry).
MAILER_MAX_ATTEMPTS = env.int("MAILER_MAX_ATTEMPTS", default=8)
MAILER_RETRY_BASE_SECONDS = env.float("MAILER_RETRY_BASE_SECONDS", default=30.0)
MAILER_RETRY_MAX_SECONDS = env.float("MAILER_RETRY_MAX_SECONDS", default=3600.0)
# A worker owns a row it is sending for this long; longer than EMAIL_TIMEOUT. Rows still
# pending or sending past it are delivered again by the sweeper.
MAILER_LEASE_SECONDS = env.float("MAILER_LEASE_SECONDS", default=60.0)
# How often the sweeper looks (huey's periodic tasks fire once a minute; a shorter interval
# makes the minute's sweep repeat inside the task, which the chaos test uses).
MAILER_SWEEP_INTERVAL_SECONDS = env.float("MAILER_SWEEP_INTERVAL_SECONDS", default=60.0)
# The right-hand side of Message-IDs and inline images' Content-IDs: a domain the site owns
# (receivers score a bare word as a forgery), by default SITE_URL's host.
MAILER_MESSAGE_ID_DOMAIN = env.str(
    "MAILER_MESSAGE_ID_DOMAIN", default=urlparse(SITE_URL).hostname or "diceytech.invalid"
)
# events
# Submissions per hour per client IP per form; inline field checks have their own, looser limit.
EVENTS_FORM_RATE = env.str("EVENTS_FORM_RATE", default="10/h")
EVENTS_VALIDATE_RATE = env.str("EVENTS_VALIDATE_RATE", default="300/h")
# Confirm, edit, cancel and delete through the emailed links.
EVENTS_LINK_RATE = env.str("EVENTS_LINK_RATE", default="60/h")
EVENTS_FORM_MIN_SECONDS = env.float("EVENTS_FORM_MIN_SECONDS", default=3.0)
EVENTS_MAX_LINKS = env.int("EVENTS_MAX_LINKS", default=2)
EVENTS_PHONE_REGION = env.str("EVENTS_PHONE_REGION", default="NG")
EVENTS_CONFIRM_MAX_AGE_DAYS = env.int("EVENTS_CONFIRM_MAX_AGE_DAYS", default=7)
EVENTS_STAFF_EMAILS = env.list("EVENTS_STAFF_EMAILS", default=[])
# exports
# An export's worker renews its lease with every batch of rows; once the lease has run out
# the worker is presumed dead and the sweeper restarts the export, at most
# EXPORT_MAX_ATTEMPTS runs in all, then marks it failed.
EXPORT_LEASE_SECONDS = env.float("EXPORT_LEASE_SECONDS", default=300.0)
EXPORT_MAX_ATTEMPTS = env.int("EXPORT_MAX_ATTEMPTS", default=3)
# Exports (and their files, copies of personal data) are deleted this many days after they
# were asked for.
EXPORT_KEEP_DAYS = env.int("EXPORT_KEEP_DAYS", default=7)
# hackathons
HACKATHON_BANNER_MAX_BYTES = env.int("HACKATHON_BANNER_MAX_BYTES", default=5 * 1024 * 1024)
# Joining, teams, submissions, scores and organiser edits, per member (or IP).
HACKATHON_POST_RATE = env.str("HACKATHON_POST_RATE", default="60/m")
# jobs
JOBS_LISTING_DAYS = env.int("JOBS_LISTING_DAYS", default=30)
JOBS_CV_MAX_BYTES = 5 * 1024 * 1024
JOBS_LOGO_MAX_BYTES = 2 * 1024 * 1024
# Rough rates to compare salaries across currencies (sort and minimum-salary filter only).
JOBS_USD_RATES = {"USD": 1.0, "NGN": 1 / 1500, "EUR": 1.08, "GBP": 1.27}
JOBS_APPLY_RATE = env.str("JOBS_APPLY_RATE", default="20/h")
JOBS_WRITE_RATE = env.str("JOBS_WRITE_RATE", default="120/h")
# careers
# Quiz pages saved, answers autosaved as they are chosen, starts and shares, per member.
CAREERS_ANSWER_RATE = env.str("CAREERS_ANSWER_RATE", default="600/h")
# programs
# Applications to programs and mission submissions per member (or IP); every other program
# action (decisions, reviews, announcements, joining an open cohort) under PROGRAMS_WRITE_RATE.
PROGRAMS_APPLY_RATE = env.str("PROGRAMS_APPLY_RATE", default="10/h")
PROGRAMS_SUBMIT_RATE = env.str("PROGRAMS_SUBMIT_RATE", default="30/h")
PROGRAMS_WRITE_RATE = env.str("PROGRAMS_WRITE_RATE", default="120/h")
PROGRAMS_FILE_MAX_BYTES = 10 * 1024 * 1024
# A submission waiting this long in one mentor's queue is offered to another mentor.
PROGRAMS_ESCALATE_HOURS = env.int("PROGRAMS_ESCALATE_HOURS", default=72)
# profiles / projects
PROFILES_AVATAR_MAX_BYTES = 2 * 1024 * 1024
PROJECTS_IMAGE_MAX_BYTES = 2 * 1024 * 1024
PROFILES_WRITE_RATE = env.str("PROFILES_WRITE_RATE", default="60/h")
PROJECTS_WRITE_RATE = env.str("PROJECTS_WRITE_RATE", default="60/h")
PROJECTS_REACT_RATE = env.str("PROJECTS_REACT_RATE", default="120/m")
PROJECTS_TASK_RATE = env.str("PROJECTS_TASK_RATE", default="600/h")
PROJECTS_JOIN_RATE = env.str("PROJECTS_JOIN_RATE", default="20/h")
# GitHub webhooks (POST /hooks/github/<project>/) and the commit sync through GitHub's REST API.
GITHUB_WEBHOOK_MAX_BYTES = env.int("GITHUB_WEBHOOK_MAX_BYTES", default=1024 * 1024)
GITHUB_WEBHOOK_RATE = env.str("GITHUB_WEBHOOK_RATE", default="300/m")
GITHUB_API_URL = env.str("GITHUB_API_URL", default="https://api.github.com")
GITHUB_API_TOKEN = env.str("GITHUB_API_TOKEN", default="")
GITHUB_API_TIMEOUT = env.float("GITHUB_API_TIMEOUT", default=10.0)
GITHUB_SYNC_COMMITS = env.int("GITHUB_SYNC_COMMITS", default=50)
GITHUB_SYNC_RATE = env.str("GITHUB_SYNC_RATE", default="10/h")
# community / notifications
# Per member: new posts and edits, comments, and everything else (reactions, follows, saves,
# previews, reports).
COMMUNITY_POST_RATE = env.str("COMMUNITY_POST_RATE", default="10/h")
COMMUNITY_COMMENT_RATE = env.str("COMMUNITY_COMMENT_RATE", default="30/h")
COMMUNITY_ACTION_RATE = env.str("COMMUNITY_ACTION_RATE", default="120/m")
# Marking notifications read and saving preferences, per member.
NOTIFICATIONS_WRITE_RATE = env.str("NOTIFICATIONS_WRITE_RATE", default="120/m")
# learning
# Where `manage.py import_courses` reads course files (content/courses/<slug>/course.toml).
LEARNING_CONTENT_DIR = env.path("LEARNING_CONTENT_DIR", default=BASE_DIR / "content" / "courses")
# Submits per member (each runs the sandbox), and how many submissions may wait in the queue
# at once: past the cap Submit asks to try again, so a burst cannot hold up email delivery.
LEARNING_SUBMIT_RATE = env.str("LEARNING_SUBMIT_RATE", default="20/m")
LEARNING_QUEUE_CAP = env.int("LEARNING_QUEUE_CAP", default=50)
# Enrol, mark a lesson read, and instructors' course writes, per member.
LEARNING_WRITE_RATE = env.str("LEARNING_WRITE_RATE", default="120/h")
LEARNING_THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024
# Lessons embed videos only from these hosts.
LEARNING_VIDEO_HOSTS = env.list(
    "LEARNING_VIDEO_HOSTS",
    default=["www.youtube-nocookie.com", "www.youtube.com", "youtu.be", "player.vimeo.com"],
)
# The code sandbox (apps/learning/sandbox, README "The code sandbox"): the bubblewrap binary,
# the uid a root worker drops to, the Python run inside (default: the worker's own), and the
# limits of one run.
SANDBOX_BWRAP = env.str("SANDBOX_BWRAP", default="bwrap")
SANDBOX_UID = env.int("SANDBOX_UID", default=65534)
SANDBOX_PYTHON = env.str("SANDBOX_PYTHON", default="")
SANDBOX_CPU_SECONDS = env.int("SANDBOX_CPU_SECONDS", default=5)
SANDBOX_WALL_SECONDS = env.int("SANDBOX_WALL_SECONDS", default=10)
SANDBOX_MEMORY_MB = env.int("SANDBOX_MEMORY_MB", default=256)
SANDBOX_LOCK_FILE = env.str("SANDBOX_LOCK_FILE", default="")
# mentor
# Which brain answers: "local" (offline, default) or "openai" (any OpenAI-compatible endpoint;
# on errors or timeouts the local brain answers and the reply says so).
MENTOR_BACKEND = env.str("MENTOR_BACKEND", default="local")
MENTOR_API_BASE = env.str("MENTOR_API_BASE", default="")
MENTOR_API_KEY = env.str("MENTOR_API_KEY", default="")
MENTOR_MODEL = env.str("MENTOR_MODEL", default="gpt-4o-mini")
MENTOR_TIMEOUT = env.float("MENTOR_TIMEOUT", default=20.0)
MENTOR_RATE_PER_MINUTE = env.int("MENTOR_RATE_PER_MINUTE", default=20)
MENTOR_RATE_PER_DAY = env.int("MENTOR_RATE_PER_DAY", default=500)
# Above the largest body the API's schema allows (15,000 characters of code, each sent as an
# escaped surrogate pair: 12 bytes), so only bodies that would fail validation anyway get 413.
MENTOR_MAX_BODY_BYTES = 192 * 1024
MENTOR_RUFF_TIMEOUT = env.float("MENTOR_RUFF_TIMEOUT", default=10.0)
MENTOR_TOKEN_CREATE_RATE = env.str("MENTOR_TOKEN_CREATE_RATE", default="10/h")
# mentorship and coaching
# Where a member who never chose a time zone reads booking times, streaks and weeks.
MENTORSHIP_DEFAULT_TIME_ZONE = env.str("MENTORSHIP_DEFAULT_TIME_ZONE", default="Africa/Lagos")
# How many days a mentorship stays a trial after the mentor accepts, and how far ahead
# sessions can be booked; a slot must be at least this many hours away to be booked.
MENTORSHIP_TRIAL_DAYS = env.int("MENTORSHIP_TRIAL_DAYS", default=14)
# A request the mentor has not answered within this many days closes, and the member is
# pointed to other mentors instead of waiting without a word.
MENTORSHIP_REQUEST_DAYS = env.int("MENTORSHIP_REQUEST_DAYS", default=7)
MENTORSHIP_BOOKING_DAYS = env.int("MENTORSHIP_BOOKING_DAYS", default=21)
MENTORSHIP_BOOKING_NOTICE_HOURS = env.int("MENTORSHIP_BOOKING_NOTICE_HOURS", default=2)
# A booked session can be cancelled or moved up to this many hours before it starts; later,
# the page refuses and asks the member to write to the other side (who is expecting them).
MENTORSHIP_CANCEL_NOTICE_HOURS = env.int("MENTORSHIP_CANCEL_NOTICE_HOURS", default=24)
# OTEI attendees who asked for post-event mentorship are invited for this many days after
# the event ends (older events are never invited).
MENTORSHIP_INVITE_WINDOW_DAYS = env.int("MENTORSHIP_INVITE_WINDOW_DAYS", default=30)
# Requests, accept/decline, bookings and coaching writes, per member.
MENTORSHIP_REQUEST_RATE = env.str("MENTORSHIP_REQUEST_RATE", default="20/h")
MENTORSHIP_WRITE_RATE = env.str("MENTORSHIP_WRITE_RATE", default="120/h")
MENTORSHIP_COACH_RATE = env.str("MENTORSHIP_COACH_RATE", default="20/h")
