"""Sign-in and sign-out are Django's own events; record each one.

Failed sign-ins and lockouts are recorded by the lockout handler (accounts/lockout.py),
after django-axes has counted them, and rate-limited there.
"""

from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record, client_ip


@receiver(user_logged_in)
def record_sign_in(sender: object, request: HttpRequest, user: User, **kwargs: object) -> None:
    audit_record(actor=user, verb=Verb.SIGN_IN, summary="Signed in", ip_address=client_ip(request))


@receiver(user_logged_out)
def record_sign_out(
    sender: object, request: HttpRequest, user: User | None, **kwargs: object
) -> None:
    if user is not None:
        audit_record(
            actor=user, verb=Verb.SIGN_OUT, summary="Signed out", ip_address=client_ip(request)
        )
