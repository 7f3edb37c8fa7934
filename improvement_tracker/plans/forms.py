"""Forms for reading a plan as at a date, filtering its tracker, recording progress, and
confirming a change. The forms that change a plan's shape are `edit_forms.py`."""

import datetime as dt
from typing import Unpack

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from improvement_tracker.core.forms import FormData, FormOptions, GovUKDateField, choice_field
from improvement_tracker.plans.rag import Status, StatusKey
from improvement_tracker.plans.selectors.tracker import Tracker, TrackerFilter

LONG_TEXT = 10_000


class AsAtForm(forms.Form):
    as_of = GovUKDateField(name="the as-at date", label="Show the tracker as at")

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"  # no CSRF token in the address
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(Field("as_of"), Button("show", "Show"))


def status_choices(key: StatusKey) -> list[Choice]:
    """The plan's own statuses, in its key's order and words, each with its meaning as the
    hint; Not rated last."""
    return [
        Choice(status.value, key.label(status), hint=key.entry(status).description)
        for status in key.statuses
    ]


class ActionUpdateForm(forms.Form):
    made_on = GovUKDateField(
        name="the date of this update",
        label="Date of this update",
        help_text="For example, 27 3 2021",
    )
    period = forms.CharField(
        label="Reporting period",
        help_text="For example, October 2020",
        max_length=100,
        required=False,
        error_messages={"max_length": "Reporting period must be 100 characters or fewer"},
    )
    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a status",
            "invalid_choice": "Select one of this plan's statuses",
        },
    )
    progress = forms.CharField(
        label="Progress update",
        widget=forms.Textarea,
        max_length=LONG_TEXT,
        error_messages={
            "required": "Enter the progress update",
            "max_length": f"Progress update must be {LONG_TEXT:,} characters or fewer",
        },
    )
    evidence = forms.CharField(
        label="Evidence of impact",
        widget=forms.Textarea,
        max_length=LONG_TEXT,
        required=False,
        error_messages={
            "max_length": f"Evidence of impact must be {LONG_TEXT:,} characters or fewer"
        },
    )
    reason = forms.CharField(
        label="Why has the status changed? (optional)",
        help_text="Recorded with the change, for the board",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, data: FormData = None, *, key: StatusKey, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        choice_field(self, "status").choices = status_choices(key)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            Field("made_on"),
            Field.text("period", field_width=Fluid.ONE_THIRD),
            Field.radios("status", legend_size=Size.SMALL),
            Field.textarea("progress", rows=6),
            Field.textarea("evidence", rows=4),
            Field.textarea("reason", rows=3),
            Field("version"),
            Button("save", "Save update"),
        )

    def clean_made_on(self) -> dt.date:
        made_on: dt.date = self.cleaned_data["made_on"]
        if made_on > timezone.localdate():
            raise forms.ValidationError("The date of this update must be today or in the past")
        return made_on


class ConfirmForm(forms.Form):
    """One button that confirms a change such as archiving, carrying the version seen."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: FormData = None,
        *,
        button: str,
        warning: bool = True,
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        make = Button.warning if warning else Button.primary
        self.helper.layout = Layout(Field("version"), make("confirm", button))


def _too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit:,} characters or fewer"


class TrackerFilterForm(forms.Form):
    """The tracker's filters, read from the address so that a filtered view can be shared."""

    KEYS = ("domain", "status", "lead", "priority", "flagged", "q")

    domain = forms.TypedChoiceField(
        label="Domain",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select a domain from the list"},
    )
    status = forms.TypedChoiceField(
        label="Status",
        coerce=Status,
        required=False,
        empty_value=None,
        choices=[("", "Any status"), *Status.choices()],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    lead = forms.TypedChoiceField(
        label="Lead",
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Select a lead from the list"},
    )
    q = forms.CharField(
        label="Search the text",
        help_text=(
            "Finds words in the action, lead, timescale, progress and evidence, "
            "its extra fields and its activities"
        ),
        max_length=200,
        required=False,
        error_messages={"max_length": _too_long("Search text", 200)},
    )
    priority = forms.BooleanField(label="High-priority actions", required=False)
    flagged = forms.BooleanField(
        label="Flagged actions (a rating or timescale needs attention)", required=False
    )
    as_of = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: FormData = None, *, tracker: Tracker, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        choice_field(self, "domain").choices = [("", "Every domain")] + [
            (entry.domain.position, entry.domain.label) for entry in tracker.domains
        ]
        choice_field(self, "status").choices = [("", "Any status")] + [
            (status.value, tracker.status_key.label(status))
            for status in tracker.status_key.statuses
        ]
        choice_field(self, "lead").choices = [("", "Any lead")] + [
            (lead.pk, lead.name) for lead in tracker.leads
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"  # a filtered view can be shared by its address
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("domain"),
            Field.select("status"),
            Field.select("lead"),
            Field.text("q", field_width=Fluid.TWO_THIRDS, spellcheck="false"),
            Fieldset(
                Field.checkbox("priority", small=True),
                Field.checkbox("flagged", small=True),
                legend="Only",
                legend_size=Size.SMALL,
            ),
            Field("as_of"),
            # Not "show": the as-at form on the same page has that button (id_show).
            Button("filter", "Show these actions"),
        )

    @property
    def filters(self) -> TrackerFilter:
        """The filters that were valid; an invalid one is shown as an error and not applied."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return TrackerFilter()
        data = self.cleaned_data
        return TrackerFilter(
            domain=data.get("domain"),
            status=data.get("status"),
            lead=data.get("lead"),
            high_priority=bool(data.get("priority")),
            flagged=bool(data.get("flagged")),
            text=data.get("q") or "",
        )
