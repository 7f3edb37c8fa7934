"""The plan's people page's forms: a role for someone, and the leads a person acts for."""

from typing import Unpack

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q

from improvement_tracker.accounts.models import Organisation, Role
from improvement_tracker.core.forms import FormData, FormOptions, choice_field
from improvement_tracker.plans.models import Lead, Plan
from improvement_tracker.plans.permissions import nameable_people


class PlanRoleForm(forms.Form):
    person = forms.CharField(
        label="Email address or username",
        max_length=254,
        error_messages={"required": "Enter the person's email address or username"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )

    def __init__(
        self, data: FormData = None, *, plan: Plan, by: User, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self.people, self.organisations = nameable_people(by, plan)
        if self.organisations:
            self.fields["person"].help_text = (
                f"Someone in {' or '.join(self.organisations)}, "
                "or who already has a role on this plan"
            )
        choice_field(self, "role").choices = [
            Choice(
                Role.MANAGER,
                Role.MANAGER.label,
                hint="Edits everything in the plan and who may see it",
            ),
            Choice(
                Role.LEAD_CONTRIBUTOR,
                Role.LEAD_CONTRIBUTOR.label,
                hint="Records updates on the actions whose lead they act for, and nothing else",
            ),
            Choice(
                Role.VIEWER,
                Role.VIEWER.label,
                hint="Reads and exports the plan, for example a board member",
            ),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("person", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.SMALL),
            Button("save", "Give this role"),
        )

    def clean_person(self) -> User:
        """The same message whether the person is elsewhere or nowhere (ADR 0022)."""
        text = self.cleaned_data["person"].strip()
        user = self.people.filter(Q(username__iexact=text) | Q(email__iexact=text)).first()
        if user is None:
            where = " or ".join(self.organisations)
            raise forms.ValidationError(
                f"No one in {where} uses that email address or username. "
                "Ask an organisation administrator to add the person first"
                if where
                else "No account uses that email address or username"
            )
        return user


class LeadsForm(forms.Form):
    leads = forms.ModelMultipleChoiceField(
        label="Leads this person acts for",
        queryset=Lead.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(
        self, data: FormData = None, *, organisation: Organisation, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        leads = self.fields["leads"]
        assert isinstance(leads, forms.ModelMultipleChoiceField)  # noqa: S101 - narrows the type
        leads.queryset = Lead.objects.filter(organisation=organisation).order_by("name")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.checkboxes("leads", legend_size=Size.SMALL, small=True),
            Button("save", "Save leads"),
        )
