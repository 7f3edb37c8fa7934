"""What a tracker's header cell means, in the words real trackers use (pure).

Public bodies head their columns "NOS", "What?", "Who?", "When?", "Identified Lead",
"Timescale/ Target", "RAG rating", "Progress presented to Committee Dec 2017" (issue 19).
Each pattern is tried in order on the header's words (lower case, punctuation as spaces)
and gives a meaning with the reason a person is shown. Words we do not know are not
guessed at: the proposer keeps that column as an extra field, and says so.
"""

import re

from improvement_tracker.documents.importers.columns import Column, header_column
from improvement_tracker.documents.importers.mapping import Meaning

# (meaning, pattern on the normalised words, what the words are taken to say)
_PATTERNS: list[tuple[Meaning, re.Pattern[str]]] = [
    (
        Meaning.REFERENCE,
        re.compile(
            r"^(nos?|num|number|ref|refs|reference|ref no|#|id|item|item no|s no|"
            r"(action|rec|recommendation|objective|para|paragraph) (no|nos|number|ref|reference))$"
        ),
    ),
    (Meaning.OBJECTIVE, re.compile(r"^(strategic |key |our )?(objectives?|aims?|goals?)$")),
    (Meaning.OBJECTIVE, re.compile(r"^(recommendations?|findings?|issues? identified)$")),
    (
        Meaning.ACTION,
        re.compile(
            r"^(what|what will we do|what we will do|actions?|specific actions?|actions? required|"
            r"actions? to be taken|actions? planned|proposed actions?|key actions?|tasks?|"
            r"description|activity|activities|improvement actions?)$"
        ),
    ),
    (
        Meaning.LEAD,
        re.compile(
            r"^(who|by whom|action by|identified lead|leads?|lead officers?|lead officer s|"
            r"lead person|lead agency|lead manager|responsibility|"
            r"responsible( officer| person| lead)?|owners?|action owners?|"
            r"accountable( officer)?|lead responsible)$"
        ),
    ),
    (
        Meaning.TIMESCALE,
        re.compile(
            r"^(when|by when|target date|targets?|date|dates|due|due date|deadline|"
            r"timescales?|timescale target|timescales? for completion|time ?frames?|"
            r"milestones?|completion date|target completion date|review date)$"
        ),
    ),
    (
        Meaning.STATUS,
        re.compile(
            r"^((current |overall )?(rag|rag rating|rag status|status|rating|rag rated)|"
            r"rag rating status|progress rating|progress rag)$"
        ),
    ),
    (Meaning.EVIDENCE, re.compile(r"^(evidence|evidence of (impact|completion|progress))\b")),
    (
        Meaning.PROGRESS,
        re.compile(
            r"^(progress|update|updates|current commentary|commentary|comments?|"
            r"assessment of progress|current position|position|progress to date)\b"
        ),
    ),
    (Meaning.PRIORITY, re.compile(r"^(high )?priority( level| rating)?$")),
    (
        Meaning.SECTION,
        re.compile(
            r"^(domain|area|theme|section|standard|workstream|work stream|priority area)s?$"
        ),
    ),
]

# What columns.py (the example's importer) reads, in this module's words.
_FROM_COLUMNS = {
    Column.NUMBER: Meaning.REFERENCE,
    Column.ACTION: Meaning.ACTION,
    Column.LEAD: Meaning.LEAD,
    Column.TIMESCALE: Meaning.TIMESCALE,
    Column.STATUS: Meaning.STATUS,
    Column.PROGRESS: Meaning.PROGRESS,
    Column.PRIORITY: Meaning.PRIORITY,
    Column.DOMAIN: Meaning.SECTION,
    Column.DOMAIN_TITLE: Meaning.SECTION,
    Column.OBJECTIVE: Meaning.OBJECTIVE,
}


def words(header: str) -> str:
    """A header's words as the patterns read them: 'Timescale/ Target' -> 'timescale target'."""
    return " ".join(re.sub(r"[^\w#]+", " ", header.casefold()).split())


def header_meaning(header: str) -> Meaning | None:
    """What a header says its column holds, or None when it is not one we know."""
    said = words(header[:200])
    if not said:
        return None
    for meaning, pattern in _PATTERNS:
        if pattern.search(said):
            return meaning
    column = header_column(header[:200])
    return _FROM_COLUMNS.get(column) if column is not None else None


def shown(header: str) -> str:
    """A header as a reason quotes it: one line, not too long."""
    text = " ".join(header.split())
    return text if len(text) <= 60 else text[:57] + "…"
