"""Django's per-process memory cache, bounded by bytes as well as by entries (ADR 0026).

LocMemCache counts entries only: 64 cached 1,000-action trackers are 70 MiB a worker.
This one also keeps the pickled values (which LocMemCache stores anyway, so their size
is exact) under OPTIONS["MAX_BYTES"], dropping the least recently used first, and does
not keep a value bigger than that on its own.
"""

from collections import OrderedDict
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache

DEFAULT_MAX_BYTES = 8 * 1024 * 1024


class BoundedLocMemCache(LocMemCache):
    # LocMemCache's own state, set by its __init__; django-stubs leaves its private parts out.
    _cache: OrderedDict[str, bytes]  # key -> pickled value, most recently used first
    _expire_info: dict[str, float | None]

    def __init__(self, name: str, params: dict[str, Any]) -> None:
        super().__init__(name, params)
        options = params.get("OPTIONS", {})
        self.max_bytes = int(options.get("MAX_BYTES", DEFAULT_MAX_BYTES))

    @property
    def nbytes(self) -> int:
        """The bytes held: each key and its pickled value."""
        return sum(len(key) + len(value) for key, value in self._cache.items())

    # Called with the lock held, by set() and add(); the entries are few (MAX_ENTRIES),
    # and a set follows a render, so adding them up each time costs nothing noticeable.
    def _set(self, key: str, value: bytes, timeout: object = DEFAULT_TIMEOUT) -> None:
        # _delete and _set are LocMemCache's private methods, which django-stubs leaves out.
        self._delete(key)  # type: ignore[attr-defined]
        size = len(key) + len(value)
        if size > self.max_bytes:
            return
        held = self.nbytes
        while self._cache and held + size > self.max_bytes:
            dropped, pickled = self._cache.popitem()  # the least recently used
            del self._expire_info[dropped]
            held -= len(dropped) + len(pickled)
        super()._set(key, value, timeout)  # type: ignore[misc]
