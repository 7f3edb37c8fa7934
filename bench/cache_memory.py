"""Can a stream of requests grow the app server's memory through its caches? (ADR 0026)

Run with `make bench-cache-memory`, or `.venv/bin/python bench/cache_memory.py
[--requests 2000]`, against DATABASE_URL if it is set, else a new SQLite file. It

1. builds the load benchmark's quick dataset (10 organisations, and a plan of 1,000
   actions whose tracker is about 1.1 MB) and signs a user in, as bench/load.py does;
2. serves it with gunicorn and the production settings on 127.0.0.1 (throw-away
   loopback secrets, as `make serve`), one sync worker per core;
3. sends the 1,000-action tracker a bounded stream of requests, two at a time (one per
   worker): half with a distinct parameter the page does not read (`?nc=1`,
   `?utm_source=…`, as tracking tags and cache-busters are), half with distinct filters
   the page does read (a different as-at date each, so a whole 1,000-row page each);
4. prints the server processes' RSS (master and workers) before, after the unread
   parameters and after the filters, and how many responses were not the right page.

Figures are printed, never asserted; the exit status is non-zero only if a response was
wrong. Every request goes to 127.0.0.1, each with a timeout, and the stream stops after
--requests requests or --seconds seconds, whichever comes first.
"""

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from load import QUICK, SERVER_ENV, Server, _kib, django_setup, fetch, prepare, sign_in


def rss_by_process(server: Server) -> list[float]:
    """MiB of RSS: the master first, then each worker."""
    return [
        _kib(Path(f"/proc/{pid}/status"), "VmRSS:") / 1024
        for pid in [server.process.pid, *server.workers()]
    ]


def describe(label: str, server: Server) -> str:
    each = rss_by_process(server)
    workers = ", ".join(f"{mib:.1f}" for mib in each[1:])
    return f"  {label:<38} RSS {sum(each):7.1f} MiB  (master {each[0]:.1f}; workers {workers})"


def stream(
    server: Server,
    cookie: str,
    paths: list[str],
    check: Callable[[int, bytes], bool],
    deadline: float,
) -> tuple[int, int, float]:
    """Request each path, two at a time, until the deadline: (sent, wrong, seconds)."""

    def one(path: str) -> bool | None:
        if time.monotonic() > deadline:
            return None  # not sent: the run is over
        page = fetch(server.base + path, cookie)
        return check(page.status, page.body)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(server.workers())) as pool:
        sent = [ok for ok in pool.map(one, paths) if ok is not None]
    return len(sent), sent.count(False), time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="in all (half each kind)")
    parser.add_argument("--seconds", type=int, default=900, help="stop sending after this")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="improvement-tracker-cache-memory-"))
    env = {**os.environ, **SERVER_ENV, "MEDIA_ROOT": str(scratch / "media")}
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    try:
        prepare(env, QUICK, seed=2020)
        django_setup(env)
        from django.db import connection

        from improvement_tracker.plans.models import Action, Plan

        plan = Plan.objects.get(slug="demo-large-improvement-plan")
        actions = Action.objects.filter(domain__plan=plan, archived_at__isnull=True).count()
        session_key = sign_in()
        connection.close()
        return run(env, plan.get_absolute_url(), actions, session_key, args)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(
    env: dict[str, str], url: str, actions: int, session_key: str, args: argparse.Namespace
) -> int:
    half = args.requests // 2
    day = dt.date(2020, 4, 1)
    unread = [f"{url}?nc={n}" if n % 2 else f"{url}?utm_source=mail-{n}" for n in range(half)]
    filters = [f"{url}?as_of={day + dt.timedelta(days=n)}" for n in range(half)]

    def whole_tracker(status: int, body: bytes) -> bool:
        return status == 200 and body.count(b'id="action-') == actions

    server = Server(env)
    try:
        cookie = f"sessionid={session_key}"
        first = fetch(server.base + url, cookie)
        if not whole_tracker(first.status, first.body):
            print(f"The tracker did not answer with its {actions} rows: {first.status}")
            return 1
        for _ in range(len(server.workers())):  # each worker has built the page once
            fetch(server.base + url, cookie)
        print(f"Cache memory benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(
            f"gunicorn, {len(server.workers())} sync workers; a tracker of {actions:,} actions, "
            f"{len(first.body):,} bytes; {args.requests:,} requests at most, "
            f"{args.seconds} s at most\n"
        )
        print(describe("after one request per worker", server))
        deadline = time.monotonic() + args.seconds
        wrong = 0
        for label, paths in (("unread parameters", unread), ("distinct as-at dates", filters)):
            sent, bad, seconds = stream(server, cookie, paths, whole_tracker, deadline)
            wrong += bad
            print(describe(f"after {sent:,} with {label}", server))
            print(f"  {'':<38} {seconds:.0f} s; {bad} responses not the whole tracker")
    finally:
        server.stop()
    print(f"\nTarget (ADR 0017): at most 200 MiB RSS for the master and workers. Wrong: {wrong}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
