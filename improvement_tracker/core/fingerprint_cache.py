"""What pages and exports keep between requests, checked against a fingerprint (ADR 0015).

A cached value is kept under *what* it is (a plan's tracker for a date and filters, an
action's page, an export) together with the fingerprint of the data it was built from.
The fingerprint is read from the database on every request; a value built from other
data is rebuilt and replaces it. So a change shows on the very next request, on every
app server, with nothing to invalidate, and a plan that changes often still has one
entry per page, not one per version.
"""

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")
SECONDS = 60 * 60


def cached(
    kind: str,
    identity: Sequence[object],
    fingerprint: str,
    build: Callable[[], T],
    keep: Callable[[T], bool] | None = None,
) -> T:
    """The value for `identity`, built by `build()` unless it was built from `fingerprint`.

    `identity` must name only what the value is built from, in one canonical form: every
    distinct identity is an entry. A built value is kept unless `keep(value)` says not
    (a page showing error messages echoes what was typed, so it is no one else's page).
    """
    raw = "|".join(str(part) for part in identity)
    key = f"{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"
    kept: tuple[str, T] | None = cache.get(key)
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    value = build()
    if keep is None or keep(value):
        cache.set(key, (fingerprint, value), SECONDS)
    return value
