"""The longest text an import may put in each field: what the form that edits it allows.

One source of truth for each limit: the number is read from the form a person would use
(or, where no form edits the field, the model's column), never copied here, so that an
imported action can always be opened and saved in its form, and every page and export
is built for no longer a text than a form lets in.
"""

from functools import cache

from django import forms
from django.db import models

from improvement_tracker.plans import extra_field_forms
from improvement_tracker.plans.edit_forms import ActionForm, DomainForm, PlanForm
from improvement_tracker.plans.forms import ActionUpdateForm
from improvement_tracker.plans.lead_forms import LeadForm
from improvement_tracker.plans.models import ExtraField, Objective, Plan, RagKeyEntry


def _form(form: type[forms.Form], field: str) -> int:
    text = form.base_fields[field]
    assert isinstance(text, forms.CharField)  # noqa: S101 - every field named below is text
    assert isinstance(text.max_length, int)  # noqa: S101 - and has a limit
    return text.max_length


def _model(model: type[models.Model], field: str) -> int:
    text = model._meta.get_field(field)
    assert isinstance(text, models.CharField | models.TextField)  # noqa: S101 - text fields
    assert isinstance(text.max_length, int)  # noqa: S101 - with a limit
    return text.max_length


@cache
def field_limits() -> dict[str, int]:
    """The field's name as messages word it -> the most characters it may hold."""
    return {
        "plan title": _form(PlanForm, "title"),
        "period": _model(Plan, "reporting_period"),
        "meaning": _model(RagKeyEntry, "description"),
        "status label": _model(RagKeyEntry, "label"),
        "title": _form(DomainForm, "title"),
        "label": _form(DomainForm, "label"),
        "action": _form(ActionForm, "text"),
        "lead text": _form(ActionForm, "lead_text"),
        "lead": _form(LeadForm, "name"),
        "timescale": _form(ActionForm, "timescale_text"),
        "progress": _form(ActionUpdateForm, "progress"),
        "extra field's name": _model(ExtraField, "name"),
        "extra field's value": extra_field_forms.VALUE_LENGTH,
        "reference": _model(Objective, "number"),
        # An objective's and an activity's words: their forms allow what an action's does.
        "objective": _form(ActionForm, "text"),
        "activity": _form(ActionForm, "text"),
    }
