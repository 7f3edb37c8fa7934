"""Personal API tokens, and files sent to the API's import waiting to be confirmed.

A token is shown once, when it is made; only its SHA-256 is kept (`api/tokens.py`), with
a short prefix so that its holder can tell their tokens apart (ADR 0061).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    # The token's first characters, shown beside its name; never enough to use it.
    prefix = models.CharField(max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # Moved on at most once an hour, so that reading through the API writes almost nothing.
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scope__in=["read", "write"]), name="api_token_scope_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_live(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def may_write(self) -> bool:
        return self.scope == Scope.WRITE


class ApiImport(models.Model):
    """A file sent to POST /api/v1/imports, kept in storage until confirmed or cancelled.

    The API has no session to hold it in, so the row does what the session does for the
    browser's import (documents/uploads.py): only its own person may see or confirm it.
    """

    # The import's id in addresses: random, so that one person cannot guess another's.
    key = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_imports"
    )
    stored = models.CharField(max_length=255)  # the name in Django's storage
    name = models.CharField(max_length=255)  # the file's own name, as sent
    replace = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"
