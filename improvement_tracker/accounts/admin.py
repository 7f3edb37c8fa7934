"""The admin site for organisations and people. Every registration is audited (ADR 0025):
Django's own User and Group admins and django-axes' are registered again with auditing."""

from axes import admin as axes_admin  # registers its models first, so they can be wrapped
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole
from improvement_tracker.audit.admin_audit import AuditedModelAdmin, register_audited


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.StackedInline):  # type: ignore[type-arg]
    model = Membership
    can_delete = False
    extra = 0


class PlanRoleInline(admin.TabularInline):  # type: ignore[type-arg]
    model = PlanRole
    extra = 0
    raw_id_fields = ["plan"]
    verbose_name = "role on a plan"
    verbose_name_plural = "roles on plans"


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PersonAdmin(AuditedModelAdmin, UserAdmin):  # type: ignore[type-arg]
    inlines = [MembershipInline, PlanRoleInline]


@admin.register(Group)
class AuditedGroupAdmin(AuditedModelAdmin, GroupAdmin):
    pass


for axes_model in (axes_admin.AccessAttempt, axes_admin.AccessLog, axes_admin.AccessFailureLog):
    if axes_model in admin.site._registry:
        register_audited(admin.site, axes_model)
