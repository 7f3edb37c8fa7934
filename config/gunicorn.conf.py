"""gunicorn's settings, for `make serve` and for production (docs/deployment.md).

Pages are rendered in Python, so a worker keeps a core busy: one sync worker per core
gives the most requests per second for the memory (docs/decisions/0005). WEB_CONCURRENCY
overrides the count; gunicorn's own command-line options override everything here.
"""

import os

from config.settings.env import env_int, env_str

wsgi_app = "config.wsgi:application"
bind = env_str("BIND", "127.0.0.1:8000")
workers = env_int("WEB_CONCURRENCY", len(os.sched_getaffinity(0)))
worker_class = "sync"
timeout = env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 20
accesslog = env_str("ACCESS_LOG", "") or None
errorlog = "-"
# No control socket in $HOME: the platform manages the server with signals, and two
# servers on one machine must not share one.
control_socket_disable = True
