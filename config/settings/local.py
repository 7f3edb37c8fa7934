"""Settings for a developer's machine: `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.env import env_email_backend, env_list, env_str

DEBUG = True
# Local only: a fixed key is fine on loopback; production reads SECRET_KEY from the environment.
SECRET_KEY = env_str("SECRET_KEY", "local-development-only-not-a-secret")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Mail is printed on the console unless EMAIL_HOST (or Notify's key) says where to send it.
EMAIL_BACKEND = env_email_backend(default="django.core.mail.backends.console.EmailBackend")
# Serve static files straight from the finders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
