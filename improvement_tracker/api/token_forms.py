"""The API tokens page's forms: making a token (its name, scope and how long it lasts),
and confirming that one is revoked."""

from typing import Unpack

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.conf import settings

from improvement_tracker.api.models import Scope
from improvement_tracker.core.forms import FormData, FormOptions

SCOPE_HINTS = {
    Scope.READ: "Read the plans, actions, audit history and exports you may see on the "
    "pages. It cannot change anything: use it for Power BI, Excel and reports.",
    Scope.WRITE: "Also record progress updates, accept suggested statuses and import plans, "
    "wherever your own roles let you do so on the pages.",
}
LIFETIMES = (30, 90, 180, 365)


def lifetimes() -> list[int]:
    """The lifetimes offered: the usual four, and the service's default if it is another."""
    return sorted({*LIFETIMES, settings.API_TOKEN_DEFAULT_DAYS})


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="So that you can tell your tokens apart, for example ‘Power BI board report’",
        max_length=100,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "The token's name must be 100 characters or fewer",
        },
    )
    scope = forms.ChoiceField(
        label="What may the token do?",
        choices=[Choice(scope.value, scope.label, hint=SCOPE_HINTS[scope]) for scope in Scope],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the token may do",
            "invalid_choice": "Select read only, or read and write",
        },
    )
    days = forms.TypedChoiceField(
        label="How long should it last?",
        help_text="It stops working after this. You can revoke it sooner at any time.",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how long the token lasts",
            "invalid_choice": "Select one of the lengths of time listed",
        },
    )

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        days = self.fields["days"]
        assert isinstance(days, forms.TypedChoiceField)  # noqa: S101 - narrows the type
        days.choices = [(str(n), f"{n} days") for n in lifetimes()]
        days.initial = str(settings.API_TOKEN_DEFAULT_DAYS)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("scope", legend_size=Size.SMALL),
            Field.radios("days", legend_size=Size.SMALL),
            Button("make", "Make the token"),
        )


class RevokeForm(forms.Form):
    """Nothing to fill in: the button confirms."""

    def __init__(self, data: FormData = None, **options: Unpack[FormOptions]) -> None:
        super().__init__(data, **options)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Button.warning("revoke", "Revoke this token"))
