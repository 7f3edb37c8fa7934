"""Two-factor sign-in for local accounts (finding 8): set up, use, remove, require, reset."""

import re
import time
from base64 import b32decode
from binascii import unhexlify

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.settings import base
from improvement_tracker.accounts import two_factor
from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.config.test_production_settings import REQUIRED, in_production
from tests.factories import OrganisationFactory, PlanFactory
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db
PASSWORD = "right-password-123"


def code_for(secret_hex: str, steps_ahead: int = 0) -> str:
    totp = TOTP(unhexlify(secret_hex))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def wrong_code(secret_hex: str) -> str:
    right = {code_for(secret_hex, step) for step in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in right)


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Together for Children")


@pytest.fixture
def person(django_user_model, organisation):
    user = django_user_model.objects.create_user(
        username="manager", email="manager@example.gov.uk", password=PASSWORD
    )
    Membership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def with_app(person):
    """The person has set up an app; answers its key and their backup codes."""
    secret = two_factor.new_secret()
    codes = two_factor.two_factor_enable(user=person, secret=secret, ip_address=None)
    return secret, codes


def sign_in(client, username="manager", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def unthrottle(user):
    """django-otp makes each wrong code's successor wait; a test does not."""
    TOTPDevice.objects.filter(user=user).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def test_with_an_app_the_password_alone_does_not_sign_in(client, person, with_app):
    response = sign_in(client)
    assert response.status_code == 302
    assert response.url == reverse("two_factor_sign_in")
    assert "_auth_user_id" not in client.session
    # Nothing behind sign-in opens yet.
    assert client.get(reverse("plans:plan_list")).status_code == 302
    page = client.get(reverse("two_factor_sign_in"))
    assert "Enter the code from your authenticator app" in page.content.decode()


def test_the_right_code_signs_in(client, person, with_app):
    secret, _ = with_app
    sign_in(client)
    response = client.post(reverse("two_factor_sign_in"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.session["_auth_user_id"] == str(person.pk)
    assert AuditEvent.objects.filter(verb=Verb.SIGN_IN, actor=person).count() == 1


def test_a_wrong_code_is_refused_audited_and_counted_towards_the_lockout(client, person, with_app):
    secret, _ = with_app
    sign_in(client)
    response = client.post(reverse("two_factor_sign_in"), {"code": wrong_code(secret)})
    assert_form_errors(
        response, {"id_code": "The code is not correct. Enter the code your app shows now"}
    )
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.get(verb=Verb.SIGN_IN_FAILED)
    assert "two-factor code" in failed.summary
    assert AccessAttempt.objects.get(username="manager").failures_since_start == 1


def test_codes_in_quick_succession_wait_for_the_device_throttle(client, person, with_app):
    secret, _ = with_app
    sign_in(client)
    client.post(reverse("two_factor_sign_in"), {"code": wrong_code(secret)})
    # Even the right code is not heard until the wait is over.
    response = client.post(reverse("two_factor_sign_in"), {"code": code_for(secret)})
    assert "Wait a few seconds" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_wrong_codes_end_the_pending_sign_in(client, person, with_app, settings):
    secret, _ = with_app
    sign_in(client)
    for _ in range(settings.TWO_FACTOR_TRIES_PER_SIGN_IN - 1):
        unthrottle(person)
        assert (
            client.post(reverse("two_factor_sign_in"), {"code": wrong_code(secret)}).status_code
            == 200
        )
    unthrottle(person)
    last = client.post(reverse("two_factor_sign_in"), {"code": wrong_code(secret)})
    assert last.url == reverse("login")
    unthrottle(person)
    # The right code no longer helps: the password must come first again.
    late = client.post(reverse("two_factor_sign_in"), {"code": code_for(secret)})
    assert late.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(client, person, with_app, settings):
    secret, _ = with_app
    settings.SIGN_IN_FAILURES_PER_ACCOUNT = 3
    sign_in(client)
    for _ in range(2):
        unthrottle(person)
        client.post(reverse("two_factor_sign_in"), {"code": wrong_code(secret)})
    unthrottle(person)
    locked = client.post(reverse("two_factor_sign_in"), {"code": wrong_code(secret)})
    assert locked.status_code == 429
    assert "Too many attempts to sign in" in locked.content.decode()
    assert sign_in(client).status_code == 429


def test_a_backup_code_signs_in_once(client, person, with_app):
    _, codes = with_app
    sign_in(client)
    assert client.post(reverse("two_factor_sign_in"), {"code": codes[0]}).url == reverse("home")
    assert "backup code (9 left)" in AuditEvent.objects.filter(verb=Verb.TWO_FACTOR).first().summary
    client.logout()
    StaticDevice.objects.filter(user=person).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    sign_in(client)
    again = client.post(reverse("two_factor_sign_in"), {"code": codes[0]})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_code_page_without_a_right_password_sends_you_to_sign_in(client):
    assert client.get(reverse("two_factor_sign_in")).url == reverse("login")
    assert client.post(reverse("two_factor_sign_in"), {"code": "123456"}).url == reverse("login")


def test_setting_up_shows_the_key_as_text_and_a_link_and_needs_a_right_code(client, person):
    client.force_login(person)
    page = client.get(reverse("two_factor_setup")).content.decode()
    key = re.search(r'id="secret">([A-Z2-7]+)<', page).group(1)
    assert f"otpauth://totp/Improvement%20Tracker%3Amanager?secret={key}" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, with no script
    signed = re.search(r'name="secret" value="([^"]+)"', page).group(1)
    secret = b32decode(key).hex()
    wrong = client.post(reverse("two_factor_setup"), {"secret": signed, "code": wrong_code(secret)})
    not_correct = (
        "The code is not correct. Check the key in your app and enter the code it shows now"
    )
    assert_form_errors(wrong, {"id_code": not_correct})
    assert not two_factor.has_two_factor(person)
    # The same key is offered again, so the app need not be set up twice.
    assert key in wrong.content.decode()

    done = client.post(reverse("two_factor_setup"), {"secret": signed, "code": code_for(secret)})
    html = done.content.decode()
    assert "Two-factor sign-in is on" in html
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(codes) == two_factor.BACKUP_CODES
    assert TOTPDevice.objects.get(user=person).key == secret
    event = AuditEvent.objects.get(verb=Verb.TWO_FACTOR)
    assert event.actor == person
    assert "set up two-factor sign-in" in event.summary


def test_a_tampered_setup_key_is_refused(client, person):
    client.force_login(person)
    response = client.post(reverse("two_factor_setup"), {"secret": "made-up", "code": "123456"})
    assert "This page has expired" in response.content.decode()
    assert not two_factor.has_two_factor(person)


def test_removing_needs_the_password_and_is_audited(client, person, with_app):
    client.force_login(person)
    wrong = client.post(reverse("two_factor_remove"), {"password": "not-it"})
    assert_form_errors(wrong, {"id_password": "The password is not correct. Enter it again"})
    assert two_factor.has_two_factor(person)
    done = client.post(reverse("two_factor_remove"), {"password": PASSWORD})
    assert done.url == reverse("account")
    assert not two_factor.has_two_factor(person)
    assert not StaticDevice.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(
        verb=Verb.TWO_FACTOR, summary="manager removed their two-factor sign-in"
    ).exists()
    # Signing in now takes the password alone.
    client.logout()
    assert sign_in(client).url == reverse("home")


@pytest.fixture
def require_two_factor(settings):
    settings.REQUIRE_TWO_FACTOR_FOR_MANAGERS = True


def test_the_requirement_is_off_in_the_suite_and_on_in_production():
    assert base.REQUIRE_TWO_FACTOR_FOR_MANAGERS is False
    script = "from config.settings import production as s; print(s.REQUIRE_TWO_FACTOR_FOR_MANAGERS)"
    assert in_production(script, **REQUIRED).stdout.strip() == "True"
    turned_off = in_production(script, **REQUIRED, REQUIRE_TWO_FACTOR_FOR_MANAGERS="false")
    assert turned_off.stdout.strip() == "False"


def test_a_plan_manager_without_an_app_sets_one_up_before_anything_else(
    client, person, organisation, require_two_factor
):
    PlanRole.objects.create(
        plan=PlanFactory(organisation=organisation), user=person, role=Role.MANAGER
    )
    response = sign_in(client)
    assert response.url == reverse("two_factor_setup")
    for elsewhere in (reverse("plans:plan_list"), reverse("account"), reverse("home")):
        assert client.get(elsewhere).url == reverse("two_factor_setup")
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Your role needs two-factor sign-in" in page
    signed = re.search(r'name="secret" value="([^"]+)"', page).group(1)
    secret = b32decode(re.search(r'id="secret">([A-Z2-7]+)<', page).group(1)).hex()
    client.post(reverse("two_factor_setup"), {"secret": signed, "code": code_for(secret)})
    assert client.get(reverse("plans:plan_list")).status_code == 200


@pytest.mark.parametrize("kind", ["organisation administrator", "superuser", "plan manager"])
def test_who_the_setting_requires(person, organisation, require_two_factor, kind):
    assert not two_factor.requires_two_factor(person)
    if kind == "organisation administrator":
        Membership.objects.filter(user=person).update(is_admin=True)
    elif kind == "superuser":
        person.is_superuser = True
        person.save()
    else:
        PlanRole.objects.create(
            plan=PlanFactory(organisation=organisation), user=person, role=Role.MANAGER
        )
    assert two_factor.requires_two_factor(person)


def test_without_the_setting_nobody_is_sent_to_set_up(client, person, organisation):
    Membership.objects.filter(user=person).update(is_admin=True)
    assert sign_in(client).url == reverse("home")


def test_single_sign_on_accounts_are_never_asked(client, person, organisation, require_two_factor):
    Membership.objects.filter(user=person).update(is_admin=True)
    person.set_unusable_password()
    person.save()
    assert not two_factor.requires_two_factor(person)
    client.force_login(person)  # as the identity provider's callback signs them in
    assert client.get(reverse("plans:plan_list")).status_code == 200
    page = client.get(reverse("account")).content.decode()
    assert "You sign in through your organisation's account" in page
    assert client.get(reverse("two_factor_setup")).url == reverse("account")


def test_an_organisation_administrator_resets_a_persons_two_factor(
    client, django_user_model, person, organisation, with_app
):
    admin = django_user_model.objects.create_user(username="org-admin", password=PASSWORD)
    Membership.objects.create(user=admin, organisation=organisation, is_admin=True)
    client.force_login(admin)
    people = client.get(reverse("organisation_people")).content.decode()
    assert 'Reset<span class="govuk-visually-hidden"> two-factor sign-in of manager' in people
    response = client.post(reverse("person_two_factor_reset", args=[person.pk]), follow=True)
    assert "two-factor sign-in has been reset" in response.content.decode()
    assert not two_factor.has_two_factor(person)
    event = AuditEvent.objects.get(verb=Verb.TWO_FACTOR, actor=admin)
    assert event.summary == "org-admin reset manager's two-factor sign-in"
    assert event.object_id == str(person.pk)


def test_only_the_persons_own_organisation_administrator_may_reset_it(
    client, django_user_model, person, with_app
):
    stranger = django_user_model.objects.create_user(username="other-admin", password=PASSWORD)
    Membership.objects.create(user=stranger, organisation=OrganisationFactory(), is_admin=True)
    client.force_login(stranger)
    assert client.post(reverse("person_two_factor_reset", args=[person.pk])).status_code == 404
    colleague = django_user_model.objects.create_user(username="colleague", password=PASSWORD)
    Membership.objects.create(user=colleague, organisation=person.membership.organisation)
    client.force_login(colleague)
    assert client.post(reverse("person_two_factor_reset", args=[person.pk])).status_code == 403
    assert two_factor.has_two_factor(person)
    assert not AuditEvent.objects.filter(verb=Verb.TWO_FACTOR).exclude(actor=person).exists()


def test_the_admin_sites_own_sign_in_goes_through_the_code(client, django_user_model):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    secret = two_factor.new_secret()
    two_factor.two_factor_enable(user=root, secret=secret, ip_address=None)
    page = client.get("/admin/login/?next=/admin/")
    assert page.status_code == 302
    assert page.url.startswith(reverse("login"))
    posted = client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert posted.status_code == 302


def test_the_admin_sites_sign_in_sends_staff_on_and_others_to_their_start(
    client, django_user_model, person
):
    client.force_login(person)
    assert client.get("/admin/login/?next=/admin/").url == reverse("home")
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    assert client.get("/admin/login/?next=/admin/auth/user/").url == "/admin/auth/user/"
    assert client.get("/admin/login/?next=https://elsewhere.example/").url == "/admin/"


def test_a_superuser_resets_two_factor_in_the_admin_site_and_it_is_audited(
    client, django_user_model, person, with_app
):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [person.pk]},
        follow=True,
    )
    assert "Two-factor sign-in reset for: manager" in response.content.decode()
    assert not two_factor.has_two_factor(person)
    assert AuditEvent.objects.get(verb=Verb.TWO_FACTOR, actor=root).summary == (
        "root reset manager's two-factor sign-in"
    )


def test_nobody_reads_a_persons_key_or_backup_codes_in_the_admin_site(
    client, django_user_model, with_app
):
    root = django_user_model.objects.create_superuser(username="root", password=PASSWORD)
    client.force_login(root)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404
