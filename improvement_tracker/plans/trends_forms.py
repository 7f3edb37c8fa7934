"""The trends page's choices: which dates (board dates or month ends) and which domain,
read from the address so that a view of the trends can be shared."""

from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions, choice_field
from improvement_tracker.plans.trends import Basis


class TrendsForm(forms.Form):
    dates = forms.TypedChoiceField(
        label="Count the actions at",
        coerce=Basis,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        choices=[
            (Basis.BOARD_DATES.value, "Each board date (the issued board packs)"),
            (Basis.MONTH_ENDS.value, "Each month end of the last year, and today"),
        ],
        error_messages={"invalid_choice": "Select board dates or month ends"},
    )
    domain = forms.ChoiceField(
        label="Domain",
        required=False,
        error_messages={"invalid_choice": "Select a domain from the list"},
    )

    def __init__(
        self, data: FormData = None, *, domains: tuple[str, ...], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        choice_field(self, "domain").choices = [("", "The whole plan only")] + [
            (label, label) for label in domains
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"  # a view of the trends can be shared by its address
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.radios("dates", legend_size=Size.SMALL),
            Field.select("domain"),
            Button("show", "Show the trends"),
        )

    @property
    def chosen_domain(self) -> str | None:
        """The domain asked for, when it is one of the plan's; None for the plan alone."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data.get("domain") or None
