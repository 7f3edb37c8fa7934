"""The form field for an action number: the reference as the plan writes it (ADR 0038)."""

from django import forms

from improvement_tracker.plans.numbering import clean_reference, reference_problem

NUMBER_HINT = "As the plan writes it, for example 16, 1.2, C1.1.1 or R3"


class ReferenceField(forms.CharField):
    """An action number as the plan writes it (16, 1.2, C1.1.1): text (ADR 0038)."""

    def __init__(self, label: str, *, enter: str, subject: str, hint: str = "") -> None:
        # `enter` words the missing-value error, `subject` the others.
        self.subject = subject
        super().__init__(
            label=label,
            help_text=hint,
            # Stripped, so that "1.1 " is 1.1; checked below, so no max_length of its own.
            widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
            error_messages={"required": f"Enter {enter}"},
        )

    def clean(self, value: object) -> str:
        reference = clean_reference(super().clean(value))
        if not reference:  # "." alone: nothing left once the closing full stop goes
            raise forms.ValidationError(self.error_messages["required"])
        problem = reference_problem(reference, field=self.subject)
        if problem:
            raise forms.ValidationError(problem)
        return reference
