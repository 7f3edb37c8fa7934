"""Action references as plans write them (1, 10, 1.1, C1.1.1, CC1, R3, 1a) and their order.

Pure. A reference is text; `natural_key` gives the stored sort key (`Action.number_order`)
under which 1 < 2 < 10, 1.2 < 1.10 and 1 < 1.1 < 2, letters compared case-insensitively.
The key holds only lowercase ASCII letters and digits, with digit runs of a fixed width,
so that it sorts the same byte by byte (SQLite) and under a locale's collation
(PostgreSQL, en_US), which may ignore punctuation (docs/decisions/0038).
"""

import itertools
import re

LONGEST_REFERENCE = 20

# Letters, digits and . - ( ): a reference must travel in one URL segment, so no "/".
REFERENCE = re.compile(r"[A-Za-z0-9.()\-]{1,20}")
ALLOWED_WORDS = "letters, digits, full stops, hyphens and brackets"

_TOKEN = re.compile(r"[0-9]+|[A-Za-z]+")
_DIGIT_WIDTH = LONGEST_REFERENCE  # a run of digits is never longer than the reference
# Markers: the end of the tokens sorts before any token, a number before any letters.
_END, _DIGITS, _LETTERS = "0", "1", "2"
_LETTERS_END = "0"  # below every letter: "a" sorts before "ab"
# The longest key: "1a1a…" gives 10 numbers (21 each) and 10 letters (3 each), then the
# end marker and 40 hexadecimal digits: 281.
KEY_LENGTH = 300


def reference_problem(reference: str, *, field: str = "Action number") -> str | None:
    """What is wrong with a reference (already stripped), worded for a form; None if fine."""
    if not reference:
        return f"Enter the {field.lower()}"
    if len(reference) > LONGEST_REFERENCE:
        return f"{field} must be {LONGEST_REFERENCE} characters or fewer"
    if not REFERENCE.fullmatch(reference):
        return f"{field} must only include {ALLOWED_WORDS}, like 16, 1.2 or C1.1.1"
    return None


def clean_reference(text: str) -> str:
    """A reference as a person or a document's cell writes it: stripped, without closing
    full stops ("16." is 16, "1.1 " is 1.1, "0.." is 0). Not checked here: see
    `reference_problem`. Cleaning twice changes nothing, so a reference exported and read
    back is the one stored."""
    return text.strip().rstrip(". \t\n\r\f\v")


def tokens(reference: str) -> list[int | str]:
    """The runs of digits (as numbers) and of letters (lowercased); punctuation separates."""
    return [int(t) if t.isdigit() else t.lower() for t in _TOKEN.findall(reference)]


def natural_key(reference: str) -> str:
    """The sort key of a valid reference: natural order first, the exact text to break ties.

    Each number is "1" and its digits, zero-padded to a fixed width; each run of letters is
    "2", the letters and "0"; then "0" and the reference's bytes in hexadecimal, so that
    two references differing only in case, punctuation or leading zeros still sort one
    way everywhere.
    """
    parts = []
    for token in tokens(reference):
        if isinstance(token, int):
            parts.append(_DIGITS + str(token).zfill(_DIGIT_WIDTH))
        else:
            parts.append(_LETTERS + token + _LETTERS_END)
    return "".join(parts) + _END + reference.encode("ascii").hex()


def next_reference(references: list[str]) -> str:
    """The reference to propose for a new action after `references` (in any order).

    After the last in natural order, the next in its last run of digits: 16 -> 17,
    1.4 -> 1.5, C1.1.9 -> C1.1.10; one that is taken is skipped. "1" for the first.
    """
    taken = set(references)
    if not references:
        return "1"
    last = max(references, key=natural_key)
    runs = list(re.finditer(r"[0-9]+", last))
    if not runs:
        prefix, number, suffix = last, 0, ""
    else:
        run = runs[-1]
        prefix, number, suffix = last[: run.start()], int(run[0]), last[run.end() :]
    while True:
        number += 1
        proposal = f"{prefix}{number}{suffix}"
        if reference_problem(proposal) is not None:
            # Too long to grow: the first plain number free.
            return next(str(n) for n in itertools.count(1) if str(n) not in taken)
        if proposal not in taken:
            return proposal
