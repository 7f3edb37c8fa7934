"""The parts every tracker shares, whatever its format: heading, key, Table 1 and Table 2.

Readers hand these functions rows of cell texts, each with where it was found ("line 6",
"table 2, row 3", "sheet 'Summary', row 9"), so that every message names its place.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from improvement_tracker.documents.importers.columns import ActionRows
from improvement_tracker.documents.importers.domain_labels import domain_label
from improvement_tracker.documents.importers.field_limits import field_limits
from improvement_tracker.documents.importers.limits import import_limits
from improvement_tracker.plans.leads import lead_key, split_leads
from improvement_tracker.plans.numbering import reference_problem
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    DomainEntry,
    ImportProblem,
    ObjectiveEntry,
    PlanDocument,
)
from improvement_tracker.plans.rag import COLOURS, KeyEntry, Status, StatusKey
from improvement_tracker.plans.timescales import Kind, parse_timescale

UPDATED = re.compile(r"^\(?\s*Updated\s+(?P<period>.+?)\s*\)?$", re.IGNORECASE)


@dataclass
class Row:
    where: str
    cells: list[str]


def heading(lines: Iterable[str]) -> tuple[str, str, str]:
    """(organisation, title, reporting period) from the lines above a tracker's tables."""
    texts: list[str] = []
    period = ""
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if match := UPDATED.match(stripped):
            period = match["period"]
        else:
            texts.append(stripped)
    if not texts:
        return "", "", period
    if len(texts) == 1:
        return "", texts[0], period
    return texts[0], texts[1], period


