"""Forms for changing a plan's shape: the plan itself, its domains and actions. The register
of leads has its own forms (lead_forms.py)."""

import datetime as dt
from collections.abc import Sequence
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Div, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.utils.html import format_html
from django.utils.text import Truncator

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.core.forms import FormData, FormOptions, GovUKDateField, choice_field
from improvement_tracker.plans.extra_field_forms import add_value_fields
from improvement_tracker.plans.forms import LONG_TEXT, _too_long
from improvement_tracker.plans.models import Action, Domain, ExtraField, Lead, Objective
from improvement_tracker.plans.objective_field import add_objective_field
from improvement_tracker.plans.reference_field import NUMBER_HINT, ReferenceField
from improvement_tracker.plans.timescales import Kind, parse_timescale


class DomainForm(forms.Form):
    title = forms.CharField(
        label="Domain title",
        help_text="In full, as the plan gives it, for example HELP AND PROTECTION "
        "(INCLUDING EARLY HELP)",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter the domain title",
            "max_length": _too_long("Domain title", 500),
        },
    )
    label = forms.CharField(
        label="Short label",
        help_text="How Table 1 names the domain, for example Help and Protection",
        max_length=100,
        error_messages={
            "required": "Enter the short label",
            "max_length": _too_long("Short label", 100),
        },
    )

    def __init__(
        self, data: FormData = None, *, button: str, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.textarea("title", rows=2),
            Field.text("label", field_width=Fluid.TWO_THIRDS),
            Button("save", button),
        )


TIMESCALE_HINT = (
    "A date, a month, a quarter, a year, how often from when, To be confirmed, or Complete: "
    "for example 31/03/2021, March 2021, Q3 2021/22, 2021 or Quarterly from 01/12/2019. "
    "Put each sub-action's timescale on a line of its own."
)


def timescale_problem(text: str) -> str | None:
    """What is wrong with a timescale, worded for the form; None if it can be read."""
    reading = parse_timescale(text)
    if reading.kind is Kind.INVALID_DATE:
        # "31/02/2021 is not a real date: February 2021 has 28 days" -> the reason only.
        reason = (reading.problem or "").partition("is not a real date: ")[2]
        return "Timescale must be a real date" + (f" – {reason}" if reason else "")
    if reading.kind is Kind.UNRECOGNISED:
        return (
            "Enter the timescale as a date, a month, a quarter, a year, how often from when, "
            "To be confirmed, or Complete, for example 31/03/2021, March 2021, Q3 2021/22, "
            "2021 or Quarterly from 01/12/2019"
        )
    return None


