"""Plain against fast in alternating turns: the timing under bench/hotpath_ledger.py.

A turn runs one side with the hot path off (plain) or on (fast); the sides alternate,
and which goes first alternates too, so that a busy minute on a shared machine falls on
both. A row keeps every turn's wall and CPU milliseconds.
"""

import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

MIN_TURNS, MAX_TURNS, SECONDS_PER_ROW = 15, 401, 4.0
TURN_MS = 2.0  # a turn repeats a quick piece until it takes about this long


@contextmanager
def hot_path(on: bool) -> Iterator[None]:
    from django.conf import settings

    before = settings.HOT_PATH
    settings.HOT_PATH = on
    try:
        yield
    finally:
        settings.HOT_PATH = before


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
    switch: Callable[[bool], AbstractContextManager[None]] = hot_path,
) -> Row:
    """`plain` (hot path off) against `fast` (on) in alternating turns; `before` runs
    untimed ahead of each (a cache cleared, a page asked for once). `switch` turns on
    what is measured: the hot path, unless it says otherwise."""
    sides = {False: plain, True: fast}

    def once(on: bool, repeat: int) -> tuple[float, float]:
        with switch(on):
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
