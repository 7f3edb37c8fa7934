"""Forms for update rounds: opening one (its dates, and its actions grouped by domain) and the
plan's setting for when reminders start."""

import datetime as dt
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout, Size
from django import forms
from django.utils.html import format_html
from django.utils.text import Truncator

from improvement_tracker.core.forms import FormData, FormOptions, GovUKDateField
from improvement_tracker.plans.models import Action, Domain
from improvement_tracker.plans.services.rounds import REMINDER_DAYS, round_dates_refusal

DOMAIN_FIELD = "domain_{}"


class OpenRoundForm(forms.Form):
    """A round's board date, deadline and actions: one set of checkboxes per domain, the
    actions `chosen` ticked to begin with."""

    board_date = GovUKDateField(
        name="the board date",
        label="Board date",
        help_text="The date of the board meeting the updates are for, for example 10 3 2027",
        example="10 3 2027",
    )
    deadline = GovUKDateField(
        name="the deadline for updates",
        label="Deadline for updates",
        help_text="On or before the board date, for example 3 3 2027",
        example="3 3 2027",
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        choices: list[tuple[Domain, list[Action]]],
        chosen: set[int],
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, **options)
        self.domain_fields: list[str] = []
        for domain, actions in choices:
            name = DOMAIN_FIELD.format(domain.position)
            self.domain_fields.append(name)
            self.fields[name] = forms.MultipleChoiceField(
                label=format_html("{}: actions to update", domain.label),
                choices=[(str(action.pk), _choice_words(action)) for action in actions],
                initial=[str(action.pk) for action in actions if action.pk in chosen],
                widget=forms.CheckboxSelectMultiple,
                required=False,
                error_messages={
                    # GOV.UK's words; ruff reads "Select … from" as SQL.
                    "invalid_choice": f"Select actions of {domain.label} from the list",  # noqa: S608
                },
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            Field("board_date"),
            Field("deadline"),
            *(
                Field.checkboxes(name, legend_size=Size.SMALL, small=True)
                for name in self.domain_fields
            ),
            Button("open", "Open the round"),
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        board_date, deadline = cleaned.get("board_date"), cleaned.get("deadline")
        if isinstance(board_date, dt.date):
            refusal = round_dates_refusal(
                board_date=board_date,
                deadline=deadline if isinstance(deadline, dt.date) else board_date,
            )
            if refusal is not None:
                self.add_error(refusal.field, refusal.message)
        chosen = [int(pk) for name in self.domain_fields for pk in cleaned.get(name) or []]
        if not self.domain_fields:
            self.add_error(None, "This plan has no actions to ask for updates on: add some first")
        elif not chosen and not any(name in self.errors for name in self.domain_fields):
            self.add_error(
                self.domain_fields[0], "Select at least one action to ask for an update on"
            )
        cleaned["actions"] = chosen
        return cleaned


def _choice_words(action: Action) -> str:
    return f"Action {action.number}: {Truncator(action.text).words(16)}"


class ReminderDaysForm(forms.Form):
    days = forms.IntegerField(
        label="Days before the deadline that reminders start",
        help_text=(
            "Leads who have not yet updated are reminded from this many days before a round's "
            "deadline, and on the day. 0 sends the reminder on the day only."
        ),
        min_value=REMINDER_DAYS.start,
        max_value=REMINDER_DAYS.stop - 1,
        error_messages={
            "required": "Enter the number of days before the deadline",
            "invalid": "Days before the deadline must be a whole number, for example 3",
            "min_value": f"Days before the deadline must be {REMINDER_DAYS.start} or more",
            "max_value": f"Days before the deadline must be {REMINDER_DAYS.stop - 1} or fewer",
        },
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("days", field_width=Fixed.TWO, inputmode="numeric"),
            Button("save", "Save"),
        )
