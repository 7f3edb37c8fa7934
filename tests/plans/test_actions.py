"""Plan managers add, change, move and renumber actions; references follow; history stays."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, ActionUpdate, Domain
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.plans import plan_summary
from improvement_tracker.plans.services import actions as actions_services
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.timescales import Kind
from tests.factories import (
    ActionFactory,
    DomainFactory,
    LeadFactory,
    PlanRoleFactory,
    record_update,
)
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db

NOT_A_REFERENCE = (
    "must only include letters, digits, full stops, hyphens and brackets, like 16, 1.2 or C1.1.1"
)


@pytest.fixture
def domain(help_and_protection):
    DomainFactory(plan=help_and_protection.plan, position=2, label="Leadership")
    return help_and_protection


def add_url(domain):
    return reverse("plans:action_add", args=[domain.plan.slug, domain.position])


def action_url(action, name="plans:action_detail"):
    return reverse(name, args=[action.domain.plan.slug, action.domain.position, action.number])


def new_action(**changes):
    data = {
        "number": "3",
        "text": "Audit return home interviews each quarter.",
        "lead_text": "Head of Service for Safeguarding",
        "timescale_text": "Quarterly from 01/12/2019",
        "save": "1",
    }
    data.update(changes)
    return data


def test_adding_an_action_reads_the_timescale_back_then_saves_it(domain, manager_of):
    client = manager_of(domain.plan)
    lead = LeadFactory(organisation=domain.plan.organisation, name="Head of Safeguarding")
    page = client.get(add_url(domain)).content.decode()
    assert 'name="number" value="3"' in page  # the next free number
    assert "Head of Safeguarding" in page  # the register's leads to pick from

    checked = client.post(add_url(domain), {**new_action(), "check": "1", "save": ""})
    html = checked.content.decode()
    assert checked.status_code == 200
    assert "Read as: Quarterly, from 1 December 2019" in html
    assert "govuk-error-summary" not in html
    assert "Audit return home interviews each quarter." in html  # values kept
    assert not Action.objects.filter(domain=domain, number=3).exists()

    saved = client.post(add_url(domain), new_action(leads=[str(lead.pk)], high_priority="on"))

    action = Action.objects.get(domain=domain, number=3)
    assert saved.status_code == 302
    assert saved.url == action_url(action)
    assert (action.timescale_text, action.timescale_kind, action.timescale_date) == (
        "Quarterly from 01/12/2019",
        Kind.RECURRING,
        dt.date(2019, 12, 1),
    )
    assert list(action.leads.all()) == [lead]
    assert action.high_priority
    summary = plan_summary(plan=domain.plan)
    assert summary["table1"]["Help and Protection"]["Not rated"] == 1
    assert summary["table2"]["Not rated"] == 1
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="plans.action")
    assert event.after["leads"] == ["Head of Safeguarding"]
    assert event.after["timescale_date"] == "2019-12-01"


def test_checking_an_impossible_date_is_an_error_not_a_fix(domain, manager_of):
    response = manager_of(domain.plan).post(
        add_url(domain), {**new_action(timescale_text="31/02/2021", text=""), "check": "1"}
    )
    html = assert_form_errors(
        response, {"id_timescale_text": "Timescale must be a real date – February 2021 has 28 days"}
    )
    assert "Enter the action" not in html  # checking the timescale judges only the timescale
    assert re.search(r"<textarea[^>]*id=\"id_timescale_text\"[^>]*>\s*31/02/2021</textarea>", html)
    assert not Action.objects.filter(domain=domain, number=3).exists()


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"number": "", "text": " ", "timescale_text": ""},
            {
                "id_number": "Enter the action number",
                "id_text": "Enter the action",
                "id_timescale_text": "Enter the timescale",
            },
        ),
        (
            {"text": "x" * 20_000, "lead_text": "y" * 20_000, "timescale_text": "1" * 20_000},
            {
                "id_text": "Action must be 10,000 characters or fewer",
                "id_lead_text": "Lead must be 1,000 characters or fewer",
                "id_timescale_text": "Timescale must be 200 characters or fewer",
            },
        ),
        (
            {"timescale_text": "Autumn 2021", "number": "3 & 4"},
            {
                "id_timescale_text": "Enter the timescale as a date, a month, a quarter, a "
                "year, how often from when, To be confirmed, or Complete, for example "
                "31/03/2021, March 2021, Q3 2021/22, 2021 or Quarterly from 01/12/2019",
                "id_number": f"Action number {NOT_A_REFERENCE}",
            },
        ),
        (
            {"timescale_text": "Monthly from 31/13/2020"},
            {"id_timescale_text": "Timescale must be a real date – there is no month 13"},
        ),
        (
            {"number": "2"},
            {"id_number": "Help and Protection already has an action 2: choose another number"},
        ),
    ],
)
def test_action_form_errors_are_summarised_beside_fields_and_nothing_saved(
    domain, manager_of, changes, errors
):
    response = manager_of(domain.plan).post(add_url(domain), new_action(**changes))
    html = assert_form_errors(response, errors)
    assert Action.objects.filter(domain=domain).count() == 2
    if changes.get("lead_text", "") == "":
        assert "Head of Service for Safeguarding" in html  # values kept


def test_a_lead_from_another_organisation_cannot_be_picked(domain, manager_of):
    elsewhere = LeadFactory()
    response = manager_of(domain.plan).post(add_url(domain), new_action(leads=[str(elsewhere.pk)]))
    assert_form_errors(response, {"id_leads": "Select leads from the list"})
    assert Action.objects.filter(domain=domain).count() == 2


def edit_data(action, **changes):
    data = {
        "text": action.text,
        "lead_text": action.lead_text,
        "timescale_text": action.timescale_text,
        "version": str(action.version),
        "save": "1",
    }
    if action.high_priority:
        data["high_priority"] = "on"
    data.update(changes)
    return data


def test_changing_an_action_keeps_its_updates_and_raises_its_version(domain, manager_of):
    client = manager_of(domain.plan)
    action = Action.objects.get(domain=domain, number=1)
    original = action.text
    page = client.get(action_url(action, "plans:action_edit")).content.decode()
    assert "Read as: By 1 April 2021" in page  # the current reading, before any change

    response = client.post(
        action_url(action, "plans:action_edit"),
        edit_data(action, text="Reworded action.", timescale_text="2021", high_priority="on"),
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.text, action.timescale_kind, action.high_priority, action.version) == (
        "Reworded action.",
        Kind.YEAR,
        True,
        2,
    )
    assert ActionUpdate.objects.filter(action=action).count() == 1  # status lives in updates
    assert plan_summary(plan=domain.plan)["table2"]["Green"] == 1
    event = AuditEvent.objects.get(verb=Verb.CHANGE, object_type="plans.action")
    assert (event.before["text"], event.after["text"]) == (original, "Reworded action.")
    assert (event.before["high_priority"], event.after["high_priority"]) == (False, True)
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_a_change_from_an_old_copy_is_refused_and_shows_both_versions(domain, django_user_model):
    action = Action.objects.get(domain=domain, number=1)
    one, two = Client(), Client()
    for client in (one, two):
        client.force_login(PlanRoleFactory(plan=domain.plan).user)
    url = action_url(action, "plans:action_edit")
    seen = action.version
    assert one.post(url, edit_data(action, text="First person's words.")).status_code == 302

    refused = two.post(url, edit_data(action, text="Second person's words.", version=str(seen)))

    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else has changed this action" in html
    assert "First person&#x27;s words." in html
    assert "Second person&#x27;s words." in html
    action.refresh_from_db()
    assert action.text == "First person's words."
    assert f'name="version" value="{action.version}"' in html
    again = two.post(url, edit_data(action, text="Second person's words."))
    assert again.status_code == 302
    action.refresh_from_db()
    assert action.text == "Second person's words."


@pytest.fixture
def example(example_plan):
    """The example: Help and Protection's actions 14 and 15 say 'see action 16'."""
    return example_plan


