"""Every view declares who may use it; this walks them all, for every kind of person."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from improvement_tracker.plans.models import ActionUpdate

pytestmark = pytest.mark.django_db

ALLOW, FORBIDDEN, NOT_FOUND, SIGN_IN = "allowed", "403", "404", "sign in"
# The viewer and lead contributor are of a partner organisation; the plan manager and
# the organisation administrator of the plan's own.
PEOPLE = [
    "anonymous",
    "outsider",
    "member",
    "viewer",
    "lead contributor",
    "plan manager",
    "organisation administrator",
    "viewer of its organisation",
    "lead contributor of its organisation",
    "partner plan manager",
    "manager of another plan",
    "superuser",
]


def row(anonymous, outsider, member, viewer, lead, manager, admin, **others):
    """Each kind of person's answer. The others answer as the one they resemble:
    a viewer of the organisation as a member, its own lead contributor as the partner's
    (but may export), a partner plan manager as the plan manager, the manager of another
    plan as a member, and a superuser as allowed, unless given."""
    answers = dict(
        zip(PEOPLE, [anonymous, outsider, member, viewer, lead, manager, admin], strict=False)
    )
    answers |= {
        "viewer of its organisation": member,
        "lead contributor of its organisation": lead if lead != FORBIDDEN else member,
        "partner plan manager": manager,
        "manager of another plan": member,
        "superuser": ALLOW,
    }
    return answers | {who.replace("_", " "): answer for who, answer in others.items()}


# What each declared rule means for each kind of person, written out by hand.
EXPECTED = {
    "public": row(ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "signed in": row(SIGN_IN, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    # The URL names a token nobody here holds (an upload is its uploader's alone).
    "signed in, own object": row(
        SIGN_IN,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        NOT_FOUND,
        superuser=NOT_FOUND,
    ),
    "organisation administrator": row(
        SIGN_IN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        FORBIDDEN,
        ALLOW,
        partner_plan_manager=FORBIDDEN,
    ),
    "plan: view": row(SIGN_IN, NOT_FOUND, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    "plan: export": row(SIGN_IN, NOT_FOUND, ALLOW, ALLOW, FORBIDDEN, ALLOW, ALLOW),
    "plan: edit": row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW, FORBIDDEN),
    "plan: manage_roles": row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW, ALLOW),
    "plan: audit": row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW, ALLOW),
    # Changes to the organisation's leads that reach its other plans (ADR 0022).
    "plan: organisation_leads": row(
        SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW
    ),
    "action: view": row(SIGN_IN, NOT_FOUND, ALLOW, ALLOW, ALLOW, ALLOW, ALLOW),
    # On an action the lead contributors lead:
    "action: update_own_actions": row(
        SIGN_IN,
        NOT_FOUND,
        FORBIDDEN,
        FORBIDDEN,
        ALLOW,
        ALLOW,
        FORBIDDEN,
        lead_contributor_of_its_organisation=ALLOW,
    ),
    "action: audit": row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW, ALLOW),
    "action: edit": row(SIGN_IN, NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOW, FORBIDDEN),
}


def every_view(patterns=None, prefix=""):
    """(route, name, view) for every URL the project serves, except Django's own admin."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin checks is_staff itself; see test_admin_needs_staff
            yield from every_view(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, entry.callback


def url_for(route, world):
    values = {
        "<slug:slug>": world.plan.slug,
        "<int:position>": str(world.own_action.domain.position),
        "<int:number>": str(world.own_action.number),
        "<int:user_id>": str(world.people["lead contributor"].pk),
        "<uidb64>": "MQ",
        "<token>": "set-password",
        "<str:token>": "no-such-token",
        "<str:file_format>": "csv",
    }
    url = "/" + route
    for placeholder, value in values.items():
        url = url.replace(placeholder, value)
    assert "<" not in url, f"add a value for {url} to url_for"
    return url


def answer(response):
    if response.status_code == 302 and response.url.startswith(reverse("login") + "?next="):
        return SIGN_IN
    if response.status_code == 403:
        return FORBIDDEN
    if response.status_code == 404:
        return NOT_FOUND
    assert response.status_code in (200, 302, 405), response.status_code
    return ALLOW


def test_every_view_declares_a_known_rule():
    missing = [
        f"{route} ({name})"
        for route, name, view in every_view()
        if getattr(view, "access_rule", None) is None or view.access_rule.name not in EXPECTED
    ]
    assert missing == [], f"views without a declared access rule: {missing}"


def test_every_view_answers_every_person_as_its_rule_says(world, settings):
    # Single sign-on's pages answer 404 while it is off; check them switched on.
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "improvement-tracker"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.test/authorize"
    problems = []
    for route, _, view in every_view():
        url = url_for(route, world)
        for who in PEOPLE:
            client = Client()
            user = world.people[who]
            if user is not None:
                client.force_login(user)
            got = answer(client.get(url))
            expected = EXPECTED[view.access_rule.name][who]
            if got != expected:
                problems.append(f"{url} ({view.access_rule.name}) as {who}: {got}, not {expected}")
    assert problems == []


def test_another_organisations_objects_answer_404_and_reveal_nothing(world):
    client = Client()
    client.force_login(world.people["outsider"])
    for route, _, _ in every_view():
        if "<slug:slug>" not in route:
            continue
        url = url_for(route, world)
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, url
            assert world.plan.title not in response.content.decode()
    # and the outsider's own plan list does not mention it
    assert world.plan.title not in client.get(reverse("plans:plan_list")).content.decode()


def test_guessed_action_numbers_and_people_answer_404(world):
    client = Client()
    client.force_login(world.people["plan manager"])
    slug = world.plan.slug
    for url in [
        reverse("plans:action_detail", args=[slug, 1, 999]),
        reverse("plans:action_detail", args=[slug, 9, 3]),
        reverse("plan_person_leads", args=[slug, world.people["outsider"].pk]),
        reverse("plans:action_detail", args=[world.other_plan.slug, 1, 1]),
    ]:
        assert client.get(url).status_code == 404, url


def test_lead_contributor_cannot_update_an_action_that_is_not_theirs(world):
    client = Client()
    client.force_login(world.people["lead contributor"])
    other = world.other_action
    url = reverse("plans:action_update", args=[world.plan.slug, 1, other.number])
    # The form is refused…
    assert client.get(url).status_code == 403
    # …and so is a crafted POST.
    before = ActionUpdate.objects.filter(action=other).count()
    crafted = {
        "made_on_0": "1",
        "made_on_1": "11",
        "made_on_2": "2026",
        "status": "completed",
        "progress": "Crafted.",
        "version": str(other.version),
    }
    assert client.post(url, crafted).status_code == 403
    assert ActionUpdate.objects.filter(action=other).count() == before
    # Their own action they may update.
    own = reverse("plans:action_update", args=[world.plan.slug, 1, world.own_action.number])
    crafted["version"] = str(world.own_action.version)
    assert client.post(own, crafted).status_code == 302


def test_partner_user_sees_only_the_plan_shared_with_them(world):
    from tests.factories import PlanFactory

    unshared = PlanFactory(organisation=world.plan.organisation, title="Unshared council plan")
    client = Client()
    client.force_login(world.people["lead contributor"])
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert world.plan.title in listing
    assert unshared.title not in listing
    assert client.get(unshared.get_absolute_url()).status_code == 404


def test_lead_contributor_lands_on_my_actions(world):
    client = Client()
    # Opening the service's front page, then signing in, lands on My actions.
    sign_in_page = client.get("/").url
    response = client.post(
        sign_in_page, {"username": "police-officer", "password": "not-used-here"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("plans:my_actions")
    html = client.get(reverse("plans:my_actions")).content.decode()
    assert f"Help and Protection, action {world.own_action.number}" in html
    assert f"Help and Protection, action {world.other_action.number}" not in html
    update = reverse("plans:action_update", args=[world.plan.slug, 1, world.own_action.number])
    assert f'href="{update}"' in html


def test_admin_needs_staff(world):
    client = Client()
    client.force_login(world.people["organisation administrator"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
