"""Forms for signing in, and for managing people and their roles."""

from typing import TYPE_CHECKING, Any, Unpack

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.models import User
from django.db.models import Q
from django.http import HttpRequest

from improvement_tracker.accounts.account_email import AccountEmailForm
from improvement_tracker.accounts.models import Organisation, Role
from improvement_tracker.accounts.permissions import nameable_people
from improvement_tracker.core.forms import FormData, FormOptions, choice_field
from improvement_tracker.plans.models import Lead, Plan

if TYPE_CHECKING:  # Django's SetPasswordForm is generic in django-stubs only
    _SetPasswordForm = SetPasswordForm[User]
else:
    _SetPasswordForm = SetPasswordForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is inactive.",
    }

    # Django's LoginView builds this form from its get_form_kwargs(), a dict[str, Any].
    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            Button("submit", "Sign in"),
        )


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


class PersonForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={
            "required": "Enter a username",
            "max_length": "Username must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    first_name = forms.CharField(label="First name", max_length=150, required=False)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    is_admin = forms.BooleanField(label="Organisation administrator", required=False)

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field.checkbox("is_admin"),
            Button("save", "Add person"),
        )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken; choose another")
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("An account already uses that email address")
        return email


def _helper(*layout: object) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*layout)
    return helper


class ResetRequestForm(AccountEmailForm):
    # Django's PasswordResetView builds this form from its get_form_kwargs(), a dict[str, Any].
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        }
        self.helper = _helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Button("send", "Send the link")
        )


class NewPasswordForm(_SetPasswordForm):
    # Django's PasswordResetConfirmView builds this form from its get_form_kwargs(), a
    # dict[str, Any].
    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = _helper(
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            Button("save", "Save password"),
        )
