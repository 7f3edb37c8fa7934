"""Emails to a person about their account, whose failure administrators must see.

A password reset page that says "sent" whatever happened is right for the person asking
(it must not tell them whether the address has an account), but a mail server that
refuses every message must not stay hidden in a log nobody reads: each failure is an
ERROR in the log (to the console and ADMINS) and a row in the audit trail, which
administrators read in the admin site ("Password reset" events).
"""

import logging
from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.template import loader

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record, client_ip

logger = logging.getLogger(__name__)


def send_account_email(
    message: EmailMultiAlternatives, *, user: User | None, purpose: str, ip_address: str | None
) -> bool:
    """Send; on failure log an error and audit it, and answer False instead of raising."""
    try:
        message.send()
    except Exception as error:  # any backend's failure is recorded, not shown
        username = user.get_username() if user is not None else ", ".join(message.to)
        logger.error(
            "Could not send the %s email to %s: %s: %s",
            purpose,
            username,
            type(error).__name__,
            error,
            exc_info=error,
        )
        audit_record(
            actor=None,
            verb=Verb.PASSWORD_RESET,
            obj=user,
            summary=f"The {purpose} email to {username} could not be sent "
            f"({type(error).__name__}); check the mail settings (EMAIL_*)",
            after={"error": f"{type(error).__name__}: {error}"[:300]},
            ip_address=ip_address,
        )
        return False
    return True


class AccountEmailForm(PasswordResetForm):
    """Django's reset form, sending through send_account_email; `sent` says how it went."""

    purpose = "password reset"
    ip_address: str | None = None
    sent = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        request = kwargs.get("request")
        self.ip_address = client_ip(request) if request is not None else None
        super().save(*args, **kwargs)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, object],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        user = context.get("user")
        self.sent = (
            send_account_email(
                message,
                user=user if isinstance(user, User) else None,
                purpose=self.purpose,
                ip_address=self.ip_address,
            )
            and self.sent
        )


class SetPasswordEmailForm(AccountEmailForm):
    """The first email to someone just added, who has no password yet.

    Django's reset form skips accounts without a usable password (so that single sign-on
    accounts cannot gain one by email); this one goes to the one person named.
    """

    purpose = "set your password"

    def __init__(self, person: User) -> None:
        super().__init__({"email": person.email})
        self.person = person

    def get_users(self, email: str) -> list[User]:
        return [self.person] if self.person.is_active else []
