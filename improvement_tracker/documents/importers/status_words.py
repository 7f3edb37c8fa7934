"""Statuses as trackers write them, each read to a meaning with its reason (pure).

Words ("COMPLETED", "Off Track", "Complete & CSPI"), letters (R, A, G, B), category
numbers with the document's own key ("1 Fully Achieved"), the first word of a longer
cell ("Complete: Medical Director has …") and fills, blue for complete included. A
document's key outranks the usual readings: one NHS trust's Amber means "On track".
What cannot be read is proposed as not rated, and says why: statuses are never invented.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from improvement_tracker.documents.colours import UnknownColour, normalise, status_for_fill
from improvement_tracker.documents.importers.header_words import shown
from improvement_tracker.documents.importers.mapping import StatusMapping, StatusSource
from improvement_tracker.plans.rag import (
    EXAMPLE_ENTRIES,
    EXAMPLE_KEY,
    KeyEntry,
    Status,
    StatusKey,
)

# Tried in order on the words, lower case: "not achieved" before "achieved", "on target
# to be completed" (on track) before "completed".
_MEANING_WORDS: list[tuple[Status, re.Pattern[str]]] = [
    (Status.COMPLETE_ASSURED, re.compile(r"\b(assured|cspi|embedded|sustained|signed off)\b")),
    (
        Status.NOT_STARTED,
        re.compile(r"\b(not (yet )?(started|commenced|begun)|yet to (start|begin)|not due)\b"),
    ),
    (
        Status.OFF_TRACK,
        re.compile(
            r"\b(off (track|target)|not achieved|not (been )?met|not complete[d]?|behind|"
            r"overdue|late|passed|missed|significant(ly)? (delay|delayed|behind|concerns?)|"
            r"unlikely|failed|red)\b"
        ),
    ),
    (
        Status.AT_RISK,
        re.compile(
            r"\b(at risk|not on (track|target|schedule)|partially|partly|part achieved|"
            r"some (progress|slippage|delay)|slipp\w*|delayed|risks?|concerns?|amber)\b"
        ),
    ),
    (
        Status.ON_TRACK,
        re.compile(
            r"\b(on (track|target|schedule)|in progress|progressing|ongoing|under ?way|"
            r"started|green)\b"
        ),
    ),
    (
        Status.COMPLETE,
        re.compile(r"\b(complete|completed|fully achieved|achieved|done|closed|finished|blue)\b"),
    ),
]
_LETTERS = {"r": Status.OFF_TRACK, "a": Status.AT_RISK, "g": Status.ON_TRACK}
_LETTERS |= {"b": Status.COMPLETE, "c": Status.COMPLETE}
_LETTER_NAMES = {"r": "red", "a": "amber", "g": "green", "b": "blue", "c": "complete"}
# A line of a key: "1 Fully Achieved", "1 = Fully achieved", "Amber – On track", "B: Complete".
_KEY_LINE = re.compile(
    r"^\s*(?P<label>[0-9]{1,2}|[A-Za-z]{1,12})\s*(?:[=:\-–—.)]\s*|\s+)(?P<words>\S.{0,80})$"
)
# Where one entry of a key written on a line ends and the next begins: at a separator, or
# before a number or colour word that starts an entry ("1 Fully Achieved 2 On target",
# "Blue – Complete Green – On track"), as keys are often written in one cell.
_KEY_ENTRIES = re.compile(
    r"[;,|\n]|\s{2,}"
    r"|\s+(?=[0-9]{1,2}\s*[=:\-–—.)]?\s*[A-Za-z])"
    r"|\s+(?=(?:red|amber|green|blue|yellow|grey|gray|purple|black|white)\s*[=:\-–—])",
    re.IGNORECASE,
)
_CATEGORY = re.compile(r"^(?P<number>[0-9]{1,2})\s*[=:\-–—.)]?\s*(?P<words>[A-Za-z].*)?$")
# Where a cell's first words end: "Complete: …", "On track - …", "Done. …", "Green (…".
_BEFORE_SEPARATOR = re.compile(r"[^:\-–—.,;(\n]*")
_FIRST_LENGTH = 40  # the most of them read as a status
# A status in words is a few words ("Not yet started"); more is a comment about one.
_FEW_WORDS = 3


def meaning_of_words(text: str) -> Status | None:
    """What a status's or a key's words mean: 'Fully Achieved' is complete."""
    said = " ".join(text[:200].casefold().split())
    for status, pattern in _MEANING_WORDS:
        if pattern.search(said):
            return status
    return None


@dataclass
class DocumentKey:
    """What the document itself says its statuses mean: its labels and its fills."""

    labels: dict[str, tuple[Status, str]] = field(default_factory=dict)  # label -> meaning, words
    fills: dict[str, Status] = field(default_factory=dict)  # RGB hex -> meaning

    def learn(self, label: str, words: str, fill: str | None = None) -> bool:
        """A key's line, when its words say a meaning and its label can be one."""
        label = label.strip().rstrip(".")
        meaning = meaning_of_words(words)
        if meaning is None or not label or len(label) > 20:
            return False
        self.labels.setdefault(label.casefold(), (meaning, " ".join(words.split())))
        colour = normalise(fill)
        if colour is not None:
            self.fills.setdefault(colour, meaning)
        return True

    def learn_lines(self, lines: Iterable[str]) -> None:
        """Keys written as words: 'Key: 1 Fully Achieved, 2 On target, 3 Not achieved'."""
        for line in lines:
            text = re.sub(r"^\s*(rag\s+)?key\s*[:\-–]?\s*", "", line[:500], flags=re.IGNORECASE)
            for piece in _KEY_ENTRIES.split(text):
                match = _KEY_LINE.match(piece)
                if match and _can_label(match["label"]):
                    self.learn(match["label"], match["words"])


