"""The hot path: code that exists only for speed, in one place, beside what it stands for.

Every piece here has a plain twin: the obvious Django code that does the same thing,
which is its specification. A reader who wants to know what a read returns or what a
page shows reads the twin; the piece here only does it faster. The pieces are listed,
with what each was measured to buy and the target it serves, in docs/performance.md
("The ledger").

The HOT_PATH setting (environment variable HOT_PATH, on unless "off") switches every
piece off at once: pages, exports and sessions then run the plain twins. `make
test-plain` runs the whole suite that way, and CI runs it after the SQLite and
PostgreSQL runs, so the twins are kept correct. Tests of the hot path's own behaviour
(a cache hit, a query count only the hand-written reads achieve) turn it on for
themselves, and tests in tests/hotpath/ hold each piece to its twin's result.

Nothing outside this package may lean on Django's internals for speed; and nothing here
changes data: it reads, caches and renders.
"""

from django.conf import settings


def enabled() -> bool:
    """Whether the hot path is on (settings.HOT_PATH), read on every call so that a test
    or a benchmark can switch it."""
    return bool(settings.HOT_PATH)
