"""The upload page's mapping form: how each table, column, status and row of a file is read
(issue 19, ADR 0050). Built from a proposed or kept mapping (documents/importers/mapping.py);
`mapping()` gives it back as the person changed it, to be written as JSON and read back by
mapping_json before it is kept or applied.

A page holds at most `MOST_FIELDS` fields (Django refuses a POST of more than
DATA_UPLOAD_MAX_NUMBER_FIELDS): what does not fit is kept as proposed and said.
"""

from dataclasses import replace
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Fixed, Fluid, Layout, Size
from django import forms
from django.conf import settings
from django.utils.html import format_html

from improvement_tracker.core.forms import FormData, FormOptions
from improvement_tracker.documents.importers.header_words import shown
from improvement_tracker.documents.importers.mapping import (
    SINGLE,
    ColumnMapping,
    Mapping,
    Meaning,
    RowKind,
    RowMapping,
    StatusMapping,
    TableMapping,
)
from improvement_tracker.plans.edit_forms import DomainForm
from improvement_tracker.plans.models import ExtraField
from improvement_tracker.plans.rag import Status

USE = (("yes", "Yes, its rows are the plan's actions"), ("no", "No, leave it out"))
MEANINGS = (
    (Meaning.REFERENCE.value, "Reference: the action's number"),
    (Meaning.ACTION.value, "Action"),
    (Meaning.OBJECTIVE.value, "Objective or recommendation the action serves"),
    (Meaning.LEAD.value, "Lead"),
    (Meaning.TIMESCALE.value, "Timescale"),
    (Meaning.STATUS.value, "Status"),
    (Meaning.PROGRESS.value, "Progress"),
    (Meaning.EVIDENCE.value, "Evidence: kept as a line of the progress"),
    (Meaning.PRIORITY.value, "Priority"),
    (Meaning.SECTION.value, "Section"),
    (Meaning.EXTRA.value, "Extra field: kept under its header"),
    (Meaning.IGNORE.value, "Ignore: not imported"),
)
ACTION_ROW = "action"  # not a special row: the row is an action
KINDS = (
    (ACTION_ROW, "An action"),
    (RowKind.SECTION.value, "A section: the actions below are in it"),
    (RowKind.OBJECTIVE.value, "An objective: the actions below serve it"),
    (RowKind.ACTIVITY.value, "An activity of the action above"),
    (RowKind.HEADER.value, "The header row again: skip it"),
)
CHANGED = "chosen on the upload page"


