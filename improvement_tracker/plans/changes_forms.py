"""The "What changed" page's two dates, read from the address so a view can be shared."""

import datetime as dt
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions, GovUKDateField


class ChangesDatesForm(forms.Form):
    """From the end of one date to the end of another; the start not after the end."""

    KEYS = ("since_0", "since_1", "since_2", "until_0", "until_1", "until_2")

    since = GovUKDateField(
        name="the start date",
        label="Changes after the end of",
        help_text="The last board’s date, for example 31 1 2027",
    )
    until = GovUKDateField(
        name="the end date", label="Up to the end of", help_text="For example, 28 2 2027"
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"  # no CSRF token in the address
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(Field("since"), Field("until"))

    def clean(self) -> dict[str, object]:
        cleaned: dict[str, object] = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if isinstance(since, dt.date) and isinstance(until, dt.date) and since > until:
            self.add_error("since", "The start date must be on or before the end date")
        return cleaned
