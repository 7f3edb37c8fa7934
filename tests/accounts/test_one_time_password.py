"""A one-time password from `add_person` is one-time: whoever signs in with it chooses their
own first, and unused it stops signing in (ADR 0030)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.settings import base
from improvement_tracker.accounts import two_factor
from improvement_tracker.accounts.middleware import SINGLE_SIGN_ON
from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from tests.accounts import test_single_sign_on as single_sign_on
from tests.accounts.test_two_factor import code_for
from tests.config.test_production_settings import REQUIRED, in_production
from tests.factories import OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db
OWN = "a-password-of-my-own-456"
# Single sign-on switched on, and its provider's key, as its own tests have them.
sso, provider_key = single_sign_on.sso, single_sign_on.provider_key


@pytest.fixture
def council():
    organisation = OrganisationFactory(name="Together for Children")
    PlanFactory(organisation=organisation, slug="council-plan", title="Council plan")
    return organisation


def add(*args):
    out = StringIO()
    call_command("add_person", *args, stdout=out)
    return out.getvalue().splitlines()


def added(username="jo", *more):
    """A person added by the command, and the one-time password it printed."""
    return add(username, "--organisation", "Together for Children", *more)[-1]


def sign_in(client, password, username="jo"):
    return client.post(reverse("login"), {"username": username, "password": password})


def choose(client, one_time, new=OWN):
    return client.post(
        reverse("password_change"),
        {"old_password": one_time, "new_password1": new, "new_password2": new},
    )


def expires(username="jo"):
    return Membership.objects.get(user__username=username).one_time_password_expires


def test_add_person_marks_the_person_to_choose_their_own_password_within_a_week(council):
    before = timezone.now()
    lines = add("jo", "--organisation", "Together for Children")
    assert expires() - before >= timedelta(days=7)
    assert expires() - timezone.now() <= timedelta(days=7)
    assert "stops working in 7 days" in lines[-2]
    event = AuditEvent.objects.get(verb=Verb.PASSWORD)
    assert event.summary.startswith("jo was given a one-time password, valid until ")
    assert event.after == {"one_time_password_expires": expires().isoformat()}


def test_signed_in_with_it_every_page_leads_to_choosing_a_password(client, council):
    one_time = added("jo", "--role", "manager", "--plan", "council-plan")
    assert sign_in(client, one_time).status_code == 302
    choosing = reverse("password_change")
    for elsewhere in (
        reverse("home"),
        reverse("plans:plan_list"),
        reverse("plans:tracker", args=["council-plan"]),
        reverse("account"),
        reverse("two_factor_setup"),
        reverse("organisation_people"),
        "/admin/",
    ):
        assert client.get(elsewhere).url == choosing, elsewhere
    assert client.post(reverse("plan_people", args=["council-plan"]), {}).url == choosing
    page = client.get(choosing).content.decode()
    assert '<h1 class="govuk-heading-l">Choose your own password</h1>' in page
    assert "One-time password" in page
    # What stays open: the health check, static files, signing out.
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/core/enable-js.js").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("plans:plan_list")).url.startswith(reverse("login"))


def test_after_choosing_pages_work_and_the_one_time_password_fails(client, council):
    one_time = added()
    sign_in(client, one_time)
    response = choose(client, one_time)
    assert response.url == reverse("home")
    assert expires() is None
    assert client.get(reverse("plans:plan_list")).status_code == 200
    event = AuditEvent.objects.filter(verb=Verb.PASSWORD).latest("pk")
    assert event.summary == "jo changed their password, in place of a one-time password"

    fresh = Client()
    refused = sign_in(fresh, one_time)
    assert refused.status_code == 200
    assert "Enter a correct username and password" in refused.content.decode()
    assert sign_in(fresh, OWN).url == reverse("home")
    assert fresh.get(reverse("plans:plan_list")).status_code == 200


def test_the_one_time_password_is_asked_for_and_cannot_be_kept(client, council):
    one_time = added()
    sign_in(client, one_time)
    wrong = choose(client, "not-the-one-time-password").content.decode()
    assert "Your one-time password is not correct. Enter it again" in wrong
    same = choose(client, one_time, new=one_time).content.decode()
    assert "Enter a new password that is different from your current one" in same
    assert User.objects.get(username="jo").check_password(one_time)
    assert expires() is not None
    assert client.get(reverse("plans:plan_list")).url == reverse("password_change")


def test_an_unused_one_time_password_stops_signing_in(client, council, django_user_model):
    one_time = added()
    Membership.objects.filter(user__username="jo").update(
        one_time_password_expires=timezone.now() - timedelta(seconds=1)
    )
    refused = sign_in(client, one_time).content.decode()
    # The same words as for someone who does not exist: it says nothing of the account.
    nobody = sign_in(Client(), "whatever", username="nobody-at-all").content.decode()
    assert "Enter a correct username and password" in refused
    assert "Enter a correct username and password" in nobody
    assert "_auth_user_id" not in client.session
    assert "expired" not in refused.lower()


def test_a_session_signed_in_with_it_ends_when_it_expires(client, council):
    sign_in(client, added())
    assert client.get(reverse("password_change")).status_code == 200
    Membership.objects.filter(user__username="jo").update(
        one_time_password_expires=timezone.now() - timedelta(seconds=1)
    )
    assert client.get(reverse("password_change")).url.startswith(reverse("login"))


def test_the_time_it_lasts_is_read_from_the_environment(council, settings):
    assert base.ONE_TIME_PASSWORD_DAYS == 7
    script = "from config.settings import production as s; print(s.ONE_TIME_PASSWORD_DAYS)"
    assert in_production(script, **REQUIRED, ONE_TIME_PASSWORD_DAYS="2").stdout.strip() == "2"
    for bad, said in [("0", "must be 1 or more, not 0"), ("a week", "must be a whole number")]:
        refused = in_production(script, **REQUIRED, ONE_TIME_PASSWORD_DAYS=bad)
        assert refused.returncode != 0
        assert f"ONE_TIME_PASSWORD_DAYS {said}" in refused.stderr
    settings.ONE_TIME_PASSWORD_DAYS = 2
    started = timezone.now()
    added()
    assert timedelta(days=2) <= expires() - started <= timedelta(days=2, minutes=1)


def test_an_administrator_gives_a_new_one_time_password(client, council):
    first = added()
    sign_in(client, first)
    choose(client, first)
    lines = add("jo", "--new-password")
    second = lines[-1]
    assert second not in (first, OWN)
    assert lines[0] == "jo has a new one-time password; any earlier one is void"
    assert expires() is not None
    event = AuditEvent.objects.filter(verb=Verb.PASSWORD).latest("pk")
    assert event.actor is None
    assert event.summary.startswith("jo was given a one-time password, valid until ")
    assert second not in str(list(AuditEvent.objects.values()))

    fresh = Client()
    assert "Enter a correct username" in sign_in(fresh, OWN).content.decode()
    sign_in(fresh, second)
    assert fresh.get(reverse("home")).url == reverse("password_change")
    # The session signed in with the password of their own ended with it.
    assert client.get(reverse("plans:plan_list")).url.startswith(reverse("login"))


def test_a_new_one_time_password_restarts_the_clock_of_an_expired_one(client, council):
    added()
    Membership.objects.filter(user__username="jo").update(
        one_time_password_expires=timezone.now() - timedelta(days=1)
    )
    second = add("jo", "--new-password")[-1]
    assert expires() > timezone.now() + timedelta(days=6)
    sign_in(client, second)
    assert client.get(reverse("home")).url == reverse("password_change")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody", "--new-password"], "Nobody has the username 'nobody'"),
        (["root", "--new-password"], "root belongs to no organisation"),
        (["gone", "--new-password"], "gone's account is deactivated"),
        (
            ["jo", "--new-password", "--organisation", "Together for Children", "--admin"],
            "--new-password takes the username alone, not --organisation, --admin",
        ),
        (["jo"], "Give the person's organisation with --organisation NAME"),
    ],
)
def test_a_new_password_refused_changes_nothing(council, django_user_model, args, message):
    added()
    django_user_model.objects.create_superuser(username="root", password="x")
    gone = django_user_model.objects.create_user(username="gone", password="x", is_active=False)
    Membership.objects.create(user=gone, organisation=council)
    before = (list(User.objects.values_list("password", flat=True)), AuditEvent.objects.count())
    with pytest.raises(CommandError, match=message):
        add(*args)
    assert (list(User.objects.values_list("password", flat=True)), AuditEvent.objects.count()) == (
        before
    )
    assert Membership.objects.get(user__username="jo").one_time_password_expires == expires()


def test_a_completed_reset_ends_the_one_time_password(client, council):
    one_time = added("jo", "--email", "jo@tfc.example")
    client.post(reverse("password_reset"), {"email": "jo@tfc.example"})
    link = re.search(r"https?://[^/]+(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"new_password1": OWN, "new_password2": OWN})
    assert expires() is None
    assert "Enter a correct username" in sign_in(client, one_time).content.decode()
    assert sign_in(client, OWN).url == reverse("home")
    assert client.get(reverse("plans:plan_list")).status_code == 200


def test_a_password_set_in_the_admin_site_ends_it(client, council, django_user_model):
    added()
    root = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(root)
    jo = User.objects.get(username="jo")
    url = reverse("admin:auth_user_password_change", args=[jo.pk])
    client.post(url, {"password1": OWN, "password2": OWN, "usable_password": "true"})
    assert expires() is None
    event = AuditEvent.objects.filter(verb=Verb.PASSWORD).latest("pk")
    assert event.summary == (
        "root set a new password for jo in the admin site, in place of a one-time password"
    )


def test_the_password_first_then_two_factor(client, council, settings):
    settings.REQUIRE_TWO_FACTOR_FOR_MANAGERS = True
    one_time = added("jo", "--role", "manager", "--plan", "council-plan")
    sign_in(client, one_time)
    assert client.get(reverse("home")).url == reverse("password_change")
    assert choose(client, one_time).url == reverse("home")
    assert client.get(reverse("home")).url == reverse("two_factor_setup")
    assert client.get(reverse("two_factor_setup")).status_code == 200


def test_with_an_app_the_code_comes_before_choosing(client, council):
    first = added()
    secret = two_factor.new_secret()
    two_factor.two_factor_enable(
        user=User.objects.get(username="jo"), secret=secret, ip_address=None
    )
    one_time = add("jo", "--new-password")[-1]
    assert sign_in(client, one_time).url == reverse("two_factor_sign_in")
    client.post(reverse("two_factor_sign_in"), {"code": code_for(secret)})
    assert client.get(reverse("home")).url == reverse("password_change")
    assert first != one_time


def test_signed_in_through_single_sign_on_nobody_is_sent_to_choose(
    client, council, sso, provider_key
):
    added("jo", "--email", "jo@tfc.example")
    response = single_sign_on.sign_in_through_provider(
        client, provider_key, {"email": "jo@tfc.example"}
    )
    assert response.url == reverse("home")
    assert client.session[BACKEND_SESSION_KEY] == SINGLE_SIGN_ON
    assert client.get(reverse("plans:plan_list")).status_code == 200


def test_people_without_a_one_time_password_are_not_asked(client, council, django_user_model):
    person = django_user_model.objects.create_user(username="al", password="x")
    Membership.objects.create(user=person, organisation=council)
    PlanRole.objects.create(plan=PlanFactory(organisation=council), user=person, role=Role.VIEWER)
    client.force_login(person)
    assert client.get(reverse("plans:plan_list")).status_code == 200
    root = django_user_model.objects.create_superuser(username="root", password="x")
    client.force_login(root)  # no organisation: nothing to read, nothing asked
    assert client.get(reverse("plans:plan_list")).status_code == 200
