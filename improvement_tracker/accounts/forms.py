"""Forms for signing in, and for an organisation's people. A plan's people page's forms are
`plans/people_forms.py`."""

from typing import TYPE_CHECKING, Any, Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.models import User
from django.http import HttpRequest

from improvement_tracker.accounts.account_email import AccountEmailForm
from improvement_tracker.core.forms import FormData, FormOptions

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

    def clean(self) -> dict[str, Any]:
        """A wrong username or password (or an inactive account) is said beside the
        username, where crispy-forms-gds shows a field's errors and the error summary
        links: it would show an error that names no field in markup of its own."""
        try:
            return super().clean()
        except forms.ValidationError as error:
            self.add_error("username", error)
            return self.cleaned_data


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