def title_from_name(name: str) -> str:
    """A title when the file gives none: 'learning-and-improvement-plan.docx' -> 'learning and
    improvement plan'."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return " ".join(stem.replace("_", " ").replace("-", " ").split()) or "Imported plan"


def key_entry(texts: list[str]) -> KeyEntry | None:
    """A row of a key as our exports print it (label, the plan's words, meaning, colour),
    so that a plan's own labels come back with their meanings (ADR 0039); None otherwise."""
    if len(texts) < 4 or not texts[0].strip() or texts[3].strip() not in COLOURS:
        return None
    meaning = Status.from_meaning(texts[2])
    if meaning is None or meaning is Status.NOT_RATED:
        return None
    return KeyEntry(meaning, texts[0].strip(), texts[3].strip(), " ".join(texts[1].split()))


def learn_key(document: PlanDocument, entries: list[KeyEntry], rows: ActionRows) -> None:
    """A key with its own labels: the document's, and the labels its status cells use."""
    if not entries:
        return
    document.key = rows.key = StatusKey(tuple(entries))
    for entry in entries:
        document.rag_key[entry.status] = entry.description
        rows.labels[entry.label.casefold()] = entry.status


def key_status(text: str) -> Status | None:
    """The status a row of the RAG key stands for: 'RED', 'Amber', 'COMPLETED' …"""
    status = Status.from_text(text)
    return status if text.strip() and status in Status.rated() else None


def read_table1(
    source: str, header: Row, rows: list[Row], labels: Mapping[str, Status] | None = None
) -> dict[str, dict[str, int]]:
    """Table 1 by status label; `labels` are the document key's own, when it has them."""
    if len(header.cells) < 3:
        raise _fail(source, header.where, "Table 1's header should list the domains and 'Totals'.")
    columns = [*header.cells[1:-1], "Totals"]
    table: dict[str, dict[str, int]] = {column: {} for column in columns}
    for row in rows:
        status, counts = row.cells[0], row.cells[1:]
        if len(counts) != len(columns):
            raise _fail(
                source,
                row.where,
                f"Table 1's '{status}' row has {len(counts)} figures; "
                f"the header names {len(columns)} columns.",
            )
        label = "Total" if status.lower() == "total" else _status_label(status, labels)
        if label is None:
            raise _fail(source, row.where, f"'{status}' in Table 1 is not a status of the key.")
        for column, cell in zip(columns, counts, strict=True):
            table[column][label] = _count(source, row.where, cell, f"Table 1's {status}/{column}")
    return table


def read_table2(
    source: str, header: Row, row: Row, labels: Mapping[str, Status] | None = None
) -> dict[str, int]:
    columns, cells = header.cells[1:], row.cells[1:]
    if len(cells) != len(columns):
        raise _fail(
            source,
            row.where,
            f"Table 2 has {len(cells)} figures; its header names {len(columns)} columns.",
        )
    table: dict[str, int] = {}
    for column, cell in zip(columns, cells, strict=True):
        label = "Total" if column.lower() == "total" else _status_label(column, labels)
        if label is None:
            raise _fail(source, row.where, f"'{column}' in Table 2 is not a status of the key.")
        table[label] = _count(source, row.where, cell, f"Table 2's {column}")
    return table


def keep_domains(
    document: PlanDocument,
    domains: list[tuple[str, DomainEntry]],
    table1: dict[str, dict[str, int]] | None,
    *,
    labelled: bool = False,
) -> None:
    """Keep the domains that have actions (or objectives, ADR 0048); label them from Table 1
    when it fits.

    `domains` pairs each domain with where its heading was. `labelled` domains already
    carry their label (from a Domain column) and keep it.
    """
    source = document.source_name
    for where, domain in domains:
        if domain.actions or domain.objectives:
            document.domains.append(domain)
        else:
            document.warnings.append(
                f"{source}, {where}: '{domain.title}' has no actions "
                "under it, so it is not imported as a domain."
            )
    if labelled:
        return
    labels = [column for column in (table1 or {}) if column != "Totals"]
    if len(labels) == len(document.domains):
        for domain, label in zip(document.domains, labels, strict=True):
            domain.label = label
        return
    if table1 is not None:
        document.warnings.append(
            f"{source}: Table 1 names {len(labels)} domains but the document has "
            f"{len(document.domains)}; short labels are taken from the headings."
        )
    for domain in document.domains:
        domain.label = domain_label(domain.title)


def _objective_too_long(document: PlanDocument, place: str, objective: ObjectiveEntry) -> list[str]:
    return [
        *_too_long(document, place, "reference", objective.number),
        *_too_long(document, place, "objective", objective.text),
        *_too_long(document, place, "lead text", objective.lead),
    ]


def _layers_too_long(document: PlanDocument, place: str, action: ActionEntry) -> list[str]:
    """An action's objective and activities hold no more than their forms let in."""
    problems = []
    if action.objective is not None:
        problems.extend(_objective_too_long(document, f"{place}, its objective", action.objective))
    for activity in action.activities:
        where = f"{place}, activity {activity.number[:20]}".rstrip()
        problems.extend(_too_long(document, where, "reference", activity.number))
        problems.extend(_too_long(document, where, "activity", activity.text))
        problems.extend(_too_long(document, where, "lead text", activity.lead))
        problems.extend(_too_long(document, where, "timescale", activity.timescale))
    return problems


def check_document(document: PlanDocument) -> None:
    """What the database and the forms will insist on, said before anything is saved,
    with places: no more actions than the limit, and no text longer than its form allows."""
    limit = import_limits().actions
    if document.action_count > limit:
        raise ImportProblem(
            f"{document.source_name}: the file holds {document.action_count:,} actions; at most "
            f"{limit:,} can be imported as one plan (the import limit). It was not imported."
        )
    check_numbers(document)
    problems = []
    labels: dict[str, str] = {}
    for domain in document.domains:
        if domain.label in labels:
            problems.append(
                f"{document.source_name}: two domains have the label '{domain.label}' "
                f"('{labels[domain.label]}' and '{domain.title}'); each needs its own."
            )
        labels[domain.label] = domain.title
        label, title = domain.label[:100], domain.title[:100]  # as much as a message needs
        problems.extend(_too_long(document, f"domain '{label}'", "title", domain.title))
        problems.extend(_too_long(document, f"domain '{title}'", "label", domain.label))
        for objective in domain.objectives:
            where = f"domain '{title}', objective {objective.number[:20]}".rstrip()
            problems.extend(_objective_too_long(document, where, objective))
        for action in domain.actions:
            where = action.location or f"line {action.source_line}"
            place = f"{where}, action {action.number}"
            problems.extend(_too_long(document, place, "action", action.text))
            problems.extend(_too_long(document, place, "lead text", action.lead))
            problems.extend(_too_long(document, place, "timescale", action.timescale))
            problems.extend(_too_long(document, place, "progress", action.progress))
            for name, value in action.extra.items():
                problems.extend(
                    _too_long(document, f"{place}, {name[:60]}", "extra field's value", value)
                )
            problems.extend(_layers_too_long(document, place, action))
            for lead in split_leads(action.lead):
                # Its key is stored too, and casefolding can lengthen it ("ß" is "ss").
                problems.extend(
                    _too_long(document, place, "lead", max(lead, lead_key(lead), key=len))
                )
    for name in document.extra_fields:
        problems.extend(_too_long(document, f"column '{name[:60]}…'", "extra field's name", name))
    problems.extend(_too_long(document, "the plan", "plan title", document.title))
    problems.extend(_too_long(document, "the plan", "period", document.reporting_period))
    for status, meaning in document.rag_key.items():
        problems.extend(_too_long(document, f"the key's {status.meaning}", "meaning", meaning))
    problems.extend(_key_problems(document))
    if problems:
        raise ImportProblem("\n".join(_first(problems)))


def _key_problems(document: PlanDocument) -> list[str]:
    """A key of the document's own labels: each short enough, and each once (ADR 0039)."""
    if document.key is None:
        return []
    problems: list[str] = []
    seen: dict[str, KeyEntry] = {}
    for entry in document.key.entries:
        where = f"the key's {entry.status.meaning}"
        problems.extend(_too_long(document, where, "status label", entry.label))
        other = seen.setdefault(entry.label.casefold(), entry)
        if other is not entry:
            problems.append(
                f"{document.source_name}: the key calls both {other.status.meaning} and "
                f"{entry.status.meaning} '{entry.label}'; each status needs its own label."
            )
    return problems


# A file with thousands of over-long cells is told about the first of them, not all.
SHOWN_PROBLEMS = 20


def _first(problems: list[str]) -> list[str]:
    if len(problems) <= SHOWN_PROBLEMS:
        return problems
    more = len(problems) - SHOWN_PROBLEMS
    return [*problems[:SHOWN_PROBLEMS], f"… and {more:,} more like these."]


def _too_long(document: PlanDocument, where: str, field: str, text: str) -> list[str]:
    limit = field_limits()[field]
    if len(text) <= limit:
        return []
    return [
        f"{document.source_name}, {where}: the {field} is {len(text):,} characters long; "
        f"at most {limit:,} fit. Shorten it, then import again."
    ]


def check_numbers(document: PlanDocument) -> None:
    """An action number appears once in its domain, as the database requires."""
    problems = []
    for domain in document.domains:
        seen: dict[str, str] = {}
        for action in domain.actions:
            where = action.location or f"line {action.source_line}"
            if problem := reference_problem(action.number):
                problems.append(f"{document.source_name}, {where}: {problem}.")
            elif action.number in seen:
                problems.append(
                    f"{document.source_name}, {where}: action {action.number} appears twice "
                    f"in '{domain.title}' (first at {seen[action.number]})."
                )
            else:
                seen[action.number] = where
    if problems:
        raise ImportProblem(
            "\n".join([*_first(problems), "Each action number must be unique within its domain."])
        )


def warn_about_timescales(document: PlanDocument) -> None:
    for domain in document.domains:
        for action in domain.actions:
            timescale = parse_timescale(action.timescale)
            if timescale.kind in (Kind.INVALID_DATE, Kind.UNRECOGNISED):
                where = action.location or f"line {action.source_line}"
                document.warnings.append(
                    f"{domain.label}, action {action.number} ({where}): "
                    f"timescale '{action.timescale}': {timescale.problem}. "
                    "It is kept as written; correct it in the plan."
                )


def _fail(source: str, where: str, message: str) -> ImportProblem:
    return ImportProblem(f"{source}, {where}: {message}")


_COUNT = re.compile(r"[0-9]{1,9}")


def _count(source: str, where: str, cell: str, what: str) -> int:
    if not _COUNT.fullmatch(cell):
        raise _fail(source, where, f"{what} should be a whole number, not '{cell}'.")
    return int(cell)


def _status_label(text: str, labels: Mapping[str, Status] | None = None) -> str | None:
    if labels and text.strip().casefold() in labels:
        return text.strip()
    status = Status.from_text(text)
    return status.label if status is not None and text.strip() else None
