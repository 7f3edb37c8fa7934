from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from improvement_tracker.accounts import two_factor
from improvement_tracker.accounts.models import Organisation
from improvement_tracker.accounts.passwords import record_password_change
from improvement_tracker.audit.services import client_ip


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(UserAdmin):  # type: ignore[type-arg]
    """Django's own user admin; a password set through it is audited like any other, and a
    superuser resets people's two-factor sign-in here (audited too)."""

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
        response = super().user_change_password(request, id, form_url)
        user = User.objects.filter(pk=id).first()
        if user is not None and before is not None and user.password != before:
            assert isinstance(request.user, User)  # noqa: S101 - the admin site signs people in
            record_password_change(
                user=user, by=request.user, ip_address=client_ip(request), how=" in the admin site"
            )
        return response
