"""A form as crispy-forms-gds renders it, kept by everything the rendering reads.

Plain twin: `render_crispy_form(form)`, crispy-forms-gds itself. The tracker renders its
as-at and filter forms on every cold view (the first after a change), and crispy takes
a few milliseconds for each; between two changes to a plan the forms are the same, so
their HTML is kept here under the form's class, its ids and, for every field, its value,
choices and errors. `tests/hotpath/test_govuk_twins.py` holds the two to the same bytes.
It is for forms whose choices are lists, as the tracker's are: a model's choices would
be read from the database to make the key.
"""

from collections.abc import Hashable

from crispy_forms.utils import render_crispy_form
from django import forms
from django.utils.safestring import SafeString, mark_safe

from improvement_tracker.core.bounded import BoundedCache
from improvement_tracker.hotpath.twins import twin_of


def render_form_plain(form: forms.BaseForm) -> SafeString:
    """The form's fields, errors and buttons, as its crispy-forms-gds helper lays them out."""
    html: str = render_crispy_form(form)  # untyped in crispy-forms
    return mark_safe(html)  # noqa: S308 - crispy's templates escape


@twin_of(render_form_plain)
def render_form(form: forms.BaseForm) -> SafeString:
    key = _identity(form)
    html = _rendered.get(key)
    if html is None:
        html = render_form_plain(form)
        _rendered.set(key, html)
    return html


# What a person typed (a search, a refused date) is part of the key and of the HTML, so
# what is kept is bounded by bytes as well as by count (ADR 0026).
RENDERED_KEPT = 256
RENDERED_BYTES = 1024 * 1024
_rendered: BoundedCache[Hashable, SafeString] = BoundedCache(
    max_bytes=RENDERED_BYTES, max_entries=RENDERED_KEPT
)


def _identity(form: forms.BaseForm) -> Hashable:
    """Everything of the form that its layout's templates read and that can differ
    between two forms of one class: ids, whether it was sent, and each field's value,
    choices and errors (their labels, hints and widgets are the class's own)."""
    fields = []
    for bound in form:
        field = bound.field
        choices = getattr(field, "choices", None)
        fields.append(
            (
                bound.name,
                bound.auto_id,
                _plain(bound.value()),
                tuple(_plain(choice) for choice in choices) if choices is not None else None,
                tuple(bound.errors),
            )
        )
    return (
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        form.is_bound,
        tuple(form.non_field_errors()),
        tuple(fields),
    )


def _plain(value: object) -> Hashable:
    """A value's type and text: HTML-safe text is told apart from text to escape."""
    if isinstance(value, list | tuple):
        return tuple(_plain(item) for item in value)
    return (type(value).__name__, repr(value))
