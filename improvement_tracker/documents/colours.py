"""Which fill colour stands for which status: the one place importers and exporters share.

Exporters fill a status cell with `STATUS_FILLS` and write the word too. Importers read
a cell that carries its status only as shading: first by the document's own key (the
colours of its RAG key table), then by the nearest standard shade. A colour far from
every known shade is reported, never guessed (docs/decisions/0008).
"""

import math
import re
from collections.abc import Mapping
from functools import cache

from improvement_tracker.hotpath.memo import memoised
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey

# What exported documents fill a status cell with for each colour a plan's key may give
# a status (RGB hex), and the text on it, chosen for contrast (WCAG AA for normal text).
COLOUR_FILLS: dict[str, tuple[str, str]] = {
    "grey": ("A6A6A6", "000000"),
    "green": ("00B050", "000000"),
    "turquoise": ("00B0A0", "000000"),
    "blue": ("0070C0", "FFFFFF"),
    "light-blue": ("9DC3E6", "000000"),
    "purple": ("7030A0", "FFFFFF"),
    "pink": ("F4B6D2", "000000"),
    "red": ("FF0000", "000000"),
    "orange": ("FFC000", "000000"),
    "yellow": ("FFFF00", "000000"),
}


def status_colours(status: Status, key: StatusKey = EXAMPLE_KEY) -> tuple[str | None, str]:
    """A status cell's fill (None for Not rated, which has none) and its text colour."""
    if status is Status.NOT_RATED:
        return None, "000000"
    return COLOUR_FILLS[key.colour(status)]


# The example key's fills, by status: what its exports have always used.
STATUS_FILLS: dict[Status, str] = {
    entry.status: COLOUR_FILLS[entry.colour][0] for entry in EXAMPLE_KEY.entries
}
STATUS_TEXT: dict[Status, str] = {
    **{entry.status: COLOUR_FILLS[entry.colour][1] for entry in EXAMPLE_KEY.entries},
    Status.NOT_RATED: "000000",
}

# Shades that trackers commonly use for each status (Office's standard and theme
# colours, and the plain web ones). Used only when a document's key does not say.
STANDARD_SHADES: dict[Status, tuple[str, ...]] = {
    Status.OFF_TRACK: ("FF0000", "C00000", "E60000", "FF3333", "E06666"),
    Status.AT_RISK: ("FFC000", "FFBF00", "FFA500", "ED7D31", "F79646", "FFFF00", "FFD966"),
    Status.ON_TRACK: ("00B050", "92D050", "00FF00", "008000", "70AD47", "9BBB59"),
    Status.COMPLETE: (
        "0070C0",
        "00B0F0",
        "5B9BD5",
        "4472C4",
        "0000FF",
        "9DC3E6",
        "808080",
        "A6A6A6",
        "BFBFBF",
        "7F7F7F",
    ),
}
# A cell shaded white, or within NO_COLOUR_DISTANCE of it, has no colour to read.
_NO_COLOUR = "FFFFFF"
NO_COLOUR_DISTANCE = 12.0
# How far (CIE76 ΔE) a colour may be from a known shade and still be read as it: far
# enough for the common variants (FFFF99 is 21 from FFD966), near enough that purple
# (7030A0, 40 from 4472C4) or cyan (00FFFF) is reported rather than read as a status.
MAX_DISTANCE = 30.0

_HEX = re.compile(r"^#?(?:[0-9A-Fa-f]{2})?([0-9A-Fa-f]{6})$")


class UnknownColour(ValueError):
    """A fill that is not near any colour the key or the standard shades give a status."""


def normalise(colour: str | None) -> str | None:
    """'#ff0000', 'FFFF0000' (ARGB) and 'FF0000' are one colour; 'auto' and '' are none."""
    if not colour:
        return None
    match = _HEX.match(colour.strip())
    return match[1].upper() if match else None


def status_for_fill(fill: str | None, key: Mapping[str, Status] | None = None) -> Status | None:
    """The status a cell's shading stands for, or None when the cell has no colour.

    `key` maps the document's own key colours to their statuses; it is read first.
    Raises UnknownColour for a colour too far from any known shade.
    """
    colour = normalise(fill)
    if colour is None:
        return None
    learned = {normalise(shade): status for shade, status in (key or {}).items()}
    if colour in learned:
        return learned[colour]
    for shades in (learned, _standard()):
        nearest, distance = _nearest(colour, shades)
        if nearest == _NO_COLOUR and distance <= NO_COLOUR_DISTANCE:
            return None
        if nearest is not None and nearest != _NO_COLOUR and distance <= MAX_DISTANCE:
            return shades[nearest]
    raise UnknownColour(f"the colour #{colour} is not one the key or the standard RAG shades use")


@cache
def _standard() -> dict[str | None, Status | None]:
    shades: dict[str | None, Status | None] = {_NO_COLOUR: None}
    for status, colours in STANDARD_SHADES.items():
        shades.update(dict.fromkeys(colours, status))
    return shades


def _nearest(colour: str, shades: Mapping[str | None, Status | None]) -> tuple[str | None, float]:
    best, best_distance = None, math.inf
    lab = _lab(colour)
    for shade in shades:
        if shade is None:
            continue
        distance = math.dist(lab, _lab(shade))
        if distance < best_distance:
            best, best_distance = shade, distance
    return best, best_distance


# Keyed by colours read from uploaded files: bounded, as any of 16 million may come (ADR 0026).
@memoised(max_bytes=256 * 1024, max_entries=2048)
def _lab(colour: str) -> tuple[float, float, float]:
    """sRGB hex to CIE L*a*b* (D65): distances there follow what eyes see as different."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (0, 2, 4))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)