# The GOV.UK tag colour (plans/rag.py's COLOURS) a key's colour word is shown in.
_TAG_COLOURS = {
    "red": "red",
    "amber": "orange",
    "green": "green",
    "blue": "blue",
    "yellow": "yellow",
    "grey": "grey",
    "gray": "grey",
    "purple": "purple",
}


def plan_key(key: DocumentKey, statuses: Iterable[StatusMapping]) -> StatusKey | None:
    """The plan's own key when the document's colour words mean what the example's do not
    ("Amber – On track"): each colour word a label, in the key's order, with its words.
    The mapping's meaning for a status written as that word (a person's correction) wins.
    None when the example's key says the same (ADR 0039: the meaning is stored; labels
    are shown)."""
    corrected = {
        status.found.casefold(): status.meaning
        for status in statuses
        if status.source in (StatusSource.WORD, StatusSource.LETTER)
    }
    entries: list[KeyEntry] = []
    differs = False
    for label, (meaning, words) in key.labels.items():
        meaning = corrected.get(label, meaning)
        if label not in _TAG_COLOURS or meaning is Status.NOT_RATED:
            continue
        if any(entry.status is meaning for entry in entries):
            continue  # one label a meaning: a second word for it still reads as it
        entries.append(KeyEntry(meaning, label.capitalize(), _TAG_COLOURS[label], words))
        differs = differs or EXAMPLE_KEY.label(meaning).casefold() != label
    if entries:
        return StatusKey(tuple(entries)) if differs else None
    return _category_key(key, statuses)


# A category's words become its label when they are as short as a label is (RagKeyEntry).
_LONGEST_LABEL = 50


def _category_key(key: DocumentKey, statuses: Iterable[StatusMapping]) -> StatusKey | None:
    """The plan's own key when the document keys its statuses by number ("1 Fully
    Achieved", "2 On target"): each category's words its label, in the key's order, in the
    example's colour for its meaning. None unless every number used means a meaning of its
    own; the mapping's meaning for a number (a person's correction) wins."""
    corrected = {
        status.found: status.meaning
        for status in statuses
        if status.source is StatusSource.CATEGORY
    }
    entries: list[KeyEntry] = []
    for label, (meaning, words) in key.labels.items():
        if not label.isdigit():
            continue
        meaning = corrected.get(label, meaning)
        if meaning is Status.NOT_RATED or not 0 < len(words) <= _LONGEST_LABEL:
            return None
        if any(entry.status is meaning for entry in entries):
            return None  # two categories of one meaning: the example's labels say it better
        colour = EXAMPLE_ENTRIES[meaning].colour
        entries.append(KeyEntry(meaning, words, colour, f"{label} {words}"))
    return StatusKey(tuple(entries)) if entries else None


def _can_label(label: str) -> bool:
    """Numbers, letters and colour words label a key; other words are its meanings."""
    word = label.casefold()
    return word.isdigit() or len(word) == 1 or word in _COLOUR_WORDS


_COLOUR_WORDS = {"red", "amber", "green", "blue", "yellow", "grey", "gray", "black", "purple"}


@dataclass(frozen=True)
class Reading:
    found: str
    source: StatusSource
    meaning: Status
    reason: str


