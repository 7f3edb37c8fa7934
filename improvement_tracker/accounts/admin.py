"""The admin site for organisations and people. Every registration is audited (ADR 0025):
Django's own User and Group admins and django-axes' are registered again with auditing."""

from typing import TYPE_CHECKING

from axes import admin as axes_admin  # registers its models first, so they can be wrapped
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from improvement_tracker.accounts import two_factor
from improvement_tracker.accounts.models import Membership, Organisation, PlanRole
from improvement_tracker.accounts.passwords import record_password_change
from improvement_tracker.audit.admin_audit import AuditedModelAdmin, mark_audited, register_audited
from improvement_tracker.audit.services import client_ip


@admin.register(Organisation)
class OrganisationAdmin(AuditedModelAdmin[Organisation]):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


if TYPE_CHECKING:  # Django's admin classes are generic in django-stubs only
    _MembershipInline = admin.StackedInline[Membership, User]
    _PlanRoleInline = admin.TabularInline[PlanRole, User]
    _UserAdmin = UserAdmin[User]
else:
    _MembershipInline, _PlanRoleInline = admin.StackedInline, admin.TabularInline
    _UserAdmin = UserAdmin


class MembershipInline(_MembershipInline):
    model = Membership
    can_delete = False
    extra = 0


class PlanRoleInline(_PlanRoleInline):
    model = PlanRole
    extra = 0
    raw_id_fields = ["plan"]
    verbose_name = "role on a plan"
    verbose_name_plural = "roles on plans"


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PersonAdmin(AuditedModelAdmin[User], _UserAdmin):
    """Django's own user admin, audited; a password set through it is audited as a password
    change, and a superuser resets people's two-factor sign-in here (audited too)."""

    inlines = [MembershipInline, PlanRoleInline]
    actions = ["reset_two_factor"]

    @admin.action(description="Reset the two-factor sign-in of the selected people")
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        assert isinstance(request.user, User)  # noqa: S101 - the admin site signs people in
        reset = [
            person.get_username()
            for person in queryset
            if two_factor.two_factor_remove(
                user=person, by=request.user, ip_address=client_ip(request)
            )
        ]
        self.message_user(
            request, f"Two-factor sign-in reset for: {', '.join(reset) or 'nobody (none had it)'}"
        )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        before = User.objects.filter(pk=id).values_list("password", flat=True).first()
        person = User.objects.filter(pk=id).first()
        if person is not None:
            mark_audited(request, person)  # audited below as a password change, not twice
        response = super().user_change_password(request, id, form_url)
        user = User.objects.filter(pk=id).first()
        if user is not None and before is not None and user.password != before:
            assert isinstance(request.user, User)  # noqa: S101 - the admin site signs people in
            record_password_change(
                user=user, by=request.user, ip_address=client_ip(request), how=" in the admin site"
            )
        return response


@admin.register(Group)
class AuditedGroupAdmin(AuditedModelAdmin[Group], GroupAdmin):
    pass


for axes_model in (axes_admin.AccessAttempt, axes_admin.AccessLog, axes_admin.AccessFailureLog):
    if axes_model in admin.site._registry:
        register_audited(admin.site, axes_model)
