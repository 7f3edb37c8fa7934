"""The portfolio's filters, read from the address so that a filtered portfolio can be
shared and exported as shown."""

from typing import Unpack
from urllib.parse import urlencode

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fieldset, Fluid, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.portfolio import Archived, PortfolioFilter


class PortfolioFilterForm(forms.Form):
    KEYS = ("q", "status", "overdue", "archived")

    q = forms.CharField(
        label="Search plans",
        help_text="Finds words in a plan's title or its organisation's name",
        max_length=200,
        required=False,
        error_messages={"max_length": "Search plans must be 200 characters or fewer"},
    )
    # Plans keep their own labels (ADR 0039): a status is chosen by its meaning.
    status = forms.TypedChoiceField(
        label="With any action whose status means",
        coerce=Status,
        required=False,
        empty_value=None,
        choices=[("", "Any status"), *Status.choices()],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    overdue = forms.BooleanField(label="Plans with an overdue action", required=False)
    archived = forms.ChoiceField(
        label="Plans",
        required=False,
        choices=[
            (Archived.LIVE, "Live plans"),
            (Archived.ARCHIVED, "Archived plans"),
            (Archived.BOTH, "Live and archived plans"),
        ],
        error_messages={"invalid_choice": "Select live, archived, or both from the list"},
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("q", field_width=Fluid.TWO_THIRDS, spellcheck="false"),
            Field.select("status"),
            Field.select("archived"),
            Fieldset(Field.checkbox("overdue", small=True), legend="Only", legend_size=Size.SMALL),
            Button("filter", "Show these plans"),
        )

    @property
    def filters(self) -> PortfolioFilter:
        """The filters that were valid; an invalid one is shown as an error and not applied."""
        if not self.is_bound:
            return PortfolioFilter()
        self.is_valid()  # cleaned_data then holds the valid fields alone
        data = self.cleaned_data
        return PortfolioFilter(
            text=data.get("q") or "",
            status=data.get("status"),
            overdue=bool(data.get("overdue")),
            archived=data.get("archived") or Archived.LIVE,
        )

    def query(self) -> str:
        """The valid filters as an address's query, for the exports and the page links."""
        filters = self.filters
        pairs = {
            "q": filters.text,
            "status": filters.status.value if filters.status else "",
            "overdue": "on" if filters.overdue else "",
            "archived": "" if filters.archived == Archived.LIVE else filters.archived,
        }
        return urlencode({key: value for key, value in pairs.items() if value})
