"""Forms for a plan's extra fields (ADR 0040): naming one, and the action form's box for
each live field's value."""

from collections.abc import Sequence
from typing import Unpack

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from improvement_tracker.core.forms import FormData, FormOptions
from improvement_tracker.plans.forms import LONG_TEXT, _too_long
from improvement_tracker.plans.models import ExtraField

# The most a field's name and a value under it may hold: what the model's column holds,
# and what the action form lets in (importers keep to both: importers/field_limits.py).
NAME_LENGTH = 200
VALUE_LENGTH = LONG_TEXT


class ExtraFieldForm(forms.Form):
    name = forms.CharField(
        label="Field name",
        help_text="As the plan's tracker heads the column, for example Success measures",
        max_length=NAME_LENGTH,
        error_messages={
            "required": "Enter the field name",
            "max_length": _too_long("Field name", NAME_LENGTH),
        },
    )

    def __init__(
        self, data: FormData = None, *, button: str, label: str, **options: Unpack[FormOptions]
    ) -> None:
        super().__init__(data, **options)
        self.fields["name"].label = label
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.label_size = Size.MEDIUM
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS), Button("save", button)
        )


def value_field_name(field: ExtraField) -> str:
    return f"extra_{field.pk}"


def add_value_fields(form: forms.Form, fields: Sequence[ExtraField]) -> list[str]:
    """A box on the action form for each live field, labelled by its name; their names."""
    names = []
    for field in fields:
        name = value_field_name(field)
        form.fields[name] = forms.CharField(
            label=f"{field.name} (optional)",
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=VALUE_LENGTH,
            required=False,
            strip=False,
            error_messages={"max_length": _too_long(field.name, VALUE_LENGTH)},
        )
        names.append(name)
    return names


def values_from(form: forms.Form, fields: Sequence[ExtraField]) -> dict[int, str]:
    """The values the person gave, by field id, line endings as the app keeps them."""
    return {
        field.pk: form.cleaned_data[value_field_name(field)].replace("\r\n", "\n").strip()
        for field in fields
    }
