"""Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), when settings switch it on.

A person is matched by email address. Someone new is let in only when an organisation
here owns their email domain; they join that organisation with no role on any plan.
This module is loaded only when single sign-on is switched on (settings name the
backend; accounts/sso.py loads it for the sign-in pages).
"""

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from improvement_tracker.accounts.models import Membership, Organisation
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.hotpath.people import user_with_membership


def organisation_for(email: str) -> Organisation | None:
    domain = email.rsplit("@", 1)[-1].strip().lower()
    if not domain or "@" not in email:
        return None
    return Organisation.objects.filter(email_domain__iexact=domain).first()


# mozilla-django-oidc is untyped: to mypy its backend is Any, which it will not subclass.
class OrganisationOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    def get_user(self, user_id: Any) -> User | None:
        return user_with_membership(user_id)

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        email = str(claims.get("email") or "")
        return bool(email) and (
            User.objects.filter(email__iexact=email).exists() or organisation_for(email) is not None
        )

    @transaction.atomic
    def create_user(self, claims: dict[str, Any]) -> User:
        email = str(claims["email"])
        organisation = organisation_for(email)
        assert organisation is not None  # noqa: S101 - verify_claims let only these through
        user = User.objects.create_user(
            username=email.lower()[:150],
            email=email,
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
        )
        Membership.objects.create(user=user, organisation=organisation)
        audit_record(
            actor=user,
            verb=Verb.CREATE,
            obj=user,
            summary=f"Joined {organisation.name} through single sign-on",
            after={"username": user.username, "email": email, "organisation": organisation.name},
        )
        return user
