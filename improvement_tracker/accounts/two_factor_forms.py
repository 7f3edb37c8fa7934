"""Forms for two-factor sign-in and changing a password, in GOV.UK's words."""

from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.models import User
from django.core import signing
from django.http import HttpRequest

from improvement_tracker.core.forms import FormData, FormOptions

SETUP_MAX_AGE = 60 * 60  # seconds a setup page's key stays usable


def _helper(*layout: object) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.label_size = Size.SMALL
    helper.layout = Layout(*layout)
    return helper


def _code_field(hint: str) -> forms.CharField:
    return forms.CharField(
        label="Code",
        help_text=hint,
        max_length=20,
        error_messages={
            "required": "Enter the code from your authenticator app",
            "max_length": "The code must be 20 characters or fewer",
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )


class SignInCodeForm(forms.Form):
    code = _code_field(
        "The 6-digit code your authenticator app shows now, or one of your backup codes"
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = _helper(Field.text("code", field_width=Fixed.TEN), Button("go", "Continue"))


class SetUpForm(forms.Form):
    """The key travels in the page, signed for this person, so showing it writes nothing."""

    secret = forms.CharField(widget=forms.HiddenInput, required=False)  # checked in clean()
    code = _code_field("The 6-digit code your authenticator app shows for Improvement Tracker")

    def __init__(
        self, data: FormData = None, *, user_id: int, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self.salt = f"two-factor-setup:{user_id}"
        self.helper = _helper(
            Field.text("code", field_width=Fixed.TEN),
            Button("confirm", "Turn on two-factor sign-in"),
        )

    def signed(self, secret: str) -> str:
        return signing.dumps(secret, salt=self.salt)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        try:
            cleaned["secret"] = str(
                signing.loads(self.data.get("secret", ""), salt=self.salt, max_age=SETUP_MAX_AGE)
            )
        except signing.BadSignature:
            cleaned.pop("secret", None)
            self.add_error(
                "code",
                "This page has expired. Add Improvement Tracker to your app again with the "
                "new key below, then enter the code it shows",
            )
        return cleaned

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return code


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(
        self, data: FormData = None, *, button: str, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self.helper = _helper(
            Field.text("password", field_width=Fluid.ONE_HALF), Button("confirm", button)
        )


class ChangePasswordForm(PasswordChangeForm):
    """The current password is checked through authenticate(), so that wrong ones count
    towards the lockout as on the sign-in page. Someone who signed in with a one-time
    password enters it here too (ADR 0030), and chooses a different one."""

    def __init__(
        self,
        user: User,
        data: FormData = None,
        *,
        request: HttpRequest,
        one_time: bool = False,
        **options: Unpack[FormOptions],
    ) -> None:
        super().__init__(user, data, **options)
        self.request = request
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": f"Your {'one-time' if one_time else 'current'} password is "
            "not correct. Enter it again",
            "password_mismatch": "The new passwords do not match. Enter the same password twice",
        }
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        if one_time:
            self.fields["old_password"].label = "One-time password"
            self.fields["old_password"].help_text = "The password you signed in with"
            self.fields["old_password"].error_messages["required"] = "Enter your one-time password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = _helper(
            Field.text("old_password", field_width=Fluid.ONE_HALF),
            Field.text("new_password1", field_width=Fluid.ONE_HALF),
            Field.text("new_password2", field_width=Fluid.ONE_HALF),
            Button("save", "Change password"),
        )

    def clean_old_password(self) -> str:
        old_password: str = self.cleaned_data["old_password"]
        confirmed = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if confirmed is None or confirmed.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        old_password, new_password = cleaned.get("old_password"), cleaned.get("new_password1")
        if old_password and new_password and old_password == new_password:
            self.add_error(
                "new_password1", "Enter a new password that is different from your current one"
            )
        return cleaned
