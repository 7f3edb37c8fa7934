"""Forms for a plan's layers (ADR 0041): an objective of a domain, an activity of an action,
and the action form's choice of objective."""

from typing import Unpack

from crispy_forms.layout import LayoutObject
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions, choice_field
from improvement_tracker.plans.edit_forms import TIMESCALE_HINT, timescale_problem
from improvement_tracker.plans.forms import LONG_TEXT, _too_long
from improvement_tracker.plans.numbering import LONGEST_REFERENCE, reference_problem
from improvement_tracker.plans.rag import Status, StatusKey

LEAD_LENGTH = 1_000  # as the action form's lead


def _reference_field(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=f"{label} (optional)",
        help_text=hint,
        max_length=LONGEST_REFERENCE,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
        error_messages={"max_length": _too_long(label, LONGEST_REFERENCE)},
    )


def _text_field(label: str, *, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        max_length=LONG_TEXT,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": _too_long(label, LONG_TEXT),
        },
    )


def _lead_field() -> forms.CharField:
    return forms.CharField(
        label="Lead (optional)",
        help_text="As the plan words it; put several leads on lines of their own",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=LEAD_LENGTH,
        required=False,
        error_messages={"max_length": _too_long("Lead", LEAD_LENGTH)},
    )


class _LayerForm(forms.Form):
    """What an objective and an activity both have: a reference, their words and a lead."""

    number: forms.CharField
    reference_label = ""

    def _lay_out(self, button: str, *more: LayoutObject) -> None:
        """The reference, words and lead, then what this layer adds, then the button."""
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("number", field_width=Fixed.TEN),
            Field.textarea("text", rows=3),
            Field.textarea("lead_text", rows=2),
            *more,
            Button("save", button),
        )

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        if number:
            problem = reference_problem(number, field=self.reference_label)
            if problem:
                raise forms.ValidationError(problem)
        return number


class ObjectiveForm(_LayerForm):
    reference_label = "Objective reference"
    number = _reference_field(reference_label, "As the plan writes it, for example 1 or 1.2")
    text = _text_field("Objective", rows=3)
    lead_text = _lead_field()

    def __init__(
        self, data: FormData = None, *, button: str, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self._lay_out(button)


class ActivityForm(_LayerForm):
    reference_label = "Activity reference"
    number = _reference_field(reference_label, "As the plan writes it, for example 1.1.2")
    text = _text_field("Activity", rows=3)
    lead_text = _lead_field()
    timescale_text = forms.CharField(
        label="Timescale (optional)",
        help_text=TIMESCALE_HINT,
        max_length=200,
        required=False,
        error_messages={"max_length": _too_long("Timescale", 200)},
    )
    status = forms.ChoiceField(
        label="Status",
        help_text="The activity's own status, as the plan gives it",
        initial=Status.NOT_RATED.value,
        error_messages={
            "required": "Select the activity's status",
            "invalid_choice": "Select the activity's status",
        },
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        button: str,
        key: StatusKey,
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, **options)
        # The statuses of the plan's own key, in its words (ADR 0039).
        choice_field(self, "status").choices = [
            (status.value, key.label(status)) for status in key.statuses
        ]
        self._lay_out(
            button,
            Field.text("timescale_text", field_width=Fluid.TWO_THIRDS),
            Field.select("status"),
        )

    def clean_timescale_text(self) -> str:
        text: str = self.cleaned_data["timescale_text"]
        problem = timescale_problem(text) if text.strip() else None
        if problem:
            raise forms.ValidationError(problem)
        return text
