"""The home page answers "what needs me?" for each kind of person (issue 20): a lead
contributor's actions in open rounds and overdue, a plan manager's plans, and nothing of
a plan the person may not see."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans.changes import ChangeKind
from improvement_tracker.plans.models import BoardPack, Plan
from improvement_tracker.plans.permissions import plan_access, plan_accesses
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.changes import plan_changes
from improvement_tracker.plans.selectors.rounds import round_progress
from improvement_tracker.plans.services.rounds import round_open
from tests.factories import ActionFactory, DomainFactory, LeadFactory, PlanFactory, record_update
from tests.people import make_world

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world(db):
    made = make_world()
    # The shared world carries an issued pack for the authorisation walk (tests/people.py);
    # these tests issue the packs they read, so it is archived, as a re-issue would leave it.
    BoardPack.objects.filter(plan=made.plan).update(archived_at=timezone.now())
    return made


def home_of(world, who):
    client = Client()
    client.force_login(world.people[who])
    response = client.get(reverse("plans:home"))
    assert response.status_code == 200
    return response.content.decode()


def section(html, element_id):
    found = re.search(rf'<table class="govuk-table" id="{element_id}">.*?</table>', html, re.S)
    return found.group(0) if found else ""


def open_round(plan, *, deadline_in=7):
    return round_open(
        plan=plan,
        board_date=TODAY + dt.timedelta(days=deadline_in + 7),
        deadline=TODAY + dt.timedelta(days=deadline_in),
        by=None,
    )


def name_of(action):
    return f"{action.domain.label}, action {action.number}</a>"


def test_the_front_page_is_the_home_page_and_the_plans_are_listed_at_plans():
    assert reverse("plans:home") == "/"
    assert reverse("plans:plan_list") == "/plans/"


def test_a_lead_contributor_sees_their_action_asked_for_in_an_open_round_until_updated(world):
    update_round = open_round(world.plan)
    html = home_of(world, "lead contributor")
    rounds = section(html, "in-rounds")
    own, other = world.own_action, world.other_action
    assert name_of(own) in rounds and name_of(other) not in html
    assert f"{update_round.deadline:%-d %B %Y}" in rounds
    assert f"{update_round.board_date:%-d %B %Y}" in rounds
    assert "Not updated yet" in rounds and "Open" in rounds
    update = reverse("plans:action_update", args=[world.plan.slug, own.domain.position, own.number])
    assert f'href="{update}"' in rounds
    # Once they record an update, it answers the round.
    record_update(own, made_on=TODAY, status=Status.ON_TRACK, progress="Done for this round.")
    assert 'data-updated="true"' in section(home_of(world, "lead contributor"), "in-rounds")


def test_a_round_whose_deadline_is_close_says_so(world):
    open_round(world.plan, deadline_in=1)  # the plan reminds 3 days before
    assert "Deadline close" in section(home_of(world, "lead contributor"), "in-rounds")


def test_a_lead_contributor_sees_their_overdue_action_outside_any_round(world):
    # The action's timescale, 1 April 2021, passed long ago, and it is not complete.
    html = home_of(world, "lead contributor")
    overdue = section(html, "overdue")
    assert name_of(world.own_action) in overdue
    assert "1 April 2021" in overdue
    assert name_of(world.other_action) not in html
    assert "No actions need your update" not in html


def test_a_completed_action_needs_nobody(world):
    record_update(world.own_action, made_on=TODAY, status=Status.COMPLETE, progress="Finished.")
    html = home_of(world, "lead contributor")
    assert "No actions need your update" in html
    assert section(html, "overdue") == ""


def test_a_plan_manager_sees_round_progress_exceptions_and_last_board(world):
    open_round(world.plan)
    record_update(world.own_action, made_on=TODAY, status=Status.COMPLETE, progress="Finished.")
    BoardPack.objects.create(
        plan=world.plan, board_date=dt.date(2026, 9, 30), issued_at=timezone.now()
    )
    BoardPack.objects.create(
        plan=world.plan,
        board_date=dt.date(2026, 11, 30),
        issued_at=timezone.now(),
        archived_at=timezone.now(),  # archived: not the last board
    )
    html = home_of(world, "plan manager")
    managed = section(html, "managed-plans")
    assert world.plan.title in managed
    assert "1 of 2 updated" in managed
    assert "Open" in managed
    assert "30 September 2026" in managed
    exceptions = reverse("plans:exceptions", args=[world.plan.slug])
    assert f'href="{exceptions}"' in managed
    # The other action was due 1 April 2021 and is not complete: overdue; the first is done.
    assert "1 overdue" in managed
    # They lead no action: nothing to update.
    assert "No actions need your update" in html


def test_a_viewer_and_an_organisation_administrator_see_no_managed_plans(world):
    for who in ("viewer", "organisation administrator", "member"):
        html = home_of(world, who)
        assert "Plans you manage" not in html, who
        assert "No actions need your update" in html, who
        assert reverse("plans:portfolio") in html, who
    # The administrator's organisation has two live plans; the partner's viewer sees one.
    assert "You can see 2 live plans" in home_of(world, "organisation administrator")
    assert "You can see 1 live plan." in home_of(world, "viewer")


def test_someone_of_another_organisation_sees_none_of_its_plans(world):
    open_round(world.plan)
    html = home_of(world, "outsider")
    assert world.plan.title not in html
    assert "No actions need your update" in html
    assert "You can see 1 live plan." in html  # their own organisation's


def test_a_person_with_roles_on_two_plans_sees_each_only_as_its_role_allows(world):
    # The plan manager also contributes to another organisation's plan, shared with them
    # for one action they lead, and views a third plan of their own organisation.
    manager = world.people["plan manager"]
    shared = world.other_plan
    lead = LeadFactory(organisation=shared.organisation)
    lead.people.add(manager)
    theirs = ActionFactory(domain=shared.domains.get(), number=2)
    theirs.leads.add(lead)
    PlanRole.objects.create(plan=shared, user=manager, role=Role.LEAD_CONTRIBUTOR)
    viewed = PlanFactory(organisation=world.plan.organisation, title="Plan they only view")
    PlanRole.objects.create(plan=viewed, user=manager, role=Role.VIEWER)
    led_there = ActionFactory(domain=DomainFactory(plan=viewed), number=1)
    led_there.leads.add(LeadFactory(organisation=viewed.organisation))
    open_round(shared)

    html = home_of(world, "plan manager")
    managed = section(html, "managed-plans")
    assert world.plan.title in managed
    assert shared.title not in managed and viewed.title not in managed
    rounds = section(html, "in-rounds")
    assert name_of(theirs) in rounds and shared.title in rounds
    # The shared plan's other action is not theirs to update.
    other_there = shared.domains.get().actions.get(number="1")
    assert name_of(other_there) not in html


def test_the_home_page_reads_a_fixed_number_of_queries_whatever_the_plans_managed(
    world, django_assert_max_num_queries
):
    client = Client()
    manager = world.people["plan manager"]
    client.force_login(manager)
    client.get(reverse("plans:home"))  # the session's first write

    def managing(count):
        for _ in range(count):
            plan = PlanFactory(organisation=world.plan.organisation)
            for number in (1, 2, 3):
                ActionFactory(domain=DomainFactory(plan=plan), number=number)
            PlanRole.objects.create(plan=plan, user=manager, role=Role.MANAGER)
            open_round(plan)

    managing(2)
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("plans:home"))
    managing(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("plans:home")).content.decode().count("of 3 updated") == 12


def test_many_plans_accesses_at_once_are_each_plans_own(world):
    """plan_accesses (the home page's) answers as plan_access does, for everyone."""
    plans = list(Plan.objects.all())
    for who, person in world.people.items():
        user = person or AnonymousUser()
        assert plan_accesses(user, plans) == {plan.pk: plan_access(user, plan) for plan in plans}, (
            who
        )


def test_a_plan_manager_sees_what_changed_since_the_last_board_counted_by_kind(world):
    board = TODAY - dt.timedelta(days=30)
    BoardPack.objects.create(plan=world.plan, board_date=board, issued_at=timezone.now())
    record_update(world.own_action, made_on=TODAY, status=Status.OFF_TRACK, progress="Slipped.")
    managed = section(home_of(world, "plan manager"), "managed-plans")
    expected = Counter(c.kind for c in plan_changes(world.plan, since=board, until=TODAY))
    assert expected[ChangeKind.NEWLY_RED] == 1
    for kind, count in expected.items():
        assert f"<li>{kind.heading}: {count}</li>" in managed
    assert reverse("plans:changes", args=[world.plan.slug]) in managed


def test_a_plan_without_an_issued_pack_has_nothing_to_compare(world):
    managed = section(home_of(world, "plan manager"), "managed-plans")
    assert "Nothing to compare until a pack is issued" in managed


def test_the_managers_round_counts_are_the_rounds_own_progress(world):
    update_round = open_round(world.plan)
    record_update(world.own_action, made_on=TODAY, status=Status.ON_TRACK, progress="Moving.")
    progress = round_progress(update_round)
    managed = section(home_of(world, "plan manager"), "managed-plans")
    assert f"{progress.updated} of {progress.total} updated" in managed
    assert reverse("round_detail", args=[world.plan.slug, update_round.pk]) in managed