class ActionForm(forms.Form):
    """Add or change an action. The timescale is read as the importer reads it."""

    number = ReferenceField(
        "Action number", enter="the action number", subject="Action number", hint=NUMBER_HINT
    )
    text = forms.CharField(
        label="Action",
        widget=forms.Textarea,
        max_length=LONG_TEXT,
        error_messages={
            "required": "Enter the action",
            "max_length": _too_long("Action", LONG_TEXT),
        },
    )
    lead_text = forms.CharField(
        label="Lead (optional)",
        help_text="As the plan words it, for example Director of Children's Social Care "
        "& Northumbria Police",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1_000,
        required=False,
        error_messages={"max_length": _too_long("Lead", 1_000)},
    )
    leads = forms.MultipleChoiceField(
        label="Leads in the register (optional)",
        help_text="The roles and agencies that lead this action. People linked to them "
        "can record its progress.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select leads from the list"},
    )
    timescale_text = forms.CharField(
        label="Timescale",
        help_text=TIMESCALE_HINT,
        max_length=200,
        # One line per sub-action, as trackers write several in one cell (ADR 0036).
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Enter the timescale",
            "max_length": _too_long("Timescale", 200),
        },
    )
    high_priority = forms.BooleanField(label="High priority (counted in Table 2)", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: FormData = None,
        *,
        leads: Sequence[Lead],
        new: bool,
        button: str,
        extra_fields: Sequence[ExtraField] = (),
        objectives: Sequence[Objective] = (),
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(data, **options)
        extra = add_value_fields(self, extra_fields)
        objective = add_objective_field(self, objectives)  # only when the domain has some
        choice_field(self, "leads").choices = [(str(lead.pk), lead.name) for lead in leads]
        self.reading = self._reading()
        hint = TIMESCALE_HINT
        if self.reading:
            hint = format_html("{}<br><strong>Read as: {}</strong>", hint, self.reading)
        elif not self.is_bound and str(self.initial.get("timescale_text", "")).strip():
            # An imported timescale that cannot be read: say so before the person saves.
            problem = timescale_problem(str(self.initial["timescale_text"]))
            hint = format_html("{}<br><strong>This needs correcting: {}</strong>", hint, problem)
        self.fields["timescale_text"].help_text = hint
        if not new:
            del self.fields["number"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            *([Field.text("number", field_width=Fixed.TEN)] if new else []),
            *[Field.select(name) for name in objective],
            Field.textarea("text", rows=5),
            *[Field.textarea(name, rows=2) for name in extra],
            Field.textarea("lead_text", rows=2),
            Field.checkboxes("leads", legend_size=Size.SMALL, small=True),
            Field.text("timescale_text", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("high_priority", small=True),
            Field("version"),
            Div(
                Button("save", button),
                Button.secondary("check", "Check timescale"),
                css_class="govuk-button-group",
            ),
        )

    def _reading(self) -> str:
        """The timescale's reading in words, shown back before saving; blank if unreadable."""
        field = self.add_prefix("timescale_text")
        raw = self.data.get(field, "") if self.is_bound else self.initial.get(field, "")
        if not str(raw).strip() or timescale_problem(str(raw)):
            return ""
        return parse_timescale(str(raw)).describe()

    def clean_timescale_text(self) -> str:
        text: str = self.cleaned_data["timescale_text"]
        problem = timescale_problem(text)
        if problem:
            raise forms.ValidationError(problem)
        return text


class MoveActionForm(forms.Form):
    domain = forms.TypedChoiceField(
        label="Domain",
        coerce=int,
        error_messages={
            "required": "Select the domain to move the action to",
            "invalid_choice": "Select a domain from the list",
        },
    )
    number = ReferenceField(
        "Its number in that domain",
        enter="the action's number",
        subject="Action number",
        hint=NUMBER_HINT,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, data: FormData = None, *, domains: Sequence[Domain], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        choice_field(self, "domain").choices = [("", "Select a domain")] + [
            (domain.position, domain.label) for domain in domains
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.select("domain"),
            Field.text("number", field_width=Fixed.TEN),
            Field("version"),
            Button("save", "Move action"),
        )


class RenumberForm(forms.Form):
    """A new number for each of a domain's actions; the numbers must all differ."""

    def __init__(
        self, data: FormData = None, *, actions: Sequence[Action], **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self.actions = list(actions)
        names = []
        for action in self.actions:
            name = f"number_{action.pk}"
            field = ReferenceField(
                # Escaped here: crispy-forms-gds marks labels safe.
                format_html("Action {}: {}", action.number, Truncator(action.text).words(12)),
                enter=f"a new number for action {action.number}",
                subject=f"The new number for action {action.number}",
            )
            field.initial = action.number
            self.fields[name] = field
            self.fields[f"version_{action.pk}"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=action.version, required=False
            )
            names += [Field.text(name, field_width=Fixed.TEN), Field(f"version_{action.pk}")]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *names,
            Div(
                Button("save", "Renumber actions"),
                Button.secondary("sequence", "Fill in 1, 2, 3… in this order"),
                css_class="govuk-button-group",
            ),
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        given: dict[str, list[Action]] = {}
        for action in self.actions:
            number = cleaned.get(f"number_{action.pk}")
            if isinstance(number, str):
                given.setdefault(number, []).append(action)
        for number, sharing in given.items():
            if len(sharing) > 1:
                names = " and ".join(f"action {a.number}" for a in sharing)
                for action in sharing:
                    self.add_error(
                        f"number_{action.pk}",
                        f"Give {names} different numbers: both are {number}"
                        if len(sharing) == 2
                        else f"Give {names} different numbers: all are {number}",
                    )
        return cleaned

    @property
    def numbers(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data[f"number_{a.pk}"] for a in self.actions}

    @property
    def versions(self) -> dict[int, int | None]:
        return {a.pk: self.cleaned_data.get(f"version_{a.pk}") for a in self.actions}


class PlanForm(forms.Form):
    """A new plan, or the next year of one: its title, organisation, period and reporting date."""

    title = forms.CharField(
        label="Title",
        help_text="For example, Learning and Improvement Plan 2021 – 2022",
        max_length=300,
        error_messages={
            "required": "Enter the plan's title",
            "max_length": _too_long("The plan's title", 300),
        },
    )
    organisation = forms.TypedChoiceField(
        label="Organisation",
        coerce=int,
        error_messages={
            "required": "Select the organisation the plan belongs to",
            "invalid_choice": "Select an organisation from the list",
        },
    )
    period_start = GovUKDateField(
        name="the start of the plan period",
        label="Plan period starts",
        help_text="For example, 1 4 2021",
        example="1 4 2021",
    )
    period_end = GovUKDateField(
        name="the end of the plan period",
        label="Plan period ends",
        help_text="For example, 31 3 2022",
        example="31 3 2022",
    )
    reporting_date = GovUKDateField(
        name="the reporting date",
        label="Reporting date",
        help_text="The date the tracker is next reported to the board, for example 31 10 2021",
        example="31 10 2021",
    )

    def __init__(
        self,
        data: FormData = None,
        *,
        organisations: Sequence[Organisation] | None,
        button: str,
        **options: Unpack[FormOptions],
    ) -> None:
        """`organisations` to choose from; None when the plan's organisation is settled."""
        super().__init__(data, **options)
        if organisations is None:
            del self.fields["organisation"]
        else:
            choice_field(self, "organisation").choices = [("", "Select an organisation")] + [
                (organisation.pk, organisation.name) for organisation in organisations
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("title"),
            *([Field.select("organisation")] if organisations is not None else []),
            Field("period_start"),
            Field("period_end"),
            Field("reporting_date"),
            Button("save", button),
        )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
            self.add_error("period_end", "The end of the plan period must be after its start")
        return cleaned
