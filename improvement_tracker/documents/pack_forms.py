"""The form that issues a board pack: the board's date, GOV.UK style."""

from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions, GovUKDateField

ISSUE_BUTTON = "Issue the board pack"


class IssuePackForm(forms.Form):
    board_date = GovUKDateField(
        name="the board date",
        label="Board date",
        help_text="The day of the board meeting the pack is for, for example 30 11 2026",
        example="30 11 2026",
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(Field("board_date"), Button("issue", ISSUE_BUTTON))
