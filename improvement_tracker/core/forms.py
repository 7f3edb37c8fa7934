"""Form fields shared by every app, worded as the GOV.UK Design System words errors."""

import datetime as dt
from collections.abc import Mapping, MutableMapping
from typing import TypedDict

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.utils.datastructures import MultiValueDict

# What a form is bound to: a request's POST or GET, or None while nothing has been sent.
FormData = Mapping[str, object] | None
FormFiles = MultiValueDict[str, UploadedFile] | None


class FormOptions(TypedDict, total=False):
    """The arguments of Django's forms that the views here pass by keyword."""

    initial: MutableMapping[str, object]
    auto_id: str


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, which offers choices (a select, radios or checkboxes)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"The form's {name!r} field offers no choices")
    return field


# crispy-forms-gds is untyped: to mypy its field is Any, which it will not subclass.
class GovUKDateField(DateInputField):  # type: ignore[misc]
    """A day, month and year date input whose errors name the field, GOV.UK style.

    `name` is how the error messages refer to the date, e.g. "the date of this update".
    """

    def __init__(self, *, name: str, example: str = "31 3 2021", **kwargs: object) -> None:
        super().__init__(require_all_fields=False, **kwargs)
        self.name = name
        self.error_messages["required"] = f"Enter {name}"
        self.error_messages["incomplete"] = f"Enter {name} as a date, for example {example}"
        for part, sub in zip(("day", "month", "year"), self.fields, strict=True):
            sub.error_messages["incomplete"] = f"{name.capitalize()} must include a {part}"
            sub.validators = [
                RegexValidator(r"^\s*[0-9]+\s*$", f"{name.capitalize()} must be a real date")
            ]

    def compress(self, data_list: list[str]) -> dt.date | None:
        day, month, year = data_list
        if not (day and month and year):
            return None
        if len(str(year).strip()) != 4:
            raise ValidationError(f"{self.name.capitalize()} must include a year with 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{self.name.capitalize()} must be a real date") from error
