"""The hot path's ledger: each fast piece against its plain twin, and whole pages with the
hot path on and off, on the load benchmark's dataset.

Run with `make bench-ledger` (or `.venv/bin/python bench/hotpath_ledger.py [--quick]`;
under `.ci/with-postgres` for PostgreSQL). It fills a throw-away SQLite file under var/
(or DATABASE_URL) as `bench/load.py` does, signs its person in, and then:

1. requests each page in PAGES once with the hot path off and once on, recording the
   arguments every `Twins` (hotpath/twins.py) and every `@memoised` function
   (hotpath/memo.py) is called with. The pieces are found by those calls, not named
   here, so a piece added to the hot path is measured as soon as a page calls it;
2. replays each piece's calls from one request of the first page that made them: a
   twin's `.plain` against its `.fast`, a memoised function with the switch off against
   on (its memo warm, as in a worker);
3. times what no twin holds: the session read, the splicing of kept parts into a page,
   PostgreSQL's timestamp loader, and whole pages through the test client, each with
   the hot path off (plain) and on (fast), the first after a change and again.

Plain and fast runs alternate, in turns, and each figure is the median of many, with its
interquartile range; the gain is the median of each turn's difference, "below noise"
when the middle half of those differences spans zero. The machine is shared, so the
figures are relative: compare plain with fast within one run, not runs with each other.
Figures are printed, never asserted.
"""

import argparse
import gc
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from load import (
    FULL,
    QUICK,
    SERVER_ENV,
    database_name,
    django_setup,
    load_average,
    machine,
    prepare,
    read_dataset,
    sign_in,
)

ROOT = Path(__file__).resolve().parent.parent
MIN_TURNS, MAX_TURNS, SECONDS_PER_ROW = 15, 401, 4.0
TURN_MS = 2.0  # a turn repeats a quick piece until it takes about this long

# The pages whose requests the pieces are found in, in the order they are looked at.
PAGES = {
    "tracker, 1,000 actions": "/plans/{large}/",
    "action page": "/plans/{large}/actions/{position}/{number}/",
    "CSV export": "/plans/{large}/export.csv",
    "plan list": "/",
    "my actions (a small signed-in page)": "/my-actions/",
}


@contextmanager
def hot_path(on: bool) -> Iterator[None]:
    from django.conf import settings

    before = settings.HOT_PATH
    settings.HOT_PATH = on
    try:
        yield
    finally:
        settings.HOT_PATH = before


# Finding the pieces by their calls ------------------------------------------------------

Call = tuple[tuple[object, ...], dict[str, object]]


@contextmanager
def recording() -> Iterator[dict[object, list[Call]]]:
    """Every call of a Twins or a Memoised while it lasts, by the object called."""
    from improvement_tracker.hotpath.memo import Memoised
    from improvement_tracker.hotpath.twins import Twins

    calls: dict[object, list[Call]] = defaultdict(list)
    originals = {kind: kind.__call__ for kind in (Twins, Memoised)}

    def recorder(original: Callable[..., object]) -> Callable[..., object]:
        def call(self: object, *args: object, **kwargs: object) -> object:
            calls[self].append((args, kwargs))
            return original(self, *args, **kwargs)

        return call

    for kind, original in originals.items():
        kind.__call__ = recorder(original)  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        for kind, original in originals.items():
            kind.__call__ = original  # type: ignore[method-assign]


def where(piece: object) -> tuple[str, str]:
    """The module a piece is defined in, as a path, and its name."""
    function = getattr(piece, "__wrapped__", piece)
    module = getattr(function, "__module__", "?").removeprefix("improvement_tracker.")
    return f"{module.replace('.', '/')}.py", getattr(function, "__name__", "?")


# Timing ---------------------------------------------------------------------------------