def example_action(plan, position, number):
    return Action.objects.get(domain__plan=plan, domain__position=position, number=number)


def test_moving_an_action_takes_its_history_and_references_follow(example, manager_of):
    client = manager_of(example)
    sixteen = example_action(example, 1, 16)
    page = client.get(action_url(sixteen, "plans:action_move")).content.decode()
    assert "Leadership: 20" in page  # the next free number there

    response = client.post(
        action_url(sixteen, "plans:action_move"),
        {"domain": "3", "number": "20", "version": str(sixteen.version)},
    )

    assert response.status_code == 302
    assert response.url == reverse("plans:action_detail", args=[example.slug, 3, 20])
    sixteen.refresh_from_db()
    assert (sixteen.domain.label, sixteen.number, sixteen.version) == ("Leadership", "20", 2)
    assert sixteen.updates.count() == 1
    summary = plan_summary(plan=example)
    assert summary["table1"]["Help and Protection"]["Total"] == 27
    assert summary["table1"]["Leadership"]["Total"] == 20
    html = client.get(example.get_absolute_url()).content.decode()
    assert (
        '<a class="govuk-link" href="#action-3-20">action 16</a> (now Leadership, action 20) below'
        in html
    )
    assert (
        example_action(example, 1, 14)
        .updates.get()
        .progress.startswith("Complete. See action 16 below")
    )


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"domain": "", "number": ""},
            {
                "id_domain": "Select the domain to move the action to",
                "id_number": "Enter the action's number",
            },
        ),
        (
            {"domain": "3", "number": "1" * 20_000},
            {"id_number": "Action number must be 20 characters or fewer"},
        ),
        (
            {"domain": "3", "number": "19"},
            {"id_number": "Leadership already has an action 19: choose another number"},
        ),
        ({"domain": "9", "number": "30"}, {"id_domain": "Select a domain from the list"}),
    ],
)
def test_move_form_errors_are_summarised_and_nothing_moves(example, manager_of, data, errors):
    sixteen = example_action(example, 1, 16)
    response = manager_of(example).post(
        action_url(sixteen, "plans:action_move"), {**data, "version": str(sixteen.version)}
    )
    assert_form_errors(response, errors)
    sixteen.refresh_from_db()
    assert (sixteen.domain.position, sixteen.number, sixteen.version) == (1, "16", 1)