def most_fields() -> int:
    """Fields one page may hold: under Django's limit on a POST's fields, and few enough
    for a person to read."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or 1000
    return min(limit - 10, 900)


class MappingForm(forms.Form):
    def __init__(
        self,
        data: FormData = None,
        *,
        mapping: Mapping,
        rows: dict[int, int],
        proposal: Mapping | None = None,
        **options: Unpack[FormOptions],
    ) -> None:
        """`rows`: how many rows each table of the file has, by its number. `proposal`: what
        was first proposed, when `mapping` is one the person changed, so that a row they
        made an action is still offered (as an action) to be made something else again."""
        super().__init__(data, **options)
        self.proposed, self.rows = mapping, rows
        self.special: dict[int, list[RowMapping]] = {}
        self.made_actions: set[tuple[int, int]] = set()  # (table, row) the person made actions
        for table in mapping.tables:
            self.special[table.table] = _special_rows(table, proposal)
            kept = {row.row for row in table.rows}
            self.made_actions |= {
                (table.table, row.row) for row in self.special[table.table] if row.row not in kept
            }
        self.left_out: list[str] = []  # what did not fit on the page, kept as proposed
        budget = most_fields()
        layout: list[object] = []
        for table in mapping.tables:
            extras = sum(1 for column in table.columns if column.meaning is Meaning.EXTRA)
            need = 3 + len(table.columns) + extras
            if need > budget:
                self.left_out.append(f"{table.name}: kept as proposed")
                continue
            budget -= need
            layout += self._table(table)
            statuses = list(enumerate(table.statuses))[:budget]
            budget -= len(statuses)
            layout += self._statuses(table, statuses)
            special = self.special[table.table][:budget]
            budget -= len(special)
            layout += self._rows(table, special)
            if len(statuses) < len(table.statuses) or len(special) < len(self.special[table.table]):
                self.left_out.append(f"{table.name}: some statuses or rows, kept as proposed")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*layout, Button("preview", "Preview"))

    def _table(self, table: TableMapping) -> list[object]:
        n, name = table.table, table.name
        self.fields[f"t{n}_use"] = forms.ChoiceField(
            label=f"Are the rows of {name} the plan's actions?",
            choices=USE,
            initial="yes" if table.use else "no",
            help_text=_sentence(table.reason),
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Select whether the rows of {name} are the plan's actions",
                "invalid_choice": f"Select whether the rows of {name} are the plan's actions",
            },
        )
        most = self.rows.get(n, 0)
        self.fields[f"t{n}_header_row"] = forms.IntegerField(
            label=f"Header row of {name} (optional)",
            help_text="The row that names the columns. Leave it empty if there is none.",
            required=False,
            min_value=1,
            max_value=max(most, 1),
            initial=table.header_row,
            # GOV.UK asks for whole numbers in a text input (a number input's arrows and
            # scrolling change it unseen).
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
            error_messages=dict.fromkeys(
                ("invalid", "min_value", "max_value"),
                f"Enter the header row of {name} as a number from 1 to {most}",
            ),
        )
        title = DomainForm.base_fields["title"]
        longest = (title.max_length if isinstance(title, forms.CharField) else None) or 200
        self.fields[f"t{n}_section"] = forms.CharField(
            label=f"Section of {name}'s first actions (optional)",
            help_text="The section they are in until a section row or column says otherwise.",
            required=False,
            max_length=longest,
            initial=table.section,
            error_messages={
                "max_length": f"Section of {name} must be {longest:,} characters or fewer"
            },
        )
        columns = []
        for column in table.columns:
            field = f"t{n}_c{column.column}"
            header = f", ‘{shown(column.header)}’" if column.header.strip() else ", no header"
            self.fields[field] = forms.ChoiceField(
                label=f"Column {column.column}{header}",
                choices=MEANINGS,
                initial=column.meaning.value,
                help_text=_sentence(column.reason),
                error_messages=_select(f"what column {column.column} of {name} holds"),
            )
            columns.append(Field.select(field))
            if column.meaning is Meaning.EXTRA:
                columns.append(self._field_name(n, name, column))
        found = [
            HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', name.capitalize())),
            Field.radios(f"t{n}_use", legend_size=Size.SMALL, inline=True),
            Field.text(f"t{n}_header_row", field_width=Fixed.TWO),
            Field.text(f"t{n}_section", field_width=Fluid.TWO_THIRDS),
        ]
        if columns:
            legend = f"What each column of {name} holds"
            found.append(Fieldset(*columns, legend=legend, legend_size=Size.SMALL))
        return found

    def _field_name(self, n: int, name: str, column: ColumnMapping) -> Field:
        """The name a column kept as an extra field is kept under, for the person to change
        (another column made an extra field here is named after its header)."""
        field = f"t{n}_c{column.column}_f"
        longest = ExtraField._meta.get_field("name").max_length or 200
        self.fields[field] = forms.CharField(
            label=f"Name of column {column.column}'s extra field (optional)",
            help_text=f"If column {column.column} stays an extra field. Leave it empty to keep "
            "this name.",
            required=False,
            max_length=longest,
            initial=column.field,
            error_messages={
                "max_length": f"Name of column {column.column}'s extra field in {name} must be "
                f"{longest:,} characters or fewer"
            },
        )
        return Field.text(field, field_width=Fluid.TWO_THIRDS)

    def _statuses(
        self, table: TableMapping, statuses: list[tuple[int, StatusMapping]]
    ) -> list[object]:
        fields = []
        for index, status in statuses:
            field = f"t{table.table}_s{index + 1}"
            cells = f"{status.count:,} cell{'s' if status.count != 1 else ''}"
            self.fields[field] = forms.ChoiceField(
                label=f"‘{shown(status.found)}’ ({status.source.value}, {cells})",
                choices=Status.choices(),
                initial=status.meaning.value,
                help_text=_sentence(status.reason),
                error_messages=_select(f"what ‘{shown(status.found)}’ in {table.name} means"),
            )
            fields.append(Field.select(field))
        if not fields:
            return []
        legend = f"Statuses found in {table.name}"
        return [Fieldset(*fields, legend=legend, legend_size=Size.SMALL)]

    def _rows(self, table: TableMapping, rows: list[RowMapping]) -> list[object]:
        fields = []
        for row in rows:
            field = f"t{table.table}_r{row.row}"
            words = f": ‘{shown(row.text)}’" if row.text else ""
            made_action = (table.table, row.row) in self.made_actions
            self.fields[field] = forms.ChoiceField(
                label=f"Row {row.row}{words}",
                choices=KINDS,
                initial=ACTION_ROW if made_action else row.kind.value,
                help_text=(
                    f"You chose to read it as an action. First proposed: {_sentence(row.reason)}"
                    if made_action
                    else _sentence(row.reason)
                ),
                error_messages=_select(f"what row {row.row} of {table.name} is"),
            )
            fields.append(Field.select(field))
        if not fields:
            return []
        legend = f"Rows of {table.name} that are not actions"
        return [Fieldset(*fields, legend=legend, legend_size=Size.SMALL)]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        mapping = self.mapping()
        for table in mapping.tables:
            if f"t{table.table}_use" not in self.fields:
                continue
            seen: dict[Meaning, int] = {}
            for column in table.columns:
                first = seen.setdefault(column.meaning, column.column)
                if column.meaning in SINGLE and first != column.column:
                    self.add_error(
                        f"t{table.table}_c{column.column}",
                        f"Select one {column.meaning.value} column in {table.name}: columns "
                        f"{first} and {column.column} are both {column.meaning.value}. Make "
                        "the other an extra field or ignore it",
                    )
            if table.use and Meaning.ACTION not in seen and not table.number_in_text:
                self.add_error(
                    f"t{table.table}_use",
                    f"Select the column of {table.name} that holds the actions, or select "
                    f"that its rows are not the plan's actions",
                )
        if not mapping.used:
            use = next((name for name in self.fields if name.endswith("_use")), None)
            self.add_error(use, "Select at least one table whose rows are the plan's actions")
        return cleaned

    def mapping(self) -> Mapping:
        """The mapping as the person left it: each field shown read from the form, the rest
        as proposed."""
        data = self.cleaned_data
        tables = []
        for table in self.proposed.tables:
            n = table.table
            if f"t{n}_use" not in self.fields:
                tables.append(table)
                continue
            header_row = data.get(f"t{n}_header_row")
            tables.append(
                replace(
                    table,
                    use=data.get(f"t{n}_use") == "yes",
                    header_row=header_row if isinstance(header_row, int) else None,
                    section=" ".join(str(data.get(f"t{n}_section") or "").split()),
                    columns=tuple(
                        self._renamed(n, self._column(n, column)) for column in table.columns
                    ),
                    statuses=tuple(
                        self._status(n, index, status)
                        for index, status in enumerate(table.statuses)
                    ),
                    rows=tuple(
                        row for row in (self._row(n, row) for row in self.special[n]) if row
                    ),
                )
            )
        return replace(self.proposed, tables=tuple(tables))

    def _column(self, n: int, column: ColumnMapping) -> ColumnMapping:
        chosen = self.cleaned_data.get(f"t{n}_c{column.column}")
        if not chosen or chosen == column.meaning.value:
            return column
        meaning = Meaning(chosen)
        name = ""
        if meaning is Meaning.EXTRA:
            name = " ".join(column.header.split()) or f"Column {column.column}"
        return replace(column, meaning=meaning, field=name, reason=CHANGED)

    def _renamed(self, n: int, column: ColumnMapping) -> ColumnMapping:
        """A column kept as an extra field under the name the person typed, if they did."""
        typed = " ".join(str(self.cleaned_data.get(f"t{n}_c{column.column}_f") or "").split())
        if column.meaning is not Meaning.EXTRA or not typed or typed == column.field:
            return column
        return replace(column, field=typed)

    def _status(self, n: int, index: int, status: StatusMapping) -> StatusMapping:
        chosen = self.cleaned_data.get(f"t{n}_s{index + 1}")
        if not chosen or chosen == status.meaning.value:
            return status
        return replace(status, meaning=Status(chosen), reason=CHANGED)

    def _row(self, n: int, row: RowMapping) -> RowMapping | None:
        chosen = self.cleaned_data.get(f"t{n}_r{row.row}")
        if (n, row.row) in self.made_actions and chosen in (None, "", ACTION_ROW):
            return None  # still an action, as the person chose
        if not chosen or chosen == row.kind.value:
            return row
        if chosen == ACTION_ROW:
            return None
        return replace(row, kind=RowKind(chosen), reason=CHANGED)


def _special_rows(table: TableMapping, proposal: Mapping | None) -> list[RowMapping]:
    """The table's rows that are not actions, and those first proposed as not actions that
    the person has since made actions, in the table's order."""
    kept = {row.row: row for row in table.rows}
    first = next((t for t in (proposal.tables if proposal else ()) if t.table == table.table), None)
    for row in first.rows if first else ():
        kept.setdefault(row.row, row)
    return [kept[number] for number in sorted(kept)]


def _sentence(reason: str) -> str:
    reason = reason.strip()
    return f"{reason[:1].upper()}{reason[1:]}." if reason else ""


def _select(what: str) -> dict[str, str]:
    message = f"Select {what}"
    return {"required": message, "invalid_choice": message}
