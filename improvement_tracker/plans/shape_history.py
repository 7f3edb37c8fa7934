"""An action's or a domain's shape as at a moment, read back from its audited edits (pure).

No table stores what an action's number, domain, timescale or archiving was on a past
date; the audit trail does, since every service that changes one records the values
before and after in the same transaction (ADR 0007). A field's value at a moment is the
`before` of the first edit after that moment that names it, or, when nothing changed it
since, its value now (ADR 0056).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Edit:
    """One audited change to one object: when, and the values it names before and after."""

    at: dt.datetime
    before: Mapping[str, object]
    after: Mapping[str, object]


@dataclass(frozen=True)
class Reading:
    """A field's value at a moment, and when that value was read: at an edit (its time), or
    now (None). An action's "domain" is a label, which means the domain that had it then."""

    value: object
    at: dt.datetime | None


def value_at(field: str, current: object, edits: Sequence[Edit], moment: dt.datetime) -> Reading:
    """`field`'s value at `moment`, from `edits` in time order and its `current` value."""
    for edit in edits:
        if edit.at >= moment and field in edit.before:
            return Reading(edit.before[field], edit.at)
    return Reading(current, None)


def shape_at(
    current: Mapping[str, object], edits: Sequence[Edit], moment: dt.datetime
) -> tuple[dict[str, object], dict[str, dt.datetime]]:
    """Every field of `current` at `moment` (value_at for each, in one pass over the edits),
    and when each value that came from an edit was read there."""
    values, read_at = dict(current), {}
    for edit in edits:
        if edit.at < moment:
            continue
        for field, value in edit.before.items():
            if field in values and field not in read_at:
                values[field], read_at[field] = value, edit.at
    return values, read_at


def renumbering_edits(
    at: dt.datetime, before: Mapping[str, object], after: Mapping[str, object]
) -> dict[int, Edit]:
    """A domain's renumbering (one event, numbers by action id) as an edit of each action."""
    old, new = before.get("numbers"), after.get("numbers")
    if not isinstance(old, Mapping) or not isinstance(new, Mapping):
        return {}
    return {
        int(pk): Edit(at, {"number": old[pk]}, {"number": new.get(pk, old[pk])})
        for pk in old
        if str(pk).isdigit()
    }


def label_owner(
    label: object,
    at: dt.datetime | None,
    labels_now: Mapping[int, str],
    edits: Mapping[int, Sequence[Edit]],
) -> int | None:
    """The domain that had `label` at `at` (None: now), by id; None if no domain had it."""
    for pk, now in labels_now.items():
        then = now if at is None else value_at("label", now, edits.get(pk, ()), at).value
        if then == label:
            return pk
    return None


def moment_of(value: object) -> dt.datetime | None:
    """An `archived_at` value as a moment: a datetime now, ISO text in the trail."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and value:
        return dt.datetime.fromisoformat(value)
    return None
