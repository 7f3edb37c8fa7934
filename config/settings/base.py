"""Settings shared by every place the app runs; local, test and production extend it."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import SMTP_BACKEND, env_bool, env_email_backend, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "govuk_frontend_django",
    "improvement_tracker.core",
    "improvement_tracker.hotpath",
    "improvement_tracker.accounts",
    "improvement_tracker.plans",
    "improvement_tracker.documents",
    "improvement_tracker.notices",
    "improvement_tracker.api",
    "improvement_tracker.audit",
    "axes",
    "csp",
    "mozilla_django_oidc",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    # First, so that a load balancer's probe needs no host name, HTTPS or sign-in.
    "improvement_tracker.core.middleware.health_check",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so that static files keep their long-lived caching; before the
    # rest, so that whatever they answer (a redirect to sign in, a CSRF or lockout page)
    # is not stored either.
    "improvement_tracker.core.middleware.no_store",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Keeps signed-in sessions alive with a write a minute at most, not one per request.
    "improvement_tracker.accounts.middleware.session_refresh",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A person signed in with a one-time password chooses their own password first; then
    # one who must use two-factor sign-in and has not set it up does that.
    "improvement_tracker.accounts.middleware.password_change_first",
    "improvement_tracker.accounts.middleware.two_factor_setup_first",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "improvement_tracker" / "templates"],
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

# SQLite is the zero-configuration default; DATABASE_URL selects PostgreSQL, for example
# DATABASE_URL=postgres://tracker:PASSWORD@db.example.internal:5432/tracker
# Connections are kept between requests (CONN_MAX_AGE seconds) and checked before reuse,
# so that a restarted database costs one failed check, not one failed request.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# PostgreSQL plans a query each time it is sent, unless it was prepared. With the
# parameters sent apart from the query (server-side binding), psycopg prepares a query on a
# connection after its fifth use, so the queries every page repeats are planned once per
# connection: half of PostgreSQL's CPU on the action page (ADR 0021). Set
# DATABASE_PREPARED_STATEMENTS=off behind a pooler that cannot keep prepared statements
# (PgBouncer before 1.21 in transaction mode).
POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if POSTGRESQL and env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
# SQLite shared by several worker processes: with a write-ahead log, pages are read while
# someone writes; and a transaction that takes the write lock when it begins waits its
# turn, where one that read first and then tried to write would fail at once with
# "database is locked" (docs/deployment.md).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The code that exists only for speed (improvement_tracker/hotpath/) runs unless HOT_PATH
# is "off": then every page, export and session runs the plain Django code it stands for.
# The answers are the same either way (CI runs the suite both ways); off, they are slower.
HOT_PATH = env_bool("HOT_PATH", default=True)

# Each process keeps its own small cache. Cached pages are keyed by a fingerprint of the
# plan read from the database on every request, so nothing needs invalidating across
# app servers (ADR 0015); a shared cache would only save each server its first render.
# It is bounded by bytes as well as entries, so no stream of requests grows a worker
# (ADR 0026): 8 MiB a worker holds eight 1,000-action trackers, or a hundred of 60.
CACHES = {
    "default": {
        "BACKEND": "improvement_tracker.core.locmem.BoundedLocMemCache",
        "OPTIONS": {
            "MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 64),
            "MAX_BYTES": env_int("CACHE_MAX_BYTES", 8 * 1024 * 1024),
            "CULL_FREQUENCY": 4,
        },
    }
}

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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses a locked-out person before their password is checked.
    "axes.backends.AxesStandaloneBackend",
    "improvement_tracker.accounts.backends.ModelBackend",
]
# Single sign-on through OpenID Connect (for example Microsoft Entra ID), off unless set.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("improvement_tracker.accounts.oidc.OrganisationOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email profile"
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL_FAILURE = "/sign-in/?sso=failed"

# The audit trail's hash chain is an HMAC with this key when it is set (ADR 0025): someone
# who can write to the database but does not hold it cannot rebuild the chain. Set it
# before the audit migrations run and never change it (docs/deployment.md).
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", "")
# Refused access (404/403 from an access rule) is audited once per person, or address
# when signed out, per this many minutes; the rest are counted (audit/refusals.py).
AUDIT_REFUSED_EVERY_MINUTES = env_int("AUDIT_REFUSED_EVERY_MINUTES", 10)

# Failed sign-ins are counted per account (from any address) and per address (against
# any account), each against its own limit over a sliding 15 minutes (ADR 0024): an account
# takes 10 wrong passwords, an address 30, so a shared office's typing mistakes rarely
# lock it out while a guesser of many usernames is stopped. The handler answers axes in
# limits reached, so one reached locks out (AXES_FAILURE_LIMIT = 1).
AXES_HANDLER = "improvement_tracker.accounts.lockout.SignInLockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
SIGN_IN_FAILURES_PER_ACCOUNT = env_int("SIGN_IN_FAILURES_PER_ACCOUNT", 10)
SIGN_IN_FAILURES_PER_ADDRESS = env_int("SIGN_IN_FAILURES_PER_ADDRESS", 30)
AXES_FAILURE_LIMIT = 1
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
# The client's address, for the lockout and the audit trail alike: REMOTE_ADDR unless
# TRUSTED_PROXY_COUNT says how many proxies in front of the app append to X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "improvement_tracker.core.client_address.client_ip"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Two-factor sign-in (ADR 0024): anyone with a local password may add an authenticator
# app; with REQUIRE_TWO_FACTOR_FOR_MANAGERS, organisation administrators, plan managers
# and superusers must (production turns it on unless told otherwise). Single sign-on
# accounts rely on their identity provider and are never asked.
REQUIRE_TWO_FACTOR_FOR_MANAGERS = env_bool("REQUIRE_TWO_FACTOR_FOR_MANAGERS", False)
OTP_TOTP_ISSUER = "Improvement Tracker"
# Each wrong code makes the next wait twice as long (1, 2, 4 … seconds) on that device.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# Wrong codes one pending sign-in may try before the password must be entered again.
TWO_FACTOR_TRIES_PER_SIGN_IN = 5

# A one-time password from `manage.py add_person` stops signing in after this many days
# if its holder has not chosen their own password by then (ADR 0030).
ONE_TIME_PASSWORD_DAYS = env_int("ONE_TIME_PASSWORD_DAYS", 7)
if ONE_TIME_PASSWORD_DAYS < 1:
    raise ImproperlyConfigured(
        f"ONE_TIME_PASSWORD_DAYS must be 1 or more, not {ONE_TIME_PASSWORD_DAYS}."
    )

# Sessions live in the database (app servers keep no state) and end after 30 minutes idle:
# accounts.middleware.session_refresh moves the expiry on at most once a minute.
SESSION_ENGINE = "improvement_tracker.hotpath.sessions"
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# No inline script or style anywhere, so the policy needs no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# GOV.UK Frontend comes from npm at the version package.json pins; `make assets`
# builds application.css into build/static.
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    BASE_DIR / "build" / "static",
]

# Uploaded and generated files go through Django's storage API (STORAGES["default"]);
# on disk they live here unless production points FILE_STORAGE_BACKEND elsewhere.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# What an imported file may hold (docs/deployment.md, "Import limits"; ADR 0023). Each is
# far beyond a real tracker and keeps one import within a few hundred MB and seconds; a
# file over any of them is refused, naming the file and the limit, before the work.
IMPORT_LIMITS = {
    "file_mb": env_int("IMPORT_MAX_FILE_MB", 20),
    "part_mb": env_int("IMPORT_MAX_PART_MB", 50),
    "unzipped_mb": env_int("IMPORT_MAX_UNZIPPED_MB", 200),
    "zip_parts": env_int("IMPORT_MAX_ZIP_PARTS", 10_000),
    "xml_elements": env_int("IMPORT_MAX_XML_ELEMENTS", 1_000_000),
    "tables": env_int("IMPORT_MAX_TABLES", 500),
    "rows": env_int("IMPORT_MAX_ROWS", 20_000),
    "cells": env_int("IMPORT_MAX_CELLS", 100_000),
    "cell_chars": env_int("IMPORT_MAX_CELL_CHARACTERS", 100_000),
    "actions": env_int("IMPORT_MAX_ACTIONS", 5_000),
    "extra_fields": env_int("IMPORT_MAX_EXTRA_FIELDS", 50),
}

# Mail, under Django's own names (docs/deployment.md, ADR 0055): SMTP when EMAIL_HOST is set
# (a developer's machine too), GOV.UK Notify when GOVUK_NOTIFY_API_KEY is; otherwise local
# settings print mail on the console and production sends by SMTP to EMAIL_HOST.
EMAIL_BACKEND = env_email_backend(default=SMTP_BACKEND)
EMAIL_HOST = env_str("EMAIL_HOST", "") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds before a silent mail server is given up on, so the page does not hang with it.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# GOV.UK Notify (django-gov-notify): the service's API key and the id of its plain template,
# whose subject is ((subject)) and whose body is ((body)). Notify sends the text part only.
GOVUK_NOTIFY_API_KEY = env_str("GOVUK_NOTIFY_API_KEY", "")
GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID = env_str("GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID", "")
if GOVUK_NOTIFY_API_KEY and not GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID:
    raise ImproperlyConfigured(
        "GOVUK_NOTIFY_PLAIN_EMAIL_TEMPLATE_ID must be set with GOVUK_NOTIFY_API_KEY: the id of "
        "a Notify template whose subject is ((subject)) and whose body is ((body))."
    )
# The site's own address, for the links in emails sent by commands, which have no request
# to read it from: local default here, production must set it.
SITE_URL = (env_str("SITE_URL", "") or "http://127.0.0.1:8000").rstrip("/")
# send_reminders (notices/sending.py): messages sent over one SMTP connection, how many
# such batches are sent side by side, a claimed notice's lease before another run may
# retry it, and how many tries a notice gets.
NOTICE_BATCH_SIZE = env_int("NOTICE_BATCH_SIZE", 200)
NOTICE_CONNECTIONS = env_int("NOTICE_CONNECTIONS", 4)
NOTICE_CLAIM_MINUTES = env_int("NOTICE_CLAIM_MINUTES", 15)
NOTICE_MAX_ATTEMPTS = env_int("NOTICE_MAX_ATTEMPTS", 10)

# The JSON API (issue 21, ADR 0061): requests each token (or signed-in person) may make,
# as "N/s", "N/m" or "N/h", counted per app-server process; and how long a new token
# lasts unless its maker says otherwise.
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "1200/m")
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
# django-ninja: pages of at most this many rows.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
