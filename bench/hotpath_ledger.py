"""The hot path's ledger: each fast piece against its plain twin, and whole pages with the
hot path on and off, on the load benchmark's dataset.

Run with `make bench-ledger` (or `.venv/bin/python bench/hotpath_ledger.py [--quick]`;
under `.ci/with-postgres` for PostgreSQL). It fills a throw-away SQLite file under var/
(or DATABASE_URL) as `bench/load.py` does, signs its person in, and then:

1. requests each page in PAGES once with the hot path off and once on, recording the
   arguments every `Twins` (hotpath/twins.py) and every `@memoised` function
   (hotpath/memo.py) is called with. The pieces are found by those calls, not named
   here, so a piece added to the hot path is measured as soon as a page calls it; the
   application's modules are walked for every Twins and Memoised, and any that no page
   called is listed at the end, without a figure;
2. replays each piece's calls from one request of the first page that made them: a
   twin's `.plain` against its `.fast`, a memoised function with the switch off against
   on (its memo warm, as in a worker);
3. times what no twin holds: the session read, the splicing of kept parts into a page,
   and whole pages through the test client, each with
   the hot path off (plain) and on (fast), the first after a change and again.

Plain and fast runs alternate, in turns, and each figure is the median of many, with its
interquartile range; the gain is the median of each turn's difference, "below noise"
when the middle half of those differences spans zero. The machine is shared, so the
figures are relative: compare plain with fast within one run, not runs with each other.
Figures are printed, never asserted.
"""

import argparse
import importlib
import os
import pkgutil
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alternating import Row, compare, hot_path
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

# The pages whose requests the pieces are found in, in the order they are looked at.
PAGES = {
    "tracker, 1,000 actions": "/plans/{large}/",
    "action page": "/plans/{large}/actions/{position}/{number}/",
    "CSV export": "/plans/{large}/export.csv",
    "plan list": "/",
    "my actions (a small signed-in page)": "/my-actions/",
}


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


def replay(function: Callable[..., object], calls: list[Call]) -> Callable[[], object]:
    def run() -> None:
        for args, kwargs in calls:
            function(*args, **kwargs)

    return run


# What is measured -----------------------------------------------------------------------


def every_piece() -> list[object]:
    """Every Twins and Memoised defined in the application's modules (migrations aside),
    found by walking them: what the pages' calls should have reached."""
    import improvement_tracker
    from improvement_tracker.hotpath.memo import Memoised
    from improvement_tracker.hotpath.twins import Twins

    found: dict[int, object] = {}
    for module in pkgutil.walk_packages(improvement_tracker.__path__, "improvement_tracker."):
        if ".migrations" in module.name:
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, Twins | Memoised):
                found[id(value)] = value
    return list(found.values())


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
    from django.utils.safestring import mark_safe

    from improvement_tracker.hotpath import page_cache
    from improvement_tracker.hotpath.sessions import SessionStore

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
    print(
        f"\nHot path ledger: each fast piece against its plain twin ({database_name(connection)})"
    )
    print(f"Machine: {machine()}")
    print(f"Load average at the start: {load_average()}")
    print(
        f"Dataset: {sizes['organisations']} organisations x {sizes['plans']} plans x "
        f"{sizes['actions']} actions x {sizes['updates']} updates, plus one plan of "
        f"{sizes['large']:,} actions; production settings, in-process"
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
    called = {id(piece) for by_mode in recorded.values() for calls in by_mode for piece in calls}
    unreached = sorted(": ".join(where(p)) for p in every_piece() if id(p) not in called)
    if unreached:
        print("\nNo page above calls these, so they have no figure here:")
        print("\n".join(f"  {name}" for name in unreached))
    print(f"\nLoad average at the end: {load_average()}")
    print(f"Whole ledger: {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
