"""A plan's objectives, activities, extra fields and values in the admin site: found and
read by superusers, audited like every registration (AuditedModelAdmin), and changed only
through the plan's own pages. Their services keep what the admin's forms would not: an
objective within its domain, a field's name unique whatever its case, a timescale read,
archiving instead of deleting, and `plan_changed` so cached pages show the change (ADR 0048)."""

from typing import TypeVar

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from improvement_tracker.audit.admin_audit import AuditedModelAdmin
from improvement_tracker.plans.models import Activity, ExtraField, ExtraValue, Objective

M = TypeVar("M", bound=Model)


class ReadOnlyAdmin(AuditedModelAdmin[M]):
    """Nothing is added, changed or deleted here, superusers included, as for audit events."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdmin[Objective]):
    list_display = ["__str__", "text", "domain", "domain__plan", "archived_at"]
    list_select_related = ["domain__plan"]
    list_filter = [("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "text", "lead_text", "domain__plan__title"]


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin[Activity]):
    list_display = ["__str__", "text", "action", "action__domain__plan", "status", "archived_at"]
    list_select_related = ["action__domain__plan"]
    list_filter = ["status", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["number", "text", "lead_text", "action__domain__plan__title"]


@admin.register(ExtraField)
class ExtraFieldAdmin(ReadOnlyAdmin[ExtraField]):
    list_display = ["name", "plan", "position", "archived_at"]
    list_select_related = ["plan"]
    list_filter = [("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "plan__title"]


@admin.register(ExtraValue)
class ExtraValueAdmin(ReadOnlyAdmin[ExtraValue]):
    list_display = ["field", "action", "text", "field__plan"]
    list_select_related = ["field__plan", "action__domain"]
    search_fields = ["text", "field__name", "field__plan__title"]