def renumber_url(plan, position=1):
    return reverse("plans:domain_renumber", args=[plan.slug, position])


def renumber_data(plan, position=1, **new_numbers):
    """Every action of the domain keeps its number unless given one: {"16": "17"}."""
    data = {"save": "1"}
    for action in Action.objects.filter(
        domain__plan=plan, domain__position=position, archived_at__isnull=True
    ):
        data[f"number_{action.pk}"] = new_numbers.get(str(action.number), str(action.number))
        data[f"version_{action.pk}"] = str(action.version)
    return data


def test_renumbering_swaps_numbers_at_once_and_references_follow(example, manager_of):
    client = manager_of(example)
    sixteen, seventeen = example_action(example, 1, 16), example_action(example, 1, 17)
    assert (
        "Action 16: Undertake regular monitoring"
        in client.get(renumber_url(example)).content.decode()
    )

    response = client.post(
        renumber_url(example), renumber_data(example, **{"16": "17", "17": "16"})
    )

    assert response.status_code == 302
    sixteen.refresh_from_db()
    seventeen.refresh_from_db()
    assert (sixteen.number, sixteen.version, seventeen.number, seventeen.version) == (
        "17",
        2,
        "16",
        2,
    )
    assert example_action(example, 1, 15).version == 1  # only the renumbered change
    html = client.get(example.get_absolute_url()).content.decode()
    assert '<a class="govuk-link" href="#action-1-17">action 16</a> (now action 17) below' in html
    assert '<a class="govuk-link" href="#action-1-17">action number 16</a> (now action 17)' in html
    words = example_action(example, 1, 14).updates.get().progress
    assert "See action 16 below" in words  # history is never rewritten
    event = AuditEvent.objects.get(verb=Verb.CHANGE, object_type="plans.domain")
    assert event.before["numbers"] == {str(sixteen.pk): "16", str(seventeen.pk): "17"}
    assert event.after["numbers"] == {str(sixteen.pk): "17", str(seventeen.pk): "16"}

    # Words written after the renumbering mean today's numbers.
    fourteen = example_action(example, 1, 14)
    record_update(
        fourteen,
        made_on=timezone.localdate(),
        status=Status.ON_TRACK,
        progress="Now waiting for action 16.",
    )
    html = client.get(example.get_absolute_url()).content.decode()
    assert 'Now waiting for <a class="govuk-link" href="#action-1-16">action 16</a>.' in html


def test_fill_in_numbers_in_order_skips_numbers_archived_actions_keep(domain, manager_of):
    client = manager_of(domain.plan)
    archiving_services.action_archive(
        action=Action.objects.get(domain=domain, number=1), by=None, expected_version=1
    )
    ActionFactory(domain=domain, number=7)
    data = {**renumber_data(domain.plan), "sequence": "1"}
    del data["save"]
    html = client.post(renumber_url(domain.plan), data).content.decode()
    assert "cannot be used: 1." in html
    numbers = re.findall(r'name="number_\d+" value="(\d+)"', html)
    assert numbers == ["2", "3"]
    assert list(Action.objects.filter(domain=domain).values_list("number", flat=True)) == [
        "1",
        "2",
        "7",
    ]


