"""A status as a GOV.UK tag: the word is always there; colour only repeats it."""

from django.utils.safestring import SafeString
from govuk_frontend_django.components.tag import GovUKTag

from improvement_tracker.hotpath.govuk import render
from improvement_tracker.plans.rag import Status

TAG_COLOURS = {
    Status.RED: "govuk-tag--red",
    Status.AMBER: "govuk-tag--orange",
    Status.GREEN: "govuk-tag--green",
    Status.COMPLETED: "govuk-tag--blue",
    Status.NOT_RATED: "govuk-tag--grey",
}


def status_tag(status: Status) -> SafeString:
    return render(GovUKTag(text=status.label, classes=TAG_COLOURS[status]))
