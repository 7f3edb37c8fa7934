"""The longest text an import may put in each field: what the form that edits it allows.

One source of truth for each limit: the number is read from the form a person would use
(or, where no form edits the field, the model's column), never copied here, so that an
imported action can always be opened and saved in its form, and every page and export
is built for no longer a text than a form lets in.
"""

from functools import cache

from django import forms

from improvement_tracker.plans.edit_forms import ActionForm, DomainForm, LeadForm, PlanForm
from improvement_tracker.plans.forms import ActionUpdateForm
from improvement_tracker.plans.models import Plan, RagKeyEntry


def _form(form: type[forms.Form], field: str) -> int:
    limit = form.base_fields[field].max_length  # type: ignore[attr-defined]
    assert isinstance(limit, int)  # noqa: S101 - every field named below has one
    return limit


@cache
def field_limits() -> dict[str, int]:
    """The field's name as messages word it -> the most characters it may hold."""
    return {
        "plan title": _form(PlanForm, "title"),
        "period": Plan._meta.get_field("reporting_period").max_length,  # type: ignore[dict-item]
        "meaning": RagKeyEntry._meta.get_field("description").max_length,  # type: ignore[dict-item]
        "title": _form(DomainForm, "title"),
        "label": _form(DomainForm, "label"),
        "action": _form(ActionForm, "text"),
        "lead text": _form(ActionForm, "lead_text"),
        "lead": _form(LeadForm, "name"),
        "timescale": _form(ActionForm, "timescale_text"),
        "progress": _form(ActionUpdateForm, "progress"),
    }


def largest_action_number() -> int:
    """The highest number the action form accepts (a larger one is no plan's numbering)."""
    largest = ActionForm.base_fields["number"].max_value  # type: ignore[attr-defined]
    assert isinstance(largest, int)  # noqa: S101 - the form bounds it
    return largest
