"""The append-only record of who changed what, when, with the values before and after."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnly(Exception):
    """Audit events are never changed or deleted."""


class Verb(models.TextChoices):
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    ARCHIVE = "archive", "Archived"
    RESTORE = "restore", "Restored"
    STATUS = "status", "Status changed"
    UPDATE = "update", "Progress update"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
    SIGN_OUT = "sign_out", "Signed out"
    ROLE = "role", "Role or sharing changed"
    # Security events (issue 16): each is audited, whether or not it touches a plan.
    PASSWORD = "password", "Password changed"
    PASSWORD_RESET = "password_reset", "Password reset"
    TWO_FACTOR = "two_factor", "Two-factor sign-in changed"
    LOCKOUT = "lockout", "Sign-in locked out"
    REFUSED = "refused", "Access refused"
    ADMIN = "admin", "Changed in the admin site"
    # An email notice sent about an update round (issue 20, notices/sending.py).
    NOTICE = "notice", "Email notice sent"
    # A personal API token made or revoked (issue 21, api/services.py).
    API_TOKEN = "api_token", "API token made or revoked"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnly("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    # Set before the event is hashed, so not auto_now_add (which sets it while saving).
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # The links keep the id of a deleted person or plan rather than being set to NULL:
    # an event is never changed, and its hash covers them (ADR 0025).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=300, blank=True)  # kept if the user goes
    verb = models.CharField(max_length=20, choices=Verb.choices)
    # What it was about: "plans.action" and its id, and the plan for the plan's history.
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    summary = models.CharField(max_length=500)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The chain (audit/chain.py): the hash of the event before this one, and this one's
    # hash over its content and that. Empty only in an event written behind the app.
    previous_hash = models.CharField(max_length=64, blank=True, default="")
    hash = models.CharField(max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnly("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnly("Audit events cannot be deleted.")


class RefusalWindow(models.Model):
    """Refused requests by one person (or address) not yet recorded one by one.

    Not an audit event and not append-only: a counter that rate-limits Verb.REFUSED
    events (audit/refusals.py). The count reaches the trail with the next event.
    """

    who = models.CharField(max_length=100, unique=True)  # "person:12" or "address:…"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    started_at = models.DateTimeField(db_index=True)
    suppressed = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.who}: {self.suppressed} since {self.started_at:%Y-%m-%d %H:%M}"
