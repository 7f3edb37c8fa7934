"""Action references as plans write them (1.1, C1.1.1, CC1, R3): stored, ordered, linked,
exported and edited as text, in natural order (ADR 0038)."""

import csv
import datetime as dt
import functools
import io
import re

import pytest
from django.db import connection
from django.db.models.functions import Collate
from django.urls import resolve, reverse

from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.plans.models import Action
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors import actions as actions_selectors
from improvement_tracker.plans.selectors.my_actions import my_actions
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services import actions as actions_services
from improvement_tracker.plans.services.next_year import plan_start_next_year
from improvement_tracker.plans.services.rules import EditRefused
from tests.factories import (
    ActionFactory,
    DomainFactory,
    LeadFactory,
    MembershipFactory,
    PlanRoleFactory,
    UserFactory,
    record_update,
)
from tests.plans.pages import assert_form_errors
from tests.plans.test_numbering import plain_natural_order

pytestmark = pytest.mark.django_db

NATURAL = ["1", "1.1", "1.2", "1.2(a)", "1.10", "2", "10", "C1.1.1", "CC1", "R3"]
# Stored in an order that is neither natural nor the order of the text.
WRITTEN = ["R3", "10", "1.10", "CC1", "2", "1.2(a)", "C1.1.1", "1.2", "1", "1.1"]


@pytest.fixture
def layered():
    domain = DomainFactory(position=1, label="Help and Protection")
    for number in WRITTEN:
        ActionFactory(domain=domain, number=number, text=f"Action numbered {number}.")
    return domain


def action_url(action, name="plans:action_detail"):
    return reverse(name, args=[action.domain.plan.slug, action.domain.position, action.number])


def test_a_domains_actions_are_in_natural_order(layered):
    assert [a.number for a in Action.objects.filter(domain=layered)] == NATURAL
    tracker = plan_tracker(plan=layered.plan)
    assert [a.number for a in tracker.actions] == NATURAL


def test_the_tracker_page_shows_them_in_natural_order_each_linked_to_its_page(
    layered, signed_in_client
):
    html = signed_in_client.get(layered.plan.get_absolute_url()).content.decode()
    shown = re.findall(r'<span class="govuk-visually-hidden">Action </span>([^<]+)</a>', html)
    assert shown == NATURAL
    for number in NATURAL:
        assert f'id="action-1-{number}"' in html
        assert f'href="/plans/{layered.plan.slug}/actions/1/{number}/"' in html


@pytest.mark.parametrize("number", NATURAL)
def test_each_reference_makes_a_link_that_comes_back_to_its_action(
    layered, signed_in_client, number
):
    action = Action.objects.get(domain=layered, number=number)
    url = action_url(action)
    assert url == f"/plans/{layered.plan.slug}/actions/1/{number}/"
    assert resolve(url).kwargs == {"slug": layered.plan.slug, "position": 1, "number": number}
    page = signed_in_client.get(url)
    assert page.status_code == 200
    assert f"Help and Protection, action {number}</h1>" in page.content.decode()
    assert signed_in_client.get(action_url(action, "action_audit")).status_code == 200


def test_a_reference_that_no_action_has_is_not_found(layered, signed_in_client):
    for number in ["1.3", "c1.1.1", "3", "1.1.", "1%2F1"]:
        url = f"/plans/{layered.plan.slug}/actions/1/{number}/"
        assert signed_in_client.get(url).status_code == 404, number


