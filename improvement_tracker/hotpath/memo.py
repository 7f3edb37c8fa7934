"""Functions whose results are remembered, by their arguments, within a byte bound.

Plain twin: the function itself, which is what runs with the hot path off. A function
is memoised only where a page or export calls it again and again with the same
arguments (a plan repeats a few dozen timescales across its actions), and it must be
pure: the same arguments always give the same result, which is shared, so frozen.
"""

import functools
from collections.abc import Callable, Hashable
from typing import Generic, ParamSpec, TypeVar, cast

from improvement_tracker import hotpath
from improvement_tracker.core.bounded import BoundedCache

P = ParamSpec("P")
R = TypeVar("R")

_MISSING = object()


class Memoised(Generic[P, R]):
    """A function whose results are remembered in a BoundedCache, by its arguments."""

    def __init__(self, function: Callable[P, R], *, max_bytes: int, max_entries: int) -> None:
        functools.update_wrapper(self, function)
        self._function = function
        self.cache: BoundedCache[Hashable, object] = BoundedCache(
            max_bytes=max_bytes, max_entries=max_entries
        )

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if not hotpath.enabled():
            return self._function(*args, **kwargs)
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        found = self.cache.get(key, _MISSING)
        if found is not _MISSING:
            return cast(R, found)
        value = self._function(*args, **kwargs)
        self.cache.set(key, value)
        return value

    def cache_clear(self) -> None:
        self.cache.clear()


def memoised(*, max_bytes: int, max_entries: int) -> Callable[[Callable[P, R]], Memoised[P, R]]:
    """Like functools.lru_cache, bounded by bytes too (ADR 0026), and off with the hot path."""

    def decorate(function: Callable[P, R]) -> Memoised[P, R]:
        return Memoised(function, max_bytes=max_bytes, max_entries=max_entries)

    return decorate
