"""Process-local caches bounded by bytes as well as by entries (ADR 0026).

Whatever a request or stored data can choose (an address's parameters, a person's name,
a cell's text or colour) may end up in a key or a value, so a cache that counts only
entries can still be made to hold any amount of memory. These keep the least recently
used entries first out once either bound is reached, and do not keep an entry that is
bigger than the byte bound on its own.
"""

import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import fields, is_dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_CONTAINERS = (list, tuple, set, frozenset)


def approximate_size(value: object) -> int:
    """The bytes `value` holds, near enough to bound a cache by.

    Strings, bytes, numbers and other leaves count as `sys.getsizeof` says; dicts, lists,
    tuples, sets and dataclass instances add what they hold. Anything else (classes,
    enum members, dates) counts as itself alone, so a value never walks into code.
    An object reached twice counts once.
    """
    total, seen, pending = 0, set(), [value]
    while pending:
        item = pending.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            pending.extend(item)
        elif is_dataclass(item) and not isinstance(item, type):
            pending.extend(getattr(item, field.name) for field in fields(item))
    return total


class BoundedCache(Generic[K, V]):
    """A least-recently-used cache holding at most `max_bytes` and `max_entries`.

    An entry's size is what `set` is told, or the approximate size of its key and value.
    Safe to share between threads (the development server and the browser tests' live
    server use them).
    """

    def __init__(self, *, max_bytes: int, max_entries: int) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self.nbytes = 0
        self._entries: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return default
            self._entries.move_to_end(key)
            return found[0]

    def set(self, key: K, value: V, size: int | None = None) -> bool:
        """Keep `value` under `key`; False if it is too big to keep at all."""
        if size is None:
            size = approximate_size(key) + approximate_size(value)
        with self._lock:
            replaced = self._entries.pop(key, None)
            if replaced is not None:
                self.nbytes -= replaced[1]
            if size > self.max_bytes:
                return False
            while self._entries and (
                self.nbytes + size > self.max_bytes or len(self._entries) >= self.max_entries
            ):
                _, (_, dropped) = self._entries.popitem(last=False)
                self.nbytes -= dropped
            self._entries[key] = (value, size)
            self.nbytes += size
            return True

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.nbytes = 0
