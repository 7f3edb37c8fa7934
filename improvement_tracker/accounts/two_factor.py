"""Two-factor sign-in for local accounts: who needs it, setting it up, checking a code.

A person's second factor is an authenticator app (a django-otp TOTP device) and ten
single-use backup codes (a static device). Single sign-on accounts, which have no
usable password here, rely on their identity provider and are never asked. Each change
runs in one transaction with its audit row (Verb.TWO_FACTOR).
"""

import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from improvement_tracker.accounts.models import Membership, Organisation, PlanRole, Role
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record

BACKUP_CODES = 10
DEVICE_NAME = "Authenticator app"


def is_local_account(user: User) -> bool:
    """Signs in with a password here, not only through single sign-on."""
    return user.has_usable_password()


def has_two_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def people_with_two_factor(*, organisation: Organisation) -> set[int]:
    """The ids of the organisation's people who have an authenticator app."""
    return set(
        TOTPDevice.objects.filter(
            confirmed=True, user__membership__organisation=organisation
        ).values_list("user_id", flat=True)
    )


def requires_two_factor(user: User) -> bool:
    """Whether the setting makes this person set up two-factor sign-in before anything else."""
    if not settings.REQUIRE_TWO_FACTOR_FOR_MANAGERS or not is_local_account(user):
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(user=user, is_admin=True).exists()
        or PlanRole.objects.filter(user=user, role=Role.MANAGER).exists()
    )


def new_secret() -> str:
    """A new TOTP key, hex-encoded (20 bytes, as RFC 6238 suggests for SHA-1)."""
    return str(random_hex(20))


@dataclass(frozen=True)
class Enrolment:
    """What a person copies into their app: the key as text and as an otpauth:// URI."""

    secret_base32: str
    uri: str


def enrolment(user: User, secret: str) -> Enrolment:
    device = TOTPDevice(user=user, key=secret, name=DEVICE_NAME)  # not saved: only its URI
    return Enrolment(b32encode(unhexlify(secret)).decode(), device.config_url)


def code_matches_secret(secret: str, code: str) -> bool:
    """For setting up: the code the app shows now (or a step either side) for this key."""
    if not code.isdigit():
        return False
    totp = TOTP(unhexlify(secret))
    totp.time = time.time()
    return bool(totp.verify(int(code), tolerance=1))


@transaction.atomic
def two_factor_enable(*, user: User, secret: str, ip_address: str | None) -> list[str]:
    """Replace any earlier device with this app; answer the new backup codes."""
    _delete_devices(user)
    TOTPDevice.objects.create(user=user, key=secret, name=DEVICE_NAME, confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [_backup_code() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
    summary = f"{user.get_username()} set up two-factor sign-in with {BACKUP_CODES} backup codes"
    _audit(user, by=user, summary=summary, after={"two_factor": True}, ip_address=ip_address)
    return codes


@transaction.atomic
def two_factor_remove(*, user: User, by: User, ip_address: str | None) -> bool:
    """Remove a person's second factor, by themselves or by an administrator (a reset)."""
    if not _delete_devices(user):
        return False
    own = by.pk == user.pk
    _audit(
        user,
        by=by,
        summary=f"{user.get_username()} removed their two-factor sign-in"
        if own
        else f"{by.get_username()} reset {user.get_username()}'s two-factor sign-in",
        before={"two_factor": True},
        after={"two_factor": False},
        ip_address=ip_address,
    )
    return True


def _backup_code() -> str:
    """Eight letters and digits; never all digits, so it is never taken for an app's code."""
    while True:
        code = str(StaticToken.random_token())
        if not code.isdigit():
            return code


def _delete_devices(user: User) -> bool:
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return bool(totp or static)


@dataclass(frozen=True)
class CodeCheck:
    accepted: bool
    backup_code_used: bool = False
    wait: bool = False  # the device is throttled: wrong codes came too fast


@transaction.atomic
def check_code(*, user: User, code: str, ip_address: str | None) -> CodeCheck:
    """A code from the app, or one of the backup codes (used up as it is accepted).

    django-otp throttles each device: after a wrong code the next is refused unheard for
    1, 2, 4 … seconds, however many sessions try.
    """
    code = "".join(code.split())
    for device in TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(accepted=False, wait=True)
        if code.isdigit() and len(code) == device.digits and device.verify_token(code):
            return CodeCheck(accepted=True)
    for backup in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
        if not code.isdigit() and backup.verify_token(code.lower()):
            remaining = backup.token_set.count()
            summary = f"{user.get_username()} signed in with a backup code ({remaining} left)"
            after = {"backup_codes_left": remaining}
            _audit(user, by=user, summary=summary, after=after, ip_address=ip_address)
            return CodeCheck(accepted=True, backup_code_used=True)
    return CodeCheck(accepted=False)


def _audit(
    user: User,
    *,
    by: User,
    summary: str,
    after: dict[str, object],
    before: dict[str, object] | None = None,
    ip_address: str | None,
) -> None:
    """Every change to a person's second factor is audited alike: on the person's account."""
    audit_record(
        actor=by,
        verb=Verb.TWO_FACTOR,
        obj=user,
        summary=summary,
        before=before,
        after=after,
        ip_address=ip_address,
    )
