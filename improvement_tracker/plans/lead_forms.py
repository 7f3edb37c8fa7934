"""Forms for the register of leads an organisation's plans share: adding a lead, and
merging two leads that are the same (ADR 0022)."""

from collections.abc import Sequence
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions, choice_field
from improvement_tracker.plans.forms import _too_long
from improvement_tracker.plans.models import Lead


class LeadForm(forms.Form):
    name = forms.CharField(
        label="Add a lead",
        help_text="A role or partner agency, for example Head of Service for Safeguarding",
        max_length=300,
        error_messages={
            "required": "Enter the lead's role or agency",
            "max_length": _too_long("The lead's role or agency", 300),
        },
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS), Button("add", "Add lead")
        )


class MergeLeadsForm(forms.Form):
    keep = forms.TypedChoiceField(
        label="The lead to keep",
        help_text="Its name stays",
        coerce=int,
        error_messages={
            "required": "Select the lead to keep",
            "invalid_choice": "Select the lead to keep from the list",
        },
    )
    merge = forms.TypedChoiceField(
        label="The lead that is the same",
        help_text="Its actions and people move to the lead you keep; its name is kept as "
        "another spelling",
        coerce=int,
        error_messages={
            "required": "Select the lead to merge into it",
            "invalid_choice": "Select the lead to merge from the list",
        },
    )

    def __init__(
        self, data: FormData = None, *, leads: Sequence[Lead], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        choices = [("", "Select a lead")] + [(lead.pk, _lead_choice(lead)) for lead in leads]
        choice_field(self, "keep").choices = choices
        choice_field(self, "merge").choices = choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("keep"), Field.select("merge"), Button("save", "Merge leads")
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("keep") is not None and cleaned.get("keep") == cleaned.get("merge"):
            self.add_error("merge", "Select two different leads")
        return cleaned


def _lead_choice(lead: Lead) -> str:
    count = getattr(lead, "plan_actions", None)
    if count is None:
        return lead.name
    return f"{lead.name} ({count} action{'s' if count != 1 else ''} in this plan)"