def read_text(text: str, key: DocumentKey) -> Reading | None:
    """What a status cell's words mean, or None for a cell without words."""
    written = " ".join(text.split())
    if not written:
        return None
    said = written.casefold().rstrip(".")
    if said in key.labels:
        meaning, words = key.labels[said]
        source = StatusSource.CATEGORY if said.isdigit() else _word_or_letter(said)
        return Reading(
            written,
            source,
            meaning,
            f"'{written}' is '{words}' in the document's key: {meaning.meaning}",
        )
    category = _CATEGORY.match(written)
    if category and len(written.split()) <= _FEW_WORDS + 1:
        return _category(written, category["number"], category["words"] or "", key)
    if said in _LETTERS:
        meaning = _LETTERS[said]
        name = _LETTER_NAMES[said]
        return Reading(
            written,
            StatusSource.LETTER,
            meaning,
            f"'{written}' is the letter for {name}: {meaning.meaning}",
        )
    said_meaning: Status | None = None
    if len(said.split()) <= _FEW_WORDS:
        said_meaning = Status.from_text(said) or meaning_of_words(said)
    if said_meaning is not None:
        reason = f"'{shown(written)}' reads as {said_meaning.meaning}"
        return Reading(written, StatusSource.WORD, said_meaning, reason)
    return _first_word(written, key) or Reading(
        shown(written),
        StatusSource.WORD,
        Status.NOT_RATED,
        f"'{shown(written)}' is not a status we know: proposed as not rated",
    )


def _word_or_letter(said: str) -> StatusSource:
    return StatusSource.LETTER if len(said) == 1 else StatusSource.WORD


def _category(written: str, number: str, words: str, key: DocumentKey) -> Reading:
    if number in key.labels and not words:
        meaning, described = key.labels[number]
        reason = f"'{number}' is '{described}' in the document's key: {meaning.meaning}"
        return Reading(written, StatusSource.CATEGORY, meaning, reason)
    meaning_said = meaning_of_words(words) if words else None
    if meaning_said is not None:
        key.labels.setdefault(number, (meaning_said, words))  # a bare "2" later means the same
        reason = f"category {number}, '{shown(words)}', reads as {meaning_said.meaning}"
        return Reading(written, StatusSource.CATEGORY, meaning_said, reason)
    reason = (
        f"'{shown(written)}' looks like a category number, but the document gives no key "
        "for it: proposed as not rated"
    )
    return Reading(shown(written), StatusSource.CATEGORY, Status.NOT_RATED, reason)


def _first_word(written: str, key: DocumentKey) -> Reading | None:
    """A longer cell that begins with its status: 'Complete: Medical Director has …'."""
    first = _first_run(written)[:_FIRST_LENGTH].strip()
    if not first or first == written.strip() or len(first.split()) > _FEW_WORDS:
        return None
    said = first.casefold()
    known = key.labels.get(said)
    meaning = known[0] if known else Status.from_text(said) or meaning_of_words(said)
    if meaning is None or meaning is Status.NOT_RATED:
        return None
    reason = f"the cell begins '{first}', which reads as {meaning.meaning}"
    return Reading(first, StatusSource.FIRST_WORD, meaning, reason)


def first_words(text: str) -> str:
    """The words a cell begins with, before its first colon, dash, full stop, comma,
    semicolon, bracket or line break."""
    return _first_run(text).strip()


def _first_run(text: str) -> str:
    match = _BEFORE_SEPARATOR.match(text)
    return match[0] if match else ""


def read_fill(fill: str | None, key: DocumentKey) -> Reading | None:
    """What a cell's colour means, or None for a cell without one."""
    colour = normalise(fill)
    if colour is None:
        return None
    found = f"#{colour}"
    try:
        meaning = status_for_fill(colour, key.fills)
    except UnknownColour as error:
        return Reading(
            found, StatusSource.FILL, Status.NOT_RATED, f"{error}: proposed as not rated"
        )
    if meaning is None:
        return None
    if colour in key.fills:
        reason = f"the document's key gives {found} to {meaning.meaning}"
        return Reading(found, StatusSource.FILL, meaning, reason)
    word = _colour_word(colour, meaning)
    if word in key.labels:  # "Green – Complete": a green fill is what the key calls Green
        meaning, words = key.labels[word]
        reason = f"{found} is {word}, which the document's key calls '{words}': {meaning.meaning}"
        return Reading(found, StatusSource.FILL, meaning, reason)
    reason = f"{found} is a shade trackers use for {meaning.meaning}"
    return Reading(found, StatusSource.FILL, meaning, reason)


# The colour a standard shade is called, by the status trackers usually give it.
_SHADE_WORDS = {
    Status.OFF_TRACK: "red",
    Status.AT_RISK: "amber",
    Status.ON_TRACK: "green",
    Status.COMPLETE: "blue",
}


def _colour_word(colour: str, usual: Status) -> str:
    """'green' for a green fill, 'grey' for a grey one (which trackers also use for done)."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    if max(channels) - min(channels) < 40:
        return "grey"
    return _SHADE_WORDS.get(usual, "")
