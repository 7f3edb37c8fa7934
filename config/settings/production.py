"""Production settings: every secret comes from the environment, and start-up stops without it."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.env import env_bool, env_json, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
# Production keys the audit trail's hash chain (ADR 0025): without the key, someone who can
# write to the database could rewrite events and rebuild every hash after them unseen.
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY")
if AUDIT_CHAIN_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "AUDIT_CHAIN_KEY must differ from SECRET_KEY: rotating SECRET_KEY must never "
        "break the audit trail's chain (docs/deployment.md)."
    )
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or env_str("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Organisation administrators, plan managers and superusers must use two-factor sign-in
# in production unless the operator turns it off (single sign-on accounts never are asked).
REQUIRE_TWO_FACTOR_FOR_MANAGERS = env_bool("REQUIRE_TWO_FACTOR_FOR_MANAGERS", True)

# With several app servers, files must live in one shared store: set FILE_STORAGE_BACKEND
# to an S3-compatible backend (docs/deployment.md); the default suits one server.
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json("FILE_STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Mail (password reset, a new person's first email, notices) is read in base.py under
# Django's own names: SMTP to EMAIL_HOST unless GOV.UK Notify's key is set. A reset email
# that fails is an ERROR in the log and a row in the audit trail (accounts/account_email.py).
# Links in emails sent by commands (send_reminders) start with the site's address.
SITE_URL = env_str("SITE_URL").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"SITE_URL must be the site's address with its scheme, such as "
        f"https://tracker.example.gov.uk, not {SITE_URL!r}."
    )
# Who is emailed errors, comma-separated addresses (a mail server that fails cannot tell
# them, so errors also go to standard error).
ADMINS = [(address, address) for address in env_list("ADMINS")]

# Errors go to standard error, where gunicorn and the platform collect them, and to ADMINS
# by email when there are any.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
    },
    "root": {
        "handlers": ["console", "mail_admins"] if ADMINS else ["console"],
        "level": env_str("LOG_LEVEL", "WARNING"),
    },
}
