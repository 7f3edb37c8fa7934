"""Template helpers for the pages that change plans: GOV.UK buttons and banners."""

import datetime as dt

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from govuk_frontend_django.components.button import GovUKButton
from govuk_frontend_django.components.notification_banner import GovUKNotificationBanner

from improvement_tracker.hotpath.govuk import render

register = template.Library()


@register.simple_tag
def submit_button(
    text: str, name: str, value: object, *, secondary: bool = False, about: str = ""
) -> SafeString:
    """A GOV.UK button that submits its own name and value (the govuk tag takes `name`).

    `about` is read out after the text by screen readers: "Move up Leadership".
    """
    classes = "govuk-button--secondary" if secondary else None
    context = {"text": text, "about": about}
    html = render_to_string("plans/_button_words.html", context) if about else None
    return render(
        GovUKButton(
            html=html,
            text=None if about else text,
            name=name,
            value=str(value),
            classes=classes,
        )
    )


@register.simple_tag
def archived_banner(what: str, archived_at: dt.datetime) -> SafeString:
    """Says that a plan, domain or action is archived, when, and what that means."""
    day = f"{timezone.localtime(archived_at):%-d %B %Y}"
    return render(
        GovUKNotificationBanner(
            titleText="Archived",
            text=f"This {what} was archived on {day}. It is kept as it was: you can read and "
            "report on it, but it can no longer be changed"
            + ("." if what == "plan" else " unless a plan manager restores it."),
        )
    )
