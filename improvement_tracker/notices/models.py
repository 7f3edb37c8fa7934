"""The notices a person is sent about an update round, each once, and which they want."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from improvement_tracker.notices.schedule import DayKind, NoticeKind
from improvement_tracker.plans.models import UpdateRound


class SentNotice(models.Model):
    """One notice to one person about one round, claimed before it is sent (ADR 0055).

    The row is made before the email is sent and marked sent after, so no notice goes
    twice: a second run finds it sent, and a run at the same time cannot claim it. A
    failed send leaves it unsent with the error and the number of attempts, for the next run.
    """

    round = models.ForeignKey(UpdateRound, on_delete=models.PROTECT, related_name="notices")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=[(k.value, k.label) for k in NoticeKind])
    day_kind = models.CharField(max_length=20, choices=[(d.value, d.label) for d in DayKind])
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the run that is sending it; a claim older than NOTICE_CLAIM_MINUTES is a run
    # that stopped, and another may take the notice over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=40, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    email = models.EmailField(blank=True)  # the address it went to
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["round", "person", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "round", "person", "day_kind"], name="one_notice_per_day_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[kind.value for kind in NoticeKind]),
                name="notice_kind_is_known",
            ),
            models.CheckConstraint(
                condition=Q(day_kind__in=[day.value for day in DayKind]),
                name="notice_day_kind_is_known",
            ),
        ]
        indexes = [
            models.Index(
                fields=["round", "day_kind"],
                condition=Q(sent_at__isnull=True),
                name="notice_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_day_kind_display()}) to {self.person}"


class NoticePreference(models.Model):
    """The notices a person has chosen to get; without a row they get them all."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preference"
    )
    round_opened = models.BooleanField(default=True)
    reminder = models.BooleanField(default=True)
    escalation = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Email notices of {self.person}"

    def wants(self, kind: NoticeKind) -> bool:
        return bool(getattr(self, kind.value))

    def chosen(self) -> list[str]:
        return [kind.value for kind in NoticeKind if self.wants(kind)]
