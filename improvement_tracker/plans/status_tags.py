"""A status as a GOV.UK tag in the plan's own words and colour (ADR 0039): the word is
always there; colour only repeats it."""

from django.utils.safestring import SafeString
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.hotpath.govuk import render
from improvement_tracker.plans.rag import EXAMPLE_KEY, Status, StatusKey


def tag_classes(colour: str) -> str:
    return f"govuk-tag--{colour}"


def status_tag(status: Status, key: StatusKey = EXAMPLE_KEY) -> SafeString:
    entry = key.entry(status)
    return labelled_tag(entry.label, entry.colour)


def labelled_tag(label: str, colour: str) -> SafeString:
    """A tag of a label and a colour, as a key gives them."""
    return render(GovUKTag(text=label, classes=tag_classes(colour)))
