"""The action form's choice of objective (ADR 0041): offered only when the action's domain
has objectives, so that a plan without them has the form it always had."""

from collections.abc import Sequence

from django import forms

from improvement_tracker.core.forms import choice_field
from improvement_tracker.plans.models import Objective

NO_OBJECTIVE = ""


def add_objective_field(form: forms.Form, objectives: Sequence[Objective]) -> list[str]:
    """The action form's Objective select, only when the domain has objectives; its name."""
    if not objectives:
        return []
    form.fields["objective"] = forms.ChoiceField(
        label="Objective",
        help_text="The domain's objective this action serves",
        required=False,
        error_messages={"invalid_choice": "Select an objective from the list"},
    )
    choice_field(form, "objective").choices = [
        (NO_OBJECTIVE, "None"),
        *((str(o.pk), f"{o.number} {o.text}".strip()[:120]) for o in objectives),
    ]
    return ["objective"]


def objective_chosen(form: forms.Form, objectives: Sequence[Objective]) -> Objective | None:
    """The objective the person chose, or None."""
    chosen = form.cleaned_data.get("objective") or NO_OBJECTIVE
    return next((o for o in objectives if str(o.pk) == chosen), None)