def test_exports_list_them_in_natural_order(layered, signed_in_client):
    url = reverse("documents:export", args=[layered.plan.slug, "csv"])
    rows = list(csv.reader(io.StringIO(signed_in_client.get(url).content.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == NATURAL


def test_adding_an_action_proposes_the_next_in_the_last_part_and_keeps_the_text(
    manager_of,
):
    domain = DomainFactory(position=1)
    for number in ["1.1", "1.4", "1.2"]:
        ActionFactory(domain=domain, number=number)
    client = manager_of(domain.plan)
    add = reverse("plans:action_add", args=[domain.plan.slug, domain.position])
    assert 'name="number" value="1.5"' in client.get(add).content.decode()
    response = client.post(
        add,
        {"number": " C1.1.1 ", "text": "Audit.", "timescale_text": "2021", "save": "1"},
    )
    added = Action.objects.get(domain=domain, number="C1.1.1")
    assert response.url == action_url(added)
    assert [a.number for a in Action.objects.filter(domain=domain)] == [
        "1.1",
        "1.2",
        "1.4",
        "C1.1.1",
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1/2", "Action number must only include letters, digits, full stops, hyphens and "
         "brackets, like 16, 1.2 or C1.1.1"),
        ("C1.1.1 (draft)", "Action number must only include letters, digits, full stops, "
         "hyphens and brackets, like 16, 1.2 or C1.1.1"),
        ("1.1" * 7, "Action number must be 20 characters or fewer"),
        ("1.1 ", "Help and Protection already has an action 1.1: choose another number"),
        (" . ", "Enter the action number"),
    ],
)  # fmt: skip
def test_the_add_form_refuses_a_bad_or_taken_reference_beside_the_field(
    layered, manager_of, typed, message
):
    client = manager_of(layered.plan)
    add = reverse("plans:action_add", args=[layered.plan.slug, layered.position])
    data = {"number": typed, "text": "Audit.", "timescale_text": "2021", "save": "1"}
    assert_form_errors(client.post(add, data), {"id_number": message})
    assert Action.objects.filter(domain=layered).count() == len(NATURAL)


def test_services_refuse_a_reference_no_url_can_carry(layered):
    with pytest.raises(EditRefused, match="must only include letters") as refused:
        actions_services.action_add(
            domain=layered,
            number="1/1",
            text="Audit.",
            lead_text="",
            leads=[],
            timescale_text="2021",
            high_priority=False,
            by=None,
        )
    assert refused.value.field == "number"
    assert not Action.objects.filter(number="1/1").exists()


def test_moving_an_action_gives_it_a_layered_reference_and_its_new_place(layered):
    ten = Action.objects.get(domain=layered, number="10")
    actions_services.action_move(
        action=ten, domain=layered, number="1.3", expected_version=ten.version, by=None
    )
    ten.refresh_from_db()
    assert ten.number == "1.3"
    assert [a.number for a in Action.objects.filter(domain=layered)][:6] == [
        "1",
        "1.1",
        "1.2",
        "1.2(a)",
        "1.3",
        "1.10",
    ]


def test_renumbering_accepts_any_references_and_offers_1_to_n_by_default(layered):
    actions = list(Action.objects.filter(domain=layered))
    offered = actions_selectors.numbers_in_order(actions=actions, kept=[])
    assert list(offered.values()) == [str(n) for n in range(1, len(NATURAL) + 1)]
    new = {a.pk: f"A{n}" for n, a in enumerate(reversed(actions), start=1)}
    actions_services.domain_renumber(
        domain=layered,
        numbers=new,
        expected_versions={a.pk: a.version for a in actions},
        by=None,
    )
    renumbered = list(Action.objects.filter(domain=layered))
    assert [a.number for a in renumbered] == [f"A{n}" for n in range(1, len(NATURAL) + 1)]
    assert [a.text for a in renumbered] == [f"Action numbered {n}." for n in reversed(NATURAL)]


def test_words_refer_to_references_as_written_never_to_the_start_of_a_layered_one(layered):
    one = Action.objects.get(domain=layered, number="1")
    one_two = Action.objects.get(domain=layered, number="1.2")
    update = record_update(
        Action.objects.get(domain=layered, number="R3"),
        made_on=dt.date(2020, 11, 1),
        status=Status.ON_TRACK,
        progress="Waits for action 1.2 and action 10; see action 1.",
    )
    assert {(r.number, r.action.number) for r in update.references.all()} == {
        ("1.2", "1.2"),
        ("10", "10"),
        ("1", "1"),
    }
    assert update.references.get(number="1").action == one
    assert update.references.get(number="1.2").action == one_two


def test_the_database_orders_references_as_python_does_whatever_its_collation():
    # Case, punctuation and leading zeros that a locale's collation (PostgreSQL, en_US)
    # would weigh differently from SQLite's bytes: the key leaves it nothing to weigh.
    awkward = ["a1", "A1", "1-1", "1.1", "01.1", "1(a)", "1a", "1A", "(1)", "-1", "b", "B2"]
    awkward += ["1.10", "1.9", "Z", "z1", "10", "9", "0", "C1.1.1", "c1.1.1", "CC1", "R3"]
    domain = DomainFactory(position=1)
    for number in reversed(awkward):
        ActionFactory(domain=domain, number=number)
    natural = sorted(awkward, key=functools.cmp_to_key(plain_natural_order))
    stored = Action.objects.filter(domain=domain)
    assert list(stored.values_list("number", flat=True)) == natural
    if connection.vendor == "postgresql":
        # A database made with an English locale sorts by it (ICU's en-US here).
        english = stored.order_by(Collate("number_order", "en-US-x-icu"))
        assert list(english.values_list("number", flat=True)) == natural


@pytest.mark.parametrize("file_format", ["xlsx", "docx"])
def test_word_and_excel_exports_keep_the_references_in_natural_order(
    layered, signed_in_client, file_format
):
    url = reverse("documents:export", args=[layered.plan.slug, file_format])
    exported = signed_in_client.get(url).content
    document = read_plan_bytes(exported, name=f"plan.{file_format}")
    assert [a.number for a in document.domains[0].actions] == NATURAL


def test_the_next_plan_year_carries_references_and_their_order(layered):
    user = UserFactory()
    new = plan_start_next_year(
        plan=layered.plan,
        title="Next",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        reporting_date=dt.date(2021, 4, 30),
        by=user,
        as_of=dt.date(2021, 3, 31),
    )
    carried = list(Action.objects.filter(domain__plan=new))
    assert [a.number for a in carried] == NATURAL
    assert all(a.carried_from.number == a.number for a in carried)


def test_my_actions_lists_actions_due_together_in_natural_order(layered):
    role = PlanRoleFactory(plan=layered.plan)
    MembershipFactory(user=role.user, organisation=layered.plan.organisation)
    lead = LeadFactory(organisation=layered.plan.organisation)
    lead.people.add(role.user)
    for action in Action.objects.filter(domain=layered):
        action.leads.add(lead)
    assert [row.action.number for row in my_actions(user=role.user)] == NATURAL


def test_filters_suggestions_and_exceptions_name_actions_by_reference(layered, signed_in_client):
    record_update(
        Action.objects.get(domain=layered, number="C1.1.1"),
        made_on=dt.date(2020, 11, 1),
        status=Status.OFF_TRACK,
        progress="Late.",
    )
    plan = layered.plan
    red = signed_in_client.get(plan.get_absolute_url(), {"status": "off_track"}).content.decode()
    assert re.findall(r'<span class="govuk-visually-hidden">Action </span>([^<]+)</a>', red) == [
        "C1.1.1"
    ]
    suggestions = signed_in_client.get(reverse("plans:suggestions", args=[plan.slug]))
    assert "Help and Protection, 1.10</th>" in suggestions.content.decode()
    exceptions = signed_in_client.get(reverse("plans:exceptions", args=[plan.slug]))
    assert exceptions.status_code == 200


def test_the_tracker_links_a_layered_reference_in_words_to_that_action(layered, signed_in_client):
    record_update(
        Action.objects.get(domain=layered, number="1"),
        made_on=dt.date(2020, 11, 1),
        status=Status.ON_TRACK,
        progress="Waits for action C1.1.1.",
    )
    page = signed_in_client.get(layered.plan.get_absolute_url()).content.decode()
    anchor = re.search(r'<a class="govuk-link" href="#([^"]+)">action C1\.1\.1</a>', page)
    assert anchor is not None
    row = page[page.index(f'id="{anchor[1]}"') :]
    assert row[: row.index("</tr>")].count("Action numbered C1.1.1.") == 1