@dataclass
class Row:
    piece: str
    where: str
    plain: list[float]  # wall ms of each turn
    fast: list[float]
    plain_cpu: list[float]  # this process's CPU ms of each turn
    fast_cpu: list[float]

    def cells(self) -> tuple[str, ...]:
        def spread(ms: list[float]) -> str:
            low, _, high = statistics.quantiles(ms, n=4, method="inclusive")
            return f"{_ms(statistics.median(ms))} ({_ms(low)}–{_ms(high)})"

        saved = [p - f for p, f in zip(self.plain, self.fast, strict=True)]
        low, middle, high = statistics.quantiles(saved, n=4, method="inclusive")
        ratio = statistics.median(self.plain) / max(statistics.median(self.fast), 1e-9)
        gain = f"{middle:+.3g} ms, ×{ratio:.1f}"
        if low <= 0 <= high:
            gain += ": below noise"
        cpu = f"{_ms(statistics.median(self.plain_cpu))} → {_ms(statistics.median(self.fast_cpu))}"
        return (
            self.piece,
            self.where,
            spread(self.plain),
            spread(self.fast),
            gain,
            cpu,
            str(len(self.plain)),
        )


def _ms(value: float) -> str:
    return f"{value:.3g}" if value < 100 else f"{value:.0f}"


def compare(
    piece: str,
    place: str,
    plain: Callable[[], object],
    fast: Callable[[], object],
    before: Callable[[], object] = lambda: None,
) -> Row:
    """`plain` (hot path off) against `fast` (on) in alternating turns; `before` runs
    untimed ahead of each (a cache cleared, a page asked for once)."""
    sides = {False: plain, True: fast}

    def once(on: bool, repeat: int) -> tuple[float, float]:
        with hot_path(on):
            before()
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(repeat):
                sides[on]()
            cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start
        return wall * 1000 / repeat, cpu * 1000 / repeat

    for on in (False, True):  # code paths, memos and connections warm before timing
        once(on, 1)
    repeat = max(1, math.ceil(TURN_MS / max(once(False, 1)[0], 1e-6)))
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    started = time.monotonic()
    while len(wall[True]) < MIN_TURNS or (
        len(wall[True]) < MAX_TURNS and time.monotonic() - started < SECONDS_PER_ROW
    ):
        order = (False, True) if len(wall[True]) % 2 == 0 else (True, False)
        for on in order:
            ms, cpu_ms = once(on, repeat)
            wall[on].append(ms)
            cpu[on].append(cpu_ms)
    return Row(piece, place, wall[False], wall[True], cpu[False], cpu[True])


def replay(function: Callable[..., object], calls: list[Call]) -> Callable[[], object]:
    def run() -> None:
        for args, kwargs in calls:
            function(*args, **kwargs)

    return run


# What is measured -----------------------------------------------------------------------


def twin_rows(recorded: dict[str, tuple[dict[object, list[Call]], ...]]) -> list[Row]:
    """Each piece's calls from one request of the first page that made them: those made
    with the hot path off where there are some (the plain world's arguments), else on."""
    from improvement_tracker.hotpath.memo import Memoised
    from improvement_tracker.hotpath.twins import Twins

    rows, seen = [], set()
    for page, by_mode in recorded.items():
        for calls in by_mode:
            for piece, made in calls.items():
                if piece in seen:
                    continue
                seen.add(piece)
                place, name = where(piece)
                label = f"{name} ({len(made)}× in one {page})"
                if isinstance(piece, Twins):
                    rows.append(
                        compare(
                            f"{label}, twin",
                            place,
                            replay(piece.plain, made),
                            replay(piece.fast, made),
                        )
                    )
                elif isinstance(piece, Memoised):
                    rows.append(
                        compare(f"{label}, memo", place, replay(piece, made), replay(piece, made))
                    )
    return sorted(rows, key=lambda row: row.where)


