"""The "Email notices" form: which notices a person gets, as GOV.UK checkboxes."""

from typing import Unpack

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions
from improvement_tracker.notices.schedule import NoticeKind

HINTS = {
    NoticeKind.ROUND_OPENED: "The actions you act for, with a link to update each",
    NoticeKind.REMINDER: "Only while some of your actions have no update in the round",
    NoticeKind.ESCALATION: "To plan managers: the actions still without an update, by lead",
}


class NoticePreferencesForm(forms.Form):
    notices = forms.MultipleChoiceField(
        label="Which emails do you want to get?",
        help_text="Select all that apply. You will still see your actions on My actions.",
        choices=[Choice(kind.value, kind.label, hint=HINTS[kind]) for kind in NoticeKind],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select only the emails listed"},
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkboxes("notices", legend_size=Size.MEDIUM, legend_tag="h2", small=False),
            Button("save", "Save email choices"),
        )

    def wanted(self) -> set[NoticeKind]:
        return {NoticeKind(value) for value in self.cleaned_data["notices"]}
