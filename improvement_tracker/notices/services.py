"""Changes to notices: a person's choice of notices, and a notice claimed, sent or failed.

Each is one transaction; a choice changed and a notice sent are audited (ADR 0055).
"""

import datetime as dt
import uuid
from collections.abc import Collection

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.notices.models import NoticePreference, SentNotice
from improvement_tracker.notices.schedule import DayKind, NoticeKind
from improvement_tracker.plans.models import UpdateRound


def notice_preferences(person: User) -> NoticePreference:
    """The person's choice, unsaved with every notice on if they never made one."""
    found = NoticePreference.objects.filter(person=person).first()
    return found if found is not None else NoticePreference(person=person)


@transaction.atomic
def notice_preferences_set(
    *, person: User, wanted: Collection[NoticeKind], by: User
) -> NoticePreference:
    """Choose which notices `person` gets. Those turned off and not yet sent are dropped,
    so no notice waits to be sent to someone who no longer wants it."""
    preference, _ = NoticePreference.objects.select_for_update().get_or_create(person=person)
    before = preference.chosen()
    for kind in NoticeKind:
        setattr(preference, kind.value, kind in wanted)
    preference.save()
    off = [kind.value for kind in NoticeKind if kind not in wanted]
    SentNotice.objects.filter(person=person, kind__in=off, sent_at__isnull=True).delete()
    audit_record(
        actor=by,
        verb=Verb.CHANGE,
        obj=preference,
        summary=f"Chose the email notices {person.get_username()} gets",
        before={"notices": before},
        after={"notices": preference.chosen()},
    )
    return preference


def notices_plan(update_round: UpdateRound, day_kind: DayKind, people: Collection[int]) -> None:
    """Make the notices due to `people`, unsent; one already made stays as it is."""
    SentNotice.objects.bulk_create(
        [
            SentNotice(
                round=update_round, person_id=pk, kind=day_kind.kind.value, day_kind=day_kind.value
            )
            for pk in people
        ],
        ignore_conflicts=True,  # the unique constraint keeps one per kind, round, person, day
    )


def notices_claim(
    update_round: UpdateRound,
    day_kinds: Collection[DayKind],
    *,
    after: int,
    now: dt.datetime,
    size: int,
) -> list[SentNotice]:
    """Claim up to `size` unsent notices of the round with ids above `after`, for this run
    alone: a notice another run claimed within NOTICE_CLAIM_MINUTES is left to it.

    The claim is one conditional UPDATE: of two runs at once, the database lets one
    change each row, and the other's condition no longer holds for it.
    """
    free = Q(claimed_at__isnull=True) | Q(
        claimed_at__lt=now - dt.timedelta(minutes=settings.NOTICE_CLAIM_MINUTES)
    )
    unwanted = Q()
    for kind in NoticeKind:
        unwanted |= Q(kind=kind.value, **{f"person__notice_preference__{kind.value}": False})
    pending = SentNotice.objects.filter(
        free,
        round=update_round,
        day_kind__in=[day.value for day in day_kinds],
        sent_at__isnull=True,
        attempts__lt=settings.NOTICE_MAX_ATTEMPTS,
        pk__gt=after,
    ).exclude(unwanted)
    ids = list(pending.order_by("pk").values_list("pk", flat=True)[:size])
    if not ids:
        return []
    claim = uuid.uuid4().hex
    SentNotice.objects.filter(free, pk__in=ids, sent_at__isnull=True).update(
        claim=claim, claimed_at=now
    )
    return list(
        SentNotice.objects.filter(pk__in=ids, claim=claim).select_related("person").order_by("pk")
    )


@transaction.atomic
def notices_sent(
    *, update_round: UpdateRound, sent: list[tuple[SentNotice, list[str]]], now: dt.datetime
) -> None:
    """Mark the notices the mail server accepted as sent, each with the actions it listed,
    and audit each in the plan's trail: one transaction for a batch."""
    # One UPDATE for the batch; each row keeps the address it went to.
    address = User.objects.filter(pk=OuterRef("person_id")).values("email")[:1]
    SentNotice.objects.filter(pk__in=[notice.pk for notice, _ in sent]).update(
        sent_at=now,
        email=Subquery(address),
        attempts=F("attempts") + 1,
        claim="",
        last_error="",
    )
    for notice, references in sent:
        day = DayKind(notice.day_kind)
        audit_record(
            actor=None,
            verb=Verb.NOTICE,
            obj=notice,
            plan=update_round.plan,
            summary=(
                f"Emailed {notice.person.get_username()} ({day.kind.label.lower()}, "
                f"{day.label.lower()}) for the board of {update_round.board_date:%-d %B %Y}: "
                f"{len(references)} actions"
            ),
            after={
                "kind": notice.kind,
                "day_kind": notice.day_kind,
                "to": notice.person.email,
                "round": update_round.pk,
                "actions": references[:100],
            },
        )


def notice_failed(*, notice: SentNotice, error: str) -> None:
    """Leave the notice unsent, with the error and one more attempt, for the next run."""
    SentNotice.objects.filter(pk=notice.pk).update(
        attempts=notice.attempts + 1, last_error=error[:500], claim="", claimed_at=None
    )


def notice_dropped(*, notice: SentNotice) -> None:
    """A reminder with nothing left to remind of (every action updated since it was made)."""
    SentNotice.objects.filter(pk=notice.pk, sent_at__isnull=True).delete()
