"""Every view declares who may use it; this walks them all, for every kind of person.

Then the paths where the rule alone is not the answer, for every kind of person again:
replacing a plan by importing over it, merging the organisation's leads, and every page
that would change an archived plan. Each asserts the outcome: refused and nothing
changed, or allowed and changed.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.audit.services import READ_ONLY_VERBS
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    Activity,
    BoardPack,
    Domain,
    ExtraField,
    ExtraValue,
    Lead,
    Objective,
    Plan,
    UpdateRound,
)
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services.rounds import round_open
from improvement_tracker.plans.slugs import plan_slug
from tests.documents.builders import Domain as DomainRows
from tests.documents.builders import Row, word_tracker
from tests.factories import ActionFactory, DomainFactory, PlanFactory
from tests.people import SHAPES, make_world
from tests.plans.change_pages import ORGANISATION_PAGES, change_pages, restore_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(SHAPES))
def world(request, db):
    """Every rule over a plain plan and over a plan of every shape (tests/every_shape.py:
    references such as 1.2(a), objectives, activities, extra fields, its own key)."""
    return make_world(request.param)


def first_pk(model, **where):
    return model.objects.filter(**where).order_by("pk").first().pk


def round_of(world):
    """The plan's update round, opened on its actions the first time a page asks for one."""
    found = UpdateRound.objects.filter(plan=world.plan).first()
    return found or round_open(
        plan=world.plan, board_date=dt.date(2099, 3, 10), deadline=dt.date(2099, 3, 3), by=None
    )


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
            if entry.namespace == "api":
                continue  # the API's own matrix: tests/api/test_authorisation.py
            yield from every_view(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, entry.callback


def url_for(route, world):
    values = {
        "<slug:slug>": world.plan.slug,
        "<int:position>": str(world.own_action.domain.position),
        "<str:number>": world.own_action.number,
        "<int:user_id>": str(world.people["lead contributor"].pk),
        "<uidb64>": "MQ",
        "<token>": "set-password",
        "<str:token>": "no-such-token",
        "<str:file_format>": "csv",
        "<int:field_id>": str(first_pk(ExtraField, plan=world.plan)),
        "<int:objective_id>": str(first_pk(Objective, domain=world.own_action.domain)),
        "<int:activity_id>": str(first_pk(Activity, action=world.own_action)),
        "<int:round_id>": str(round_of(world).pk) if "<int:round_id>" in route else "",
        "<int:pack_id>": str(first_pk(BoardPack, plan=world.plan)),
        "<int:token_id>": "999999",  # an API token nobody here holds
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
    url = reverse(
        "plans:action_update", args=[world.plan.slug, other.domain.position, other.number]
    )
    # The form is refused…
    assert client.get(url).status_code == 403
    # …and so is a crafted POST.
    before = ActionUpdate.objects.filter(action=other).count()
    crafted = {
        "made_on_0": "1",
        "made_on_1": "11",
        "made_on_2": "2026",
        "status": "complete",
        "progress": "Crafted.",
        "version": str(other.version),
    }
    assert client.post(url, crafted).status_code == 403
    assert ActionUpdate.objects.filter(action=other).count() == before
    # Their own action they may update.
    own_position = world.own_action.domain.position
    own = reverse(
        "plans:action_update", args=[world.plan.slug, own_position, world.own_action.number]
    )
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


def test_lead_contributor_lands_on_the_home_page_with_their_own_overdue_action(world):
    client = Client()
    # Opening the service's front page, then signing in, lands on the home page, which
    # lists the action they lead (overdue: its timescale passed long ago), not the other.
    sign_in_page = client.get("/").url
    response = client.post(
        sign_in_page, {"username": "police-officer", "password": "not-used-here"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("plans:home")
    html = response.content.decode()
    own, other = world.own_action, world.other_action
    assert f"{own.domain.label}, action {own.number}</a>" in html
    assert f"{other.domain.label}, action {other.number}</a>" not in html
    update = reverse("plans:action_update", args=[world.plan.slug, own.domain.position, own.number])
    assert f'href="{update}"' in html


def test_admin_needs_staff(world):
    client = Client()
    client.force_login(world.people["organisation administrator"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# Business-logic paths, person by person.


def client_of(world, who):
    client = Client()
    if world.people[who] is not None:
        client.force_login(world.people[who])
    return client


def changes():
    """Audit events that record a change (not reads, sign-ins or refusals)."""
    return AuditEvent.objects.exclude(verb__in=READ_ONLY_VERBS).count()


@pytest.fixture
def in_memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def import_over(client, title):
    """Upload a tracker of `title` asking to replace the plan, and confirm it at once
    (a crafted POST, without the preview that would refuse first)."""
    data = word_tracker([DomainRows("HELP AND PROTECTION", [[Row("1", "Do it.")]])], title=title)
    file = SimpleUploadedFile("tracker.docx", data, content_type="application/octet-stream")
    uploaded = client.post(reverse("documents:import_new"), {"file": file, "replace": "on"})
    if uploaded.status_code != 302 or "/confirm/" not in uploaded.url:
        return uploaded
    return client.post(uploaded.url)


# Only the plan's manager replaces it, and the superuser; the council's other people are
# refused; people of other organisations import into their own organisation instead.
REPLACE = {"plan manager", "superuser"}
REFUSED_IMPORT = {
    "member",
    "organisation administrator",
    "viewer of its organisation",
    "lead contributor of its organisation",
    "manager of another plan",
}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("slug_made", ["plain", "prefixed", "archived"])
def test_replacing_a_plan_by_import(world, in_memory_storage, who, slug_made):
    plan, council = world.plan, world.plan.organisation
    if slug_made == "prefixed":  # another organisation holds the title's own slug
        PlanFactory(
            organisation=world.other_plan.organisation, title=plan.title, slug=plan_slug(plan.title)
        )
        slug = plan_slug(f"{council.slug} {plan.title}")
    else:
        slug = plan_slug(plan.title)
    Plan.objects.filter(pk=plan.pk).update(slug=slug)
    if slug_made == "archived":
        archiving_services.plan_archive(plan=plan, by=None)
    before = Plan.objects.get(pk=plan.pk)
    council_plans = list(Plan.objects.filter(organisation=council).values_list("pk", "slug"))
    response = import_over(client_of(world, who), plan.title)
    after = Plan.objects.get(pk=plan.pk)
    if who in REPLACE and slug_made != "archived":
        assert response.status_code == 302
        assert after.archived_at is not None
        assert after.slug.startswith(f"{slug}-replaced-")
        new = Plan.objects.get(slug=slug)
        assert (new.organisation, new.archived_at) == (council, None)
        return
    # Refused, or not a replacement: the plan is as it was.
    assert (after.slug, after.archived_at) == (before.slug, before.archived_at)
    if who in REFUSED_IMPORT and slug_made != "archived":
        assert response.status_code == 422
        assert "Only a plan manager of" in response.content.decode()
        assert (
            list(Plan.objects.filter(organisation=council).values_list("pk", "slug"))
            == council_plans
        )
    if who == "anonymous":
        assert answer(response) == SIGN_IN


MERGE = {"organisation administrator", "superuser"}


@pytest.fixture
def spelling(world):
    """A second spelling of the police lead, leading actions on three of the council's
    plans: this one, another live one and an archived one."""
    council = world.plan.organisation
    spelling = Lead.objects.create(organisation=council, name="Northumbria Police Force", key="npf")
    here = ActionFactory(domain=world.own_action.domain, number=5)
    live = ActionFactory(domain=DomainFactory(plan__organisation=council, position=1))
    archived = ActionFactory(domain=DomainFactory(plan__organisation=council, position=1))
    for action in (here, live, archived):
        action.leads.add(spelling)
    archiving_services.plan_archive(plan=archived.domain.plan, by=None)
    return spelling, here, live, archived


def leads_of(action):
    return sorted(action.leads.values_list("name", flat=True))


@pytest.mark.parametrize("who", PEOPLE)
def test_merging_the_organisations_leads(world, spelling, who):
    spelling, here, live, archived = spelling
    kept = Lead.objects.get(key="np")
    links = sorted(Action.leads.through.objects.values_list("action_id", "lead_id"))
    people = sorted(Lead.people.through.objects.values_list("lead_id", "user_id"))
    events = changes()
    client = client_of(world, who)
    # Through this plan, and through the other live plan of the council.
    for plan in (world.plan, live.domain.plan):
        url = reverse("plans:leads_merge", args=[plan.slug])
        response = client.post(url, {"keep": str(kept.pk), "merge": str(spelling.pk)})
        if who in MERGE:
            break
        assert answer(response) != ALLOW, (who, plan.title)
    spelling.refresh_from_db()
    if who not in MERGE:
        assert spelling.merged_into is None
        assert sorted(Action.leads.through.objects.values_list("action_id", "lead_id")) == links
        assert sorted(Lead.people.through.objects.values_list("lead_id", "user_id")) == people
        assert changes() == events
        return
    assert response.status_code == 302
    assert spelling.merged_into == kept
    assert leads_of(here) == leads_of(live) == ["Northumbria Police"]
    assert leads_of(archived) == ["Northumbria Police Force"]  # kept as it was
    merges = AuditEvent.objects.filter(object_type="plans.lead", summary__startswith="Merged")
    assert sorted(merges.values_list("plan_id", flat=True)) == sorted(
        [world.plan.pk, live.domain.plan.pk]
    )


# Stands for the id of the plan's extra field in a page's arguments.
FIELD = ExtraField
ACTION = Action  # stands for the reference of the world's own action, whatever its shape
# Every page that would change a plan, with the arguments after its slug.
CHANGE_PAGES = {
    **change_pages(ACTION, field=FIELD),
    **ORGANISATION_PAGES,
    **restore_pages(ACTION, objective=Objective, activity=Activity, field=FIELD),
    "plan_person_leads": ["lead contributor"],
    # Update rounds (issue 20): opening one, closing the plan's round, the reminder setting.
    "round_open": [],
    "round_close": [UpdateRound],
    "plan_reminders": [],
    "documents:board_pack_issue": [],
}
# Roles stay manageable on an archived plan: they change who may read it, not what it
# says, and a departed partner's access must still be removable (ADR 0022).
ROLE_PAGES = {"plan_people": [], "plan_person_remove": ["viewer"]}


def anything(world):
    """A POST every change form would accept, were it allowed."""
    leads = [str(pk) for pk in Lead.objects.values_list("pk", flat=True)]
    return {
        "confirm": "1", "version": "1", "title": "New title", "label": "New label",
        "number": "9", "text": "New words", "timescale_text": "2021", "domain": "1",
        "name": "Head of Service", "keep": leads[0], "merge": leads[1], "leads": leads,
        "move_up": "1", "accept_all": "1", "status": "off_track", "progress": "Words",
        "made_on_0": "1", "made_on_1": "11", "made_on_2": "2020",
        "period_start_0": "1", "period_start_1": "4", "period_start_2": "2021",
        "period_end_0": "31", "period_end_1": "3", "period_end_2": "2022",
        "reporting_date_0": "30", "reporting_date_1": "4", "reporting_date_2": "2021",
        "person": "member", "role": "viewer",
        "board_date_0": "10", "board_date_1": "3", "board_date_2": "2099",
        "deadline_0": "3", "deadline_1": "3", "deadline_2": "2099",
        "domain_1": [str(world.own_action.pk)], "days": "9",
    }  # fmt: skip


def contents(plan):
    """Everything about a plan and its organisation's register that a change could touch."""
    return (
        list(
            Plan.objects.order_by("pk").values_list(
                "pk", "title", "slug", "archived_at", "reminder_days_before"
            )
        ),
        list(Domain.objects.order_by("pk").values_list("pk", "position", "label", "archived_at")),
        list(Action.objects.order_by("pk").values_list("pk", "number", "version", "archived_at")),
        sorted(Action.leads.through.objects.values_list("action_id", "lead_id")),
        sorted(Lead.people.through.objects.values_list("lead_id", "user_id")),
        list(Lead.objects.order_by("pk").values_list("pk", "name", "merged_into")),
        ActionUpdate.objects.count(),
        list(
            ExtraField.objects.order_by("pk").values_list("pk", "name", "position", "archived_at")
        ),
        list(ExtraValue.objects.order_by("pk").values_list("pk", "text")),
        list(Objective.objects.order_by("pk").values_list("pk", "text", "archived_at")),
        list(Activity.objects.order_by("pk").values_list("pk", "text", "archived_at")),
        list(UpdateRound.objects.order_by("pk").values_list("pk", "board_date", "closed_at")),
    )


def page_url(world, name, args):
    ids = {
        FIELD: first_pk(ExtraField, plan=world.plan),
        Objective: first_pk(Objective, domain__plan=world.plan),
        Activity: first_pk(Activity, action=world.own_action),
        ACTION: world.own_action.number,
        UpdateRound: round_of(world).pk,
    }
    assert world.own_action.domain.position == 1  # the pages' domain argument
    values = [world.people[a].pk if isinstance(a, str) else ids.get(a, a) for a in args]
    return reverse(name, args=[world.plan.slug, *values])


@pytest.mark.parametrize("who", PEOPLE)
def test_no_page_changes_an_archived_plan(world, who):
    Lead.objects.create(organisation=world.plan.organisation, name="Second", key="second")
    round_of(world)  # opened while the plan could still change
    archiving_services.plan_archive(plan=world.plan, by=None)
    client, posted = client_of(world, who), anything(world)
    before, events = contents(world.plan), changes()
    for name, args in CHANGE_PAGES.items():
        url = page_url(world, name, args)
        for response in (client.get(url), client.post(url, posted)):
            refused = response.status_code == 405 or answer(response) != ALLOW  # 405: POST only
            assert refused, (name, response)
    assert contents(world.plan) == before
    assert changes() == events
    # Its roles: as on a live plan, and still nothing it holds changes.
    for name, args in ROLE_PAGES.items():
        expected = EXPECTED["plan: manage_roles"][who]
        assert answer(client.post(page_url(world, name, args), posted)) == expected, name
    assert contents(world.plan) == before


def test_my_actions_offers_update_only_where_a_role_lets_the_person_record_one(world):
    """A lead's people are the organisation's, a role is the plan's: the council's own lead
    contributor also leads an action of another council plan, where they hold no role."""
    another = Plan.objects.get(title="Another plan of the council")
    elsewhere = ActionFactory(domain=DomainFactory(plan=another, position=1), number=7)
    elsewhere.leads.add(*world.own_action.leads.all())
    client = Client()
    client.force_login(world.people["lead contributor of its organisation"])

    html = client.get(reverse("plans:my_actions")).content.decode()

    action = world.own_action
    own = reverse(
        "plans:action_update", args=[world.plan.slug, action.domain.position, action.number]
    )
    not_theirs = reverse("plans:action_update", args=[another.slug, 1, elsewhere.number])
    assert f'href="{own}"' in html
    assert another.title in html  # still listed: they may read it
    assert f'href="{not_theirs}"' not in html
    assert "Read only: you have no lead role on this plan" in html
    assert client.get(not_theirs).status_code == 403


ISSUE_PACKS = {"plan manager", "partner plan manager", "superuser"}


@pytest.mark.parametrize("who", PEOPLE)
def test_only_a_plan_manager_issues_a_board_pack_and_every_reader_downloads_one(world, who):
    """Issuing is a plan manager's (issue 20); reading and downloading a pack is anyone's
    who may read the plan, each download audited; nobody else learns it exists."""
    client = client_of(world, who)
    before = set(BoardPack.objects.values_list("pk", flat=True))
    url = reverse("documents:board_pack_issue", args=[world.plan.slug])
    response = client.post(url, anything(world))
    issued = BoardPack.objects.exclude(pk__in=before)
    if who in ISSUE_PACKS:
        assert response.status_code == 302
        assert [(pack.board_date.isoformat(), pack.issued_by) for pack in issued] == [
            ("2099-03-10", world.people[who])
        ]
    else:
        assert answer(response) == EXPECTED["plan: edit"][who]
        assert not issued.exists()
    pack = BoardPack.objects.filter(plan=world.plan).order_by("pk").first()
    download = reverse("documents:board_pack_file", args=[world.plan.slug, pack.pk, "csv"])
    response = client.get(download)
    assert answer(response) == EXPECTED["plan: view"][who]
    downloads = AuditEvent.objects.filter(verb="export", object_type="plans.boardpackfile")
    if answer(response) == ALLOW:
        assert response.content == bytes(pack.files.get(kind="csv").content)
        assert downloads.get().actor == world.people[who]
    else:
        assert world.plan.title.encode() not in response.content
        assert not downloads.exists()