def test_renumber_errors_are_summarised_and_nothing_changes(example, manager_of):
    client = manager_of(example)
    archiving_services.action_archive(
        action=example_action(example, 1, 28), by=None, expected_version=1
    )
    pks = {n: example_action(example, 1, n).pk for n in (1, 2, 3, 16, 17)}

    response = client.post(
        renumber_url(example),
        renumber_data(example, **{"1": "", "2": "2/3", "3": "9" * 20_000, "16": "17", "27": "28"}),
    )

    assert_form_errors(
        response,
        {
            f"id_number_{pks[1]}": "Enter a new number for action 1",
            f"id_number_{pks[2]}": f"The new number for action 2 {NOT_A_REFERENCE}",
            f"id_number_{pks[3]}": "The new number for action 3 must be 20 characters or fewer",
            f"id_number_{pks[16]}": "Give action 16 and action 17 different numbers: both are 17",
            f"id_number_{pks[17]}": "Give action 16 and action 17 different numbers: both are 17",
        },
    )
    response = client.post(renumber_url(example), renumber_data(example, **{"27": "28"}))
    assert_form_errors(
        response,
        {
            f"id_number_{example_action(example, 1, 27).pk}": "Number 28 is kept by an "
            "archived action: choose another number"
        },
    )
    numbers = Action.objects.filter(domain__plan=example, domain__position=1).values_list(
        "number", flat=True
    )
    assert list(numbers) == [str(n) for n in range(1, 29)]  # in natural order
    assert (
        not Action.objects.filter(domain__plan=example, version__gt=1).exclude(number=28).exists()
    )


def test_renumbering_from_an_old_copy_is_refused(example, manager_of):
    client = manager_of(example)
    stale = renumber_data(example, **{"16": "30"})
    sixteen = example_action(example, 1, 16)
    actions_services.action_edit(
        action=sixteen,
        text="Changed meanwhile.",
        lead_text=sixteen.lead_text,
        leads=[],
        timescale_text=sixteen.timescale_text,
        high_priority=False,
        expected_version=1,
        by=None,
    )
    response = client.post(renumber_url(example), stale)
    assert response.status_code == 409
    assert "Nothing was renumbered" in response.content.decode()
    assert example_action(example, 1, 16).text == "Changed meanwhile."


def test_renumbering_is_all_or_nothing(example, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(actions_services, "audit_record", fail)
    domain = Domain.objects.get(plan=example, position=1)
    actions = list(domain.actions.all())
    with pytest.raises(RuntimeError):
        actions_services.domain_renumber(
            domain=domain,
            numbers={a.pk: str(29 - int(a.number)) for a in actions},  # reverse the order
            expected_versions={a.pk: a.version for a in actions},
            by=None,
        )
    assert sorted(domain.actions.values_list("pk", "number")) == sorted(
        (a.pk, a.number) for a in actions
    )
    with pytest.raises(RuntimeError):
        actions_services.action_move(
            action=actions[0],
            domain=Domain.objects.get(plan=example, position=3),
            number="30",
            expected_version=1,
            by=None,
        )
    assert Action.objects.get(pk=actions[0].pk).domain_id == domain.pk


def test_only_plan_managers_add_change_move_or_renumber(domain, member_of):
    client = member_of(domain.plan)
    action = Action.objects.get(domain=domain, number=1)
    for url in [
        add_url(domain),
        action_url(action, "plans:action_edit"),
        action_url(action, "plans:action_move"),
        renumber_url(domain.plan),
    ]:
        assert client.get(url).status_code == 403
        assert client.post(url, new_action()).status_code == 403
    assert Action.objects.filter(domain=domain).count() == 2
    detail = client.get(action_url(action)).content.decode()
    assert "Move it to another domain" not in detail


def test_an_imported_impossible_date_is_pointed_out_before_it_is_changed(example_plan, manager_of):
    action = example_action(example_plan, 2, 4)  # timescale 31/02/2020, as the document has it
    html = manager_of(example_plan).get(action_url(action, "plans:action_edit")).content.decode()
    assert (
        "This needs correcting: Timescale must be a real date – February 2020 has 29 days" in html
    )
    # kept as written until a person corrects it
    assert re.search(r"<textarea[^>]*id=\"id_timescale_text\"[^>]*>\s*31/02/2020</textarea>", html)
