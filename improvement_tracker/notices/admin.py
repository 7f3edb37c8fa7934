"""Sent and waiting notices in the admin site, for superusers to see what failed and why:
read only, since only `send_reminders` makes, claims and marks them (ADR 0055)."""

from django.contrib import admin

from improvement_tracker.notices.models import SentNotice
from improvement_tracker.plans.admin import ReadOnlyAdmin


@admin.register(SentNotice)
class SentNoticeAdmin(ReadOnlyAdmin[SentNotice]):
    list_display = [
        "person",
        "kind",
        "day_kind",
        "round",
        "sent_at",
        "attempts",
        "last_error",
    ]
    list_select_related = ["person", "round__plan"]
    list_filter = ["kind", "day_kind", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["person__username", "email", "round__plan__title", "last_error"]
