from django.contrib import admin
from django.http import HttpRequest

from improvement_tracker.audit.admin_audit import AuditedModelAdmin
from improvement_tracker.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(AuditedModelAdmin[AuditEvent]):
    """Read-only: nobody adds, changes or deletes audit events, superusers included."""

    list_display = ["at", "actor_name", "verb", "summary", "plan"]
    # Joined, so an event whose plan was deleted (its id is kept) shows an empty plan.
    list_select_related = ["plan"]
    list_filter = ["verb"]
    search_fields = ["actor_name", "summary"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
