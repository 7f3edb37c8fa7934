"""Template helpers for the tracker: status tags, links between actions, a domain's rows."""

from collections.abc import Container, Mapping

from django import forms, template
from django.utils.safestring import SafeString

from improvement_tracker.hotpath.forms import render_form
from improvement_tracker.hotpath.tracker_rows import tracker_rows as rows_of
from improvement_tracker.plans import action_links, status_tags
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey, status_of
from improvement_tracker.plans.selectors.tracker import TrackerDomain

register = template.Library()

register.simple_tag(action_links.with_action_links)


@register.simple_tag
def status_tag(status: str, key: StatusKey = EXAMPLE_KEY) -> SafeString:
    """The status as a GOV.UK tag in the plan's key's words and colour: the word is always
    there; colour only repeats it."""
    return status_tags.status_tag(status_of(status), key)


@register.filter
def status_label(status: str, key: StatusKey = EXAMPLE_KEY) -> str:
    """`{{ update.status|status_label:key }}`: the plan's label for a stored meaning."""
    return key.label(Status(status))


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)


@register.filter
def contains(collection: Container[str], item: str) -> bool:
    """`access.abilities|contains:"edit"`: whether a person may do something."""
    return item in collection


@register.simple_tag
def tracker_rows(
    entry: TrackerDomain, anchors: Mapping[int, str], plan_slug: str, key: StatusKey
) -> SafeString:
    """A domain table's rows: the template plans/_tracker_rows.html, or its fast twin."""
    return rows_of(entry, anchors, plan_slug, key)


@register.simple_tag
def tracker_form(form: forms.BaseForm) -> SafeString:
    """The tracker's as-at and filter forms, as `{% crispy form %}` renders them; kept
    between changes to the plan (hotpath/forms.py), since every cold view renders both."""
    return render_form(form)