def other_rows(client: object, paths: dict[str, str], session_key: str) -> list[Row]:
    from django.core.cache import cache
    from django.db import connection
    from django.utils.safestring import mark_safe

    from improvement_tracker.hotpath import page_cache
    from improvement_tracker.hotpath.sessions import SessionStore
    from improvement_tracker.plans.models import Plan

    rows = [
        compare(
            "SessionStore._get_session_from_db, the session read",
            "hotpath/sessions.py",
            lambda: SessionStore(session_key).load(),
            lambda: SessionStore(session_key).load(),
        )
    ]
    # The splicing, as a warm tracker does it: kept bytes put in place, against the same
    # parts (as text) passed through the template engine.
    with hot_path(True), recording() as calls:
        client.get(paths["tracker, 1,000 actions"])  # type: ignore[attr-defined]
        client.get(paths["tracker, 1,000 actions"])  # type: ignore[attr-defined]
    splice = page_cache.render_around_parts
    (request, template, context, content), _ = calls[splice][-1]
    as_text = {
        name: mark_safe(part.decode()) if isinstance(part, page_cache.CachedPart) else part  # noqa: S308 - our own render
        for name, part in content.items()  # type: ignore[attr-defined]
    }
    rows.append(
        compare(
            "render_around_parts: kept bytes against the same parts as text, warm tracker",
            "hotpath/page_cache.py",
            lambda: splice.plain(request, template, context, as_text),
            lambda: splice.fast(request, template, context, content),
        )
    )
    if connection.vendor == "postgresql":

        def timestamps() -> object:
            return list(Plan.objects.values_list("created_at", "updated_at"))

        def reconnect() -> None:  # the loader is chosen when a connection opens
            connection.close()
            connection.ensure_connection()

        rows.append(
            compare(
                "load_timestamps_natively: 2 timestamps of every plan",
                "hotpath/database.py",
                timestamps,
                timestamps,
                reconnect,
            )
        )

    for name, path in paths.items():
        get = requests_of(client, path)
        rows.append(compare(f"{name}, first after a change", "whole page", get, get, cache.clear))
        if name in ("tracker, 1,000 actions", "action page"):
            rows.append(compare(f"{name}, again (cached)", "whole page", get, get, get))
    return rows


def requests_of(client: object, path: str) -> Callable[[], object]:
    """A GET of `path` that must answer 200."""

    def get() -> object:
        response = client.get(path)  # type: ignore[attr-defined]
        assert response.status_code == 200, (path, response.status_code)
        return response

    return get


def print_table(rows: list[Row]) -> None:
    header = (
        "piece",
        "where",
        "plain ms (p25–p75)",
        "fast ms (p25–p75)",
        "gain",
        "CPU ms plain → fast",
        "turns",
    )
    cells = [header, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    for line in cells:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 organisations, not 150")
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    (ROOT / "var").mkdir(exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="hotpath-ledger-", dir=ROOT / "var"))
    env = {**os.environ, **SERVER_ENV, "MEDIA_ROOT": str(scratch / "media"), "LOG_LEVEL": "ERROR"}
    env["ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    started = time.monotonic()
    try:
        prepare(env, sizes, args.seed)
        django_setup(env)
        return ledger(sizes, started)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def ledger(sizes: dict[str, int], started: float) -> int:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    data = read_dataset()
    session_key = sign_in()
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session_key
    paths = {
        name: path.format(large=data.large_slug, **data.action) for name, path in PAGES.items()
    }
    gc.collect()
    gc.freeze()  # as each gunicorn worker does after start-up (config/gunicorn.conf.py)
    print(
        f"\nHot path ledger: each fast piece against its plain twin ({database_name(connection)})"
    )
    print(f"Machine: {machine()}")
    print(f"Load average at the start: {load_average()}")
    print(
        f"Dataset: {sizes['organisations']} organisations x {sizes['plans']} plans x "
        f"{sizes['actions']} actions x {sizes['updates']} updates, plus one plan of "
        f"{sizes['large']:,} actions; production settings, in-process, start-up heap frozen"
    )
    print(
        "The machine is shared: these figures are relative. Compare plain with fast within\n"
        "this run; milliseconds are wall time in this process, medians of alternating turns.\n"
    )
    recorded = {}
    for name, path in paths.items():
        by_mode = []
        for on in (False, True):
            cache.clear()
            with hot_path(on), recording() as calls:
                requests_of(client, path)()
            by_mode.append(dict(calls))
        recorded[name] = tuple(by_mode)
    rows = twin_rows(recorded) + other_rows(client, paths, session_key)
    print_table(rows)
    print(f"\nLoad average at the end: {load_average()}")
    print(f"Whole ledger: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
