"""The form a plan manager edits the plan's status key with (ADR 0039): for each meaning,
whether the plan uses it, its label, its colour and what the plan says it means."""

from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions
from improvement_tracker.plans.forms import _too_long
from improvement_tracker.plans.models import TagColour
from improvement_tracker.plans.rag import NOT_RATED_ENTRY, KeyEntry, Status, StatusKey

LABEL_LENGTH = 50
DESCRIPTION_LENGTH = 500


def field_name(status: Status, part: str) -> str:
    """`off_track_label`: the form's field for one part of one meaning's entry."""
    return f"{status.value}_{part}"


class StatusKeyForm(forms.Form):
    """One fieldset a meaning, in the meanings' own order; Not rated is always used."""

    def __init__(
        self, data: FormData = None, *, key: StatusKey, **options: Unpack[FormOptions]
    ) -> None:
        options.setdefault("initial", _initial(key))
        super().__init__(data, **options)
        fieldsets = []
        for status in Status:
            meaning = status.meaning.capitalize()
            names = []
            if status is not Status.NOT_RATED:
                self.fields[field_name(status, "used")] = forms.BooleanField(
                    label=f"This plan uses {status.meaning}", required=False
                )
                names.append(Field.checkbox(field_name(status, "used"), small=True))
            self.fields[field_name(status, "label")] = forms.CharField(
                label=f"Label for {status.meaning}",
                help_text="What the plan calls it, for example Red or On Track",
                max_length=LABEL_LENGTH,
                required=False,
                error_messages={"max_length": _too_long(f"Label for {status.meaning}", 50)},
            )
            self.fields[field_name(status, "colour")] = forms.ChoiceField(
                label=f"Colour for {status.meaning}",
                choices=TagColour.choices,
                error_messages={
                    "required": f"Select a colour for {status.meaning}",
                    "invalid_choice": f"Select a colour for {status.meaning}",
                },
            )
            self.fields[field_name(status, "description")] = forms.CharField(
                label=f"What {status.meaning} means in this plan (optional)",
                max_length=DESCRIPTION_LENGTH,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": _too_long(f"What {status.meaning} means", DESCRIPTION_LENGTH)
                },
            )
            names += [
                Field.text(field_name(status, "label"), field_width=Fluid.ONE_HALF),
                Field.select(field_name(status, "colour")),
                Field.textarea(field_name(status, "description"), rows=2),
            ]
            fieldsets.append(Fieldset(*names, legend=meaning, legend_size=Size.MEDIUM))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*fieldsets, Button("save", "Save the key"))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        for status in Status:
            if status is Status.NOT_RATED:
                continue
            label = str(cleaned.get(field_name(status, "label")) or "").strip()
            used = bool(cleaned.get(field_name(status, "used")))
            if used and not label:
                self.add_error(field_name(status, "label"), f"Enter a label for {status.meaning}")
            if label and not used:
                self.add_error(
                    field_name(status, "label"),
                    f"Clear the label for {status.meaning}, or select that this plan uses it",
                )
        return cleaned

    def entries(self) -> list[KeyEntry]:
        """The key the form describes, in the meanings' order: the ones the plan uses, and
        Not rated when its words differ from the usual."""
        found = []
        for status in Status:
            entry = KeyEntry(
                status,
                str(self.cleaned_data[field_name(status, "label")]).strip(),
                str(self.cleaned_data[field_name(status, "colour")]),
                str(self.cleaned_data[field_name(status, "description")]).strip(),
            )
            if status is Status.NOT_RATED:
                entry = KeyEntry(
                    status,
                    entry.label or NOT_RATED_ENTRY.label,
                    entry.colour,
                    entry.description,
                )
                if entry != NOT_RATED_ENTRY:
                    found.append(entry)
            elif self.cleaned_data[field_name(status, "used")]:
                found.append(entry)
        return found


def _initial(key: StatusKey) -> dict[str, object]:
    initial: dict[str, object] = {}
    for status in Status:
        entry = key.entry(status)
        used = key.uses(status)
        initial[field_name(status, "used")] = used
        initial[field_name(status, "label")] = entry.label if used else ""
        initial[field_name(status, "colour")] = entry.colour
        initial[field_name(status, "description")] = entry.description if used else ""
    return initial
