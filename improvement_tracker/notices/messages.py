"""A notice as an email: its subject, plain-text and HTML parts (GOV.UK style; issue 20).

The HTML part is plain: GDS Transport or Arial, no images, no remote content, no tracking;
every word a person typed (a plan's title, an action's text) is escaped by the template.
GOV.UK Notify sends the text part alone, through its plain template.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from improvement_tracker.notices.schedule import DayKind
from improvement_tracker.notices.selectors import ActionLine
from improvement_tracker.plans.models import UpdateRound


@dataclass(frozen=True)
class NoticeContent:
    """What one notice says: a person's actions, or for an escalation every missing
    action under its lead."""

    day_kind: DayKind
    lines: list[ActionLine]
    by_lead: list[tuple[str, list[ActionLine]]]

    @property
    def count(self) -> int:
        return len(self.lines) or len({line.url for _, lines in self.by_lead for line in lines})

    @property
    def references(self) -> list[str]:
        every = self.lines or [line for _, lines in self.by_lead for line in lines]
        return sorted({line.reference for line in every})


def _day(value: object) -> str:
    return f"{value:%-d %B %Y}"


def subject(update_round: UpdateRound, day_kind: DayKind) -> str:
    """What the email is about and by when, then the plan: one line."""
    title = " ".join(update_round.plan.title.split())
    deadline = _day(update_round.deadline)
    if day_kind is DayKind.BEFORE_DEADLINE:
        return f"Reminder: updates due by {deadline}: {title}"
    if day_kind is DayKind.DEADLINE_DAY:
        return f"Updates due today, {deadline}: {title}"
    if day_kind is DayKind.AFTER_DEADLINE:
        return f"Updates missing after the {deadline} deadline: {title}"
    return f"Updates due by {deadline}: {title}"


def notice_email(
    *, update_round: UpdateRound, person: User, content: NoticeContent
) -> EmailMultiAlternatives:
    context = {
        "person": person.get_full_name() or person.get_username(),
        "plan": update_round.plan,
        "round": update_round,
        "day_kind": content.day_kind.value,
        "lines": content.lines,
        "by_lead": content.by_lead,
        "count": content.count,
        "round_url": settings.SITE_URL + update_round.plan.get_absolute_url(),
        "preferences_url": settings.SITE_URL + reverse("notices:preferences"),
    }
    message = EmailMultiAlternatives(
        subject=subject(update_round, content.day_kind),
        body=render_to_string("notices/email/notice.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        # Out-of-office replies are not sent to automatic mail (RFC 3834).
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("notices/email/notice.html", context), "text/html")
    return message
