"""gunicorn's settings, for `make serve` and for production (docs/deployment.md).

Pages are rendered in Python, so a worker keeps a core busy: one sync worker per core
gives the most requests per second for the memory (docs/decisions/0014). WEB_CONCURRENCY
overrides the count; gunicorn's own command-line options override everything here.
"""

import ctypes
import os
import time
from collections.abc import Callable
from typing import Any

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


# After a heavy request (a cold 1,000-action tracker, a Word export), the worker has freed
# most of what it built, but the C allocator keeps the freed pages. Asking glibc to hand
# them back costs about a millisecond, so it is done only after requests that took long
# enough to have built much. Elsewhere (musl, macOS) there is nothing to call.
HEAVY_REQUEST_SECONDS = 0.05


def _libc_malloc_trim() -> Callable[[int], int] | None:
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


_malloc_trim = _libc_malloc_trim()


# gunicorn is untyped: its worker, request and response are Any to mypy.
def pre_request(worker: Any, req: Any) -> None:
    worker.request_started = time.monotonic()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    started = getattr(worker, "request_started", None)
    heavy = started is not None and time.monotonic() - started >= HEAVY_REQUEST_SECONDS
    if heavy and _malloc_trim is not None:
        _malloc_trim(0)
