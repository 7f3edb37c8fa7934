"""How our packs write an objective, an activity and an extra field's value, and how our Word
reader knows them again: the one place the Word writer and reader share (ADR 0042).

The PDF and Word packs print the same words. In Word each such paragraph also carries a
paragraph style of ours, so that the reader takes for an objective, an activity or a
value only what our writer marked, never a council's own "Outcome: better" line. Within
a paragraph, bold runs are the labels (an extra field's name, an activity's reference
and its "Lead:", "Timescale:", "Status:") and plain runs the values, so that a value
holding "; Lead: " is still read whole. Pure: plain text and (text, bold) pairs.
"""

import re
from dataclasses import dataclass

from improvement_tracker.plans.plan_document import ActivityEntry, ObjectiveEntry
from improvement_tracker.plans.rag import StatusKey

# Paragraph styles, by the id the XML names them with and the name Word shows.
EXTRA_FIELD = "PlanExtraField"
OBJECTIVE = "PlanObjective"
OBJECTIVE_LEAD = "PlanObjectiveLead"
ACTIVITY = "PlanActivity"
STYLES = {
    EXTRA_FIELD: "Plan extra field",
    OBJECTIVE: "Plan objective",
    OBJECTIVE_LEAD: "Plan objective lead",
    ACTIVITY: "Plan activity",
}

# The header of the table after the key that lists the plan's extra fields, a name a row,
# so that a field no action has a value under still comes back.
EXTRA_FIELDS_HEADER = "Extra field"
# A row spanning the table where actions without an objective follow one's actions.
NO_OBJECTIVE = "Actions without an objective"
LEAD = "Lead: "

Part = tuple[str, bool]  # a run's text, and whether it is bold


def objective_heading(objective: ObjectiveEntry) -> str:
    """The words of the row the Word and PDF packs span over an objective's actions."""
    number = f" {objective.number}" if objective.number else ""
    return f"Objective{number}: {objective.text}"


# A reference never holds ": " (plans/numbering.py), so the first one ends it.
_HEADING = re.compile(r"Objective(?: (?P<number>.+?))?: (?P<text>.*)", re.DOTALL)


def read_objective_heading(text: str) -> tuple[str, str] | None:
    """(reference, words) of a heading `objective_heading` wrote; None for other text."""
    match = _HEADING.fullmatch(text)
    return (match["number"] or "", match["text"]) if match else None


_LABELS = {"lead": "Lead", "timescale": "Timescale", "status": "Status"}


def activity_parts(activity: ActivityEntry, key: StatusKey) -> list[Part]:
    """An activity as a line under its action: its reference in bold, its words, then its
    lead, timescale and status (in the words of the plan's key), each after a bold label."""
    parts: list[Part] = [(activity.number, True)] if activity.number else []
    parts.append((f" {activity.text}" if activity.number else activity.text, False))
    values = {"lead": activity.lead, "timescale": activity.timescale}
    values["status"] = key.label(activity.status)
    for name, value in values.items():
        if value:
            parts.extend([(f"; {_LABELS[name]}: ", True), (value, False)])
    return parts


@dataclass
class ReadActivity:
    """An activity's parts as the reader found them; its status still a label."""

    number: str
    text: str
    lead: str = ""
    timescale: str = ""
    status: str = ""


_LABEL = re.compile(r"; (?P<label>Lead|Timescale|Status): ")
_NAMES = {label: name for name, label in _LABELS.items()}


def read_activity(parts: list[Part]) -> ReadActivity | None:
    """The inverse of `activity_parts`, given runs of like boldness joined; None when the
    paragraph is not in that shape (someone has edited it)."""
    parts = [part for part in parts if part[0]]
    number = ""
    if parts and parts[0][1] and not _LABEL.fullmatch(parts[0][0]):
        number, parts = parts[0][0], parts[1:]
    text = ""
    if parts and not parts[0][1]:
        text, parts = parts[0][0], parts[1:]
        if number:
            if not text.startswith(" "):
                return None
            text = text[1:]
    found = ReadActivity(number=number, text=text)
    while parts:
        label = _LABEL.fullmatch(parts[0][0]) if parts[0][1] else None
        if label is None or len(parts) < 2 or parts[1][1]:
            return None
        setattr(found, _NAMES[label["label"]], parts[1][0])
        parts = parts[2:]
    # Our writer always ends with the status, and a reference is one word.
    return found if found.status and not re.search(r"\s", number) else None


def extra_field_parts(name: str, value: str) -> list[Part]:
    """A value under the action's text: the field's name in bold, as the tracker shows it."""
    return [(f"{name}: ", True), (value, False)]


def read_extra_field(parts: list[Part]) -> tuple[str, str] | None:
    """(name, value) of a paragraph `extra_field_parts` wrote; None for another shape."""
    parts = [part for part in parts if part[0]]
    if not parts or not parts[0][1] or not parts[0][0].endswith(": "):
        return None
    if any(bold for _, bold in parts[1:]):
        return None
    return parts[0][0][:-2], "".join(text for text, _ in parts[1:])
