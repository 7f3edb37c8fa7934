"""What our Word pack marks in its tables, read back: the plan's extra fields and each
action's values under them, objectives (rows spanning the table) and activities (lines
under an action's text), ADR 0042.

Only paragraphs in one of our paragraph styles (documents/word_marks.py) are read so;
every other paragraph is the cell's own text, so a council's "Outcome: better" or
bulleted line stays words of its action. A marked paragraph that is not in the shape
our writer gives it (someone edited it) is kept as words of the action, with a warning.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from lxml import etree

from improvement_tracker.documents import word_marks
from improvement_tracker.documents.importers.columns import ActionRows, Cell
from improvement_tracker.documents.importers.extra_columns import ExtraColumns
from improvement_tracker.documents.importers.word_xml import W, text_of
from improvement_tracker.documents.word_marks import Part
from improvement_tracker.plans.numbering import clean_reference
from improvement_tracker.plans.plan_document import (
    ActionEntry,
    ActivityEntry,
    DomainEntry,
    ObjectiveEntry,
)
from improvement_tracker.plans.rag import Status

_NOT_BOLD = {"0", "false", "off"}


@dataclass(frozen=True)
class Mark:
    """A paragraph in one of our styles: the style, its runs (like boldness joined), text."""

    style: str
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass
class WordCell(Cell):
    """A Word cell: `text` is all of it; `plain` leaves out the paragraphs we marked."""

    plain: str = ""
    marks: tuple[Mark, ...] = field(default_factory=tuple)


def cell_content(cell: etree._Element) -> tuple[str, str, tuple[Mark, ...]]:
    """A cell's text, its text without our marked paragraphs, and those paragraphs."""
    texts, plain, marks = [], [], []
    for paragraph in cell.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        name = None if style is None else style.get(f"{W}val")
        if name in word_marks.STYLES:
            mark = Mark(str(name), tuple(_parts(paragraph)))
            marks.append(mark)
            texts.append(mark.text)
        else:
            text = text_of(paragraph)
            plain.append(text)
            texts.append(text)
    return "\n".join(texts), "\n".join(plain), tuple(marks)


def _parts(paragraph: etree._Element) -> list[Part]:
    """The paragraph's runs as (text, bold), neighbours of like boldness joined."""
    parts: list[Part] = []
    for run in paragraph.iter(f"{W}r"):
        text = text_of(run)
        if not text:
            continue
        flag = run.find(f"{W}rPr/{W}b")
        bold = flag is not None and flag.get(f"{W}val") not in _NOT_BOLD
        if parts and parts[-1][1] == bold:
            parts[-1] = (parts[-1][0] + text, bold)
        else:
            parts.append((text, bold))
    return parts


class WordLayers:
    """Reads one document's marked paragraphs into its actions as the tables are read."""

    def __init__(self, rows: ActionRows, extra: ExtraColumns) -> None:
        self.rows = rows
        self.extra = extra
        self.objective: ObjectiveEntry | None = None  # the one the next actions serve
        self.served = False  # whether an action has served it yet
        self.domain: DomainEntry | None = None  # the domain whose table is being read

    def field_list(self, rows: list[list[Cell]]) -> bool:
        """The table of the plan's extra fields after the key, if this is it."""
        header = rows[0][0].text.strip() if rows and rows[0] else ""
        if header != word_marks.EXTRA_FIELDS_HEADER:
            return False
        for row in rows[1:]:
            name = " ".join(row[0].text.split()) if row else ""
            if name:
                self.extra.field(name)
        return True

    def new_domain(self, domain: DomainEntry) -> None:
        self.finish()
        self.domain, self.objective = domain, None

    def finish(self) -> None:
        """An objective row that no action followed is one of the domain's objectives
        that none of its actions serves yet (ADR 0048)."""
        unserved = self.objective
        domain = self.domain
        if unserved is not None and not self.served and domain is not None:
            domain.objectives.extend([] if unserved in domain.objectives else [unserved])
        self.objective = None

    def objective_row(self, row: list[Cell], where: str) -> bool:
        """A row spanning the table that our writer marked as an objective's (or as the
        end of one's actions): the actions below serve it."""
        first = row[0] if row else None
        if not isinstance(first, WordCell) or first.plain.strip():
            return False
        if not any(mark.style == word_marks.OBJECTIVE for mark in first.marks):
            return False
        if any(cell.text.strip() for cell in row[1:]):
            return False
        headings = [mark.text for mark in first.marks if mark.style == word_marks.OBJECTIVE]
        leads = [mark.text for mark in first.marks if mark.style == word_marks.OBJECTIVE_LEAD]
        heading = "\n".join(headings)
        self.finish()
        if heading == word_marks.NO_OBJECTIVE:
            return True
        read = word_marks.read_objective_heading(heading)
        if read is None:
            self.rows.warn(
                where,
                f"the objective '{heading[:60]}' does not start 'Objective' and its "
                "reference; all its words are read as the objective's.",
            )
            read = ("", heading)
        lead = "\n".join(text.removeprefix(word_marks.LEAD) for text in leads)
        self.objective, self.served = ObjectiveEntry(clean_reference(read[0]), read[1], lead), False
        return True

    def plain(self, cell: Cell | None) -> Cell | None:
        """The action's cell without our marked paragraphs: the action's own words."""
        if isinstance(cell, WordCell) and cell.marks:
            return replace(cell, text=cell.plain, marks=())
        return cell

    def read(
        self, action: ActionEntry, cell: Cell | None, where: str, *, continued: bool = False
    ) -> None:
        """The values and activities marked in an action's cell; the objective it serves."""
        if not continued:
            action.objective = self.objective
            self.served = True
        marks: Iterable[Mark] = cell.marks if isinstance(cell, WordCell) else ()
        for mark in marks:
            if mark.style == word_marks.EXTRA_FIELD and self._value(action, mark):
                continue
            if mark.style == word_marks.ACTIVITY and self._activity(action, mark, where):
                continue
            self.rows.warn(
                where,
                f"'{mark.text[:60]}' has the style '{word_marks.STYLES[mark.style]}' but is "
                "not written as our export writes it; it is kept as words of the action.",
            )
            action.text = f"{action.text}\n{mark.text}".strip()

    def _value(self, action: ActionEntry, mark: Mark) -> bool:
        read = word_marks.read_extra_field(list(mark.parts))
        if read is None or not read[0].strip():
            return False
        name = self.extra.field(" ".join(read[0].split()))
        value = read[1].strip()
        if value:
            action.extra[name] = f"{action.extra[name]}\n{value}" if name in action.extra else value
        return True

    def _activity(self, action: ActionEntry, mark: Mark, where: str) -> bool:
        read = word_marks.read_activity(list(mark.parts))
        if read is None:
            return False
        action.activities.append(
            ActivityEntry(
                number=clean_reference(read.number),
                text=read.text,
                lead=read.lead,
                timescale=read.timescale,
                status=self._status(read.status, where),
            )
        )
        return True

    def _status(self, label: str, where: str) -> Status:
        """An activity's status in the words of the document's key, or the example's."""
        status = self.rows.labels.get(label.strip().casefold()) or Status.from_text(label)
        if status is None:
            self.rows.warn(
                where,
                f"an activity's status '{label[:60]}' is not a status of the key; "
                "the activity is imported as not rated.",
            )
            return Status.NOT_RATED
        return status
