"""A plan's own status key (ADR 0039): stored meanings, the plan's labels and colours on
every page, and the plan manager's page that changes the key."""

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.documents.colours import COLOUR_FILLS
from improvement_tracker.plans.key_checks import (
    FlagKind,
    Suggestion,
    check_action,
    suggest_status,
    within_key,
)
from improvement_tracker.plans.models import Lead, RagKeyEntry, TagColour
from improvement_tracker.plans.plan_document import ActionEntry, DomainEntry, PlanDocument
from improvement_tracker.plans.rag import COLOURS, EXAMPLE_KEY, KeyEntry, Status
from improvement_tracker.plans.services.archiving import action_archive, plan_archive
from improvement_tracker.plans.services.importing import plan_import
from improvement_tracker.plans.services.next_year import plan_start_next_year
from improvement_tracker.plans.services.rules import EditRefused
from improvement_tracker.plans.services.status_key import plan_key_set
from improvement_tracker.plans.timescales import parse_timescale
from tests.custom_key import TRUST_KEY, trust_plan
from tests.factories import MembershipFactory, OrganisationFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def shows_label(label: str, html: str) -> bool:
    """Whether the page shows `label` as a status: the whole text of a tag, label or cell.

    Not a bare substring: a person's or a lead's name may hold the same word.
    """
    return re.search(rf">\s*{re.escape(label)}\s*<", html) is not None


def stored_key(plan):
    return list(
        RagKeyEntry.objects.filter(plan=plan)
        .order_by("position")
        .values_list("status", "label", "colour", "position")
    )


def table_rows(html, table_id):
    table = re.search(rf'<table class="govuk-table" id="{table_id}">.*?</table>', html, re.S)[0]
    header = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', table)
    rows = re.findall(r'<th scope="row" class="govuk-table__header">([^<]*)</th>', table)
    return header, rows


def test_the_colours_a_key_may_give_are_govuk_tag_colours_stored_and_exported_alike():
    assert tuple(TagColour.values) == COLOURS
    assert set(COLOUR_FILLS) == set(COLOURS)


# Pure: checks and suggestions reason on meanings, and speak in the plan's labels.


def test_an_amber_that_means_on_track_is_judged_as_on_track_and_named_with_its_meaning():
    later = parse_timescale("31/03/2099")
    passed = parse_timescale("01/04/2020")
    today = dt.date(2026, 12, 6)
    on_time = check_action(
        timescale=later, status=Status.ON_TRACK, update_dates=[], as_of=today, key=TRUST_KEY
    )
    assert on_time == []  # not "at risk": its meaning is on track, and its date is to come
    [late] = check_action(
        timescale=passed, status=Status.ON_TRACK, update_dates=[], as_of=today, key=TRUST_KEY
    )
    assert late.kind is FlagKind.CONTRADICTS_KEY
    assert late.reason == (
        "Rated Amber (on track), but the agreed date (1 April 2020) has passed and the "
        "action is not complete: the key says Red."
    )


def test_complete_and_assured_is_complete_for_a_timescale_that_says_complete():
    flags = check_action(
        timescale=parse_timescale("Complete"),
        status=Status.COMPLETE_ASSURED,
        update_dates=[],
        as_of=dt.date(2026, 12, 6),
        key=TRUST_KEY,
    )
    assert flags == []


def test_a_suggestion_is_a_meaning_shown_with_the_plans_label():
    suggestion = suggest_status(
        timescale=parse_timescale("31/03/2099"),
        progress="Going well.",
        update_dates=[],
        as_of=dt.date(2026, 12, 6),
        key=TRUST_KEY,
    )
    assert suggestion.status is Status.ON_TRACK
    assert TRUST_KEY.label(suggestion.status) == "Amber"


def test_a_suggestion_in_a_meaning_the_plan_does_not_use_becomes_the_nearest_it_does():
    no_date = suggest_status(
        timescale=parse_timescale(""),
        progress="Work continues.",
        update_dates=[],
        as_of=dt.date(2026, 12, 6),
        key=TRUST_KEY,
    )
    assert no_date.status is Status.AT_RISK  # the trust's key has no "at risk"
    assert within_key(no_date, TRUST_KEY) == Suggestion(Status.OFF_TRACK, no_date.reason)
    assert within_key(no_date, EXAMPLE_KEY) == no_date


# Pages and commands over a plan with its own key.


def test_the_tracker_shows_the_plans_labels_and_colours_and_counts_by_them(signed_in_client):
    plan = trust_plan()
    html = signed_in_client.get(plan.get_absolute_url()).content.decode()
    rows = {
        number: re.search(rf'id="action-1-{number}".*?</tr>', html, re.S)[0]
        for number in range(1, 6)
    }
    assert "Amber" in rows[1] and "govuk-tag--orange" in rows[1]
    assert "Blue" in rows[2] and "govuk-tag--blue" in rows[2]
    assert "Complete &amp; CSPI" in rows[5] and "govuk-tag--purple" in rows[5]
    assert shows_label("Amber", rows[1]) and shows_label("Blue", rows[2])
    assert not shows_label("Green", "".join(rows.values()))
    # Only action 3 is flagged: its date has passed. Its Amber is named with its meaning.
    assert "app-flag" not in rows[1] + rows[2] + rows[5]
    assert "Rated Amber (on track), but the agreed date (1 April 2020) has passed" in rows[3]
    # Table 1's rows and Table 2's columns are the plan's labels, in its key's order.
    header, labels = table_rows(html, "table1")
    assert labels == ["Red", "Amber", "Blue", "Complete &amp; CSPI", "Not rated", "Total"]
    header, _ = table_rows(html, "table2")
    assert header[1:] == ["Red", "Amber", "Blue", "Complete &amp; CSPI", "Not rated", "Total"]
    table1 = re.search(r'id="table1">.*?</table>', html, re.S)[0]
    amber = re.search(r'data-status="Amber">.*?</tr>', table1, re.S)[0]
    assert re.findall(r'numeric">(\d+)<', amber) == ["2", "2"]
    # The key itself: label, colour and the plan's words.
    key = re.search(r'id="rag-key">.*?</table>', html, re.S)[0]
    assert "govuk-tag--purple" in key and "Complete and assured." in key


def test_the_action_page_history_and_update_form_use_the_plans_key(signed_in_client):
    plan = trust_plan()
    action = plan.domains.get().actions.get(number=2)
    page = signed_in_client.get(
        reverse("plans:action_detail", args=[plan.slug, 1, 2])
    ).content.decode()
    assert "govuk-tag--blue" in page and "Blue" in page and not shows_label("Completed", page)
    form = signed_in_client.get(
        reverse("plans:action_update", args=[plan.slug, 1, 2])
    ).content.decode()
    radios = re.findall(r'<input[^>]*name="status"[^>]*>', form)
    offered = [re.search(r'value="(\w+)"', radio)[1] for radio in radios]
    assert offered == ["off_track", "on_track", "complete", "complete_assured", "not_rated"]
    assert "Complete &amp; CSPI" in form and not shows_label("Green", form)
    posted = signed_in_client.post(
        reverse("plans:action_update", args=[plan.slug, 1, 2]),
        {
            "made_on_0": "1",
            "made_on_1": "11",
            "made_on_2": "2020",
            "status": "at_risk",  # a meaning this plan does not use
            "progress": "Words.",
            "version": str(action.version),
        },
    )
    assert posted.status_code == 200
    assert "Select one of this plan&#x27;s statuses" in posted.content.decode()
    assert action.updates.count() == 1


def test_filtering_by_status_offers_the_plans_labels_and_says_which(signed_in_client):
    plan = trust_plan()
    html = signed_in_client.get(plan.get_absolute_url(), {"status": "on_track"}).content.decode()
    assert '<option value="on_track" selected>Amber</option>' in html
    assert '<option value="complete">Blue</option>' in html
    assert '<option value="at_risk"' not in html  # a meaning the plan does not use
    assert "filtered by status Amber" in html
    assert 'id="action-1-1"' in html and 'id="action-1-2"' not in html


def test_suggestions_offer_the_plans_labels(signed_in_client):
    plan = trust_plan()
    html = signed_in_client.get(
        reverse("plans:suggestions", args=[plan.slug]), {"as_of": timezone.localdate().isoformat()}
    ).content.decode()
    assert "Accept: Amber" in html
    assert '<option value="complete">Blue</option>' in html
    assert '<option value="at_risk"' not in html


def test_exceptions_name_the_amber_with_its_meaning(signed_in_client):
    plan = trust_plan()
    html = signed_in_client.get(reverse("plans:exceptions", args=[plan.slug])).content.decode()
    assert "Rated Amber (on track)" in html and "govuk-tag--orange" in html


def test_plan_summary_json_keys_rows_by_the_plans_labels_and_gives_the_key():
    plan = trust_plan()
    out = StringIO()
    call_command("plan_summary", plan.slug, "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["key"] == [
        {"label": "Red", "colour": "red", "meaning": "off_track"},
        {"label": "Amber", "colour": "orange", "meaning": "on_track"},
        {"label": "Blue", "colour": "blue", "meaning": "complete"},
        {"label": "Complete & CSPI", "colour": "purple", "meaning": "complete_assured"},
        {"label": "Not rated", "colour": "grey", "meaning": "not_rated"},
    ]
    assert summary["table1"]["Totals"] == {
        "Red": 0,
        "Amber": 2,
        "Blue": 1,
        "Complete & CSPI": 1,
        "Not rated": 1,
        "Total": 5,
    }
    assert summary["table2"] == {
        "Red": 0,
        "Amber": 2,
        "Blue": 1,
        "Complete & CSPI": 1,
        "Not rated": 0,
        "Total": 4,
    }


def test_a_new_plan_and_its_next_year_start_with_the_key_they_should():
    plan = trust_plan()
    assert stored_key(PlanFactory()) == [
        ("off_track", "Red", "red", 1),
        ("at_risk", "Amber", "orange", 2),
        ("on_track", "Green", "green", 3),
        ("complete", "Completed", "blue", 4),
    ]
    new = plan_start_next_year(
        plan=plan,
        title="Next",
        period_start=dt.date(2021, 4, 1),
        period_end=dt.date(2022, 3, 31),
        reporting_date=dt.date(2022, 3, 31),
        by=UserFactory(),
    )
    assert stored_key(new) == stored_key(plan)


# The service.


def trust_entries(**changes):
    entries = {entry.status: entry for entry in TRUST_KEY.entries}
    for meaning, entry in changes.items():
        if entry is None:
            entries.pop(Status(meaning))
        else:
            entries[Status(meaning)] = entry
    return list(entries.values())


def test_setting_the_key_stores_it_in_order_audited_with_before_and_after():
    plan = PlanFactory()
    plan_key_set(plan=plan, entries=list(TRUST_KEY.entries), by=None)
    assert stored_key(plan) == [
        ("off_track", "Red", "red", 1),
        ("on_track", "Amber", "orange", 2),
        ("complete", "Blue", "blue", 3),
        ("complete_assured", "Complete & CSPI", "purple", 4),
    ]
    event = AuditEvent.objects.get(plan_id=plan.pk, summary__startswith="Changed the status key")
    assert [row["label"] for row in event.before["key"]] == ["Red", "Amber", "Green", "Completed"]
    assert event.after["key"][1] == {
        "meaning": "on_track",
        "label": "Amber",
        "colour": "orange",
        "description": "On Track.",
    }


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            trust_entries(complete=KeyEntry(Status.COMPLETE, "amber", "blue")),
            "The label amber is already used for on track",
        ),
        (
            trust_entries(complete=KeyEntry(Status.COMPLETE, "Blue", "navy")),
            "Select a colour for Blue",
        ),
        ([], "Select at least one status the plan uses"),
        (
            trust_entries(complete=KeyEntry(Status.COMPLETE, "NOT RATED", "blue")),
            "The label NOT RATED is already used for not rated",
        ),
    ],
)
def test_a_key_that_breaks_a_rule_is_refused_and_nothing_changes(entries, message):
    plan = PlanFactory()
    before = stored_key(plan)
    with pytest.raises(EditRefused, match=message):
        plan_key_set(plan=plan, entries=entries, by=None)
    assert stored_key(plan) == before


def test_dropping_a_status_a_live_action_has_is_refused_naming_the_actions():
    plan = trust_plan()
    with pytest.raises(EditRefused) as refused:
        plan_key_set(plan=plan, entries=trust_entries(on_track=None), by=None)
    assert refused.value.message == (
        "Amber is the latest status of Safety 1, Safety 3: "
        "give those actions another status before the key drops it"
    )
    assert [row[1] for row in stored_key(plan)] == ["Red", "Amber", "Blue", "Complete & CSPI"]


def test_a_status_only_archived_actions_have_may_be_dropped():
    plan = trust_plan()
    action = plan.domains.get().actions.get(number=5)
    action_archive(action=action, by=None, expected_version=action.version)
    plan_key_set(plan=plan, entries=trust_entries(complete_assured=None), by=None)
    assert [row[0] for row in stored_key(plan)] == ["off_track", "on_track", "complete"]


def test_an_archived_plans_key_is_not_changed():
    plan = PlanFactory()
    plan_archive(plan=plan, by=None)
    with pytest.raises(EditRefused, match="is archived"):
        plan_key_set(plan=plan, entries=list(TRUST_KEY.entries), by=None)


# The page.


def key_post(key, **changes):
    """The form as posted for `key`, with `changes` (field name: value; None unticks)."""
    data = {}
    for status in Status:
        entry = key.entry(status)
        used = key.uses(status)
        if used and status is not Status.NOT_RATED:
            data[f"{status.value}_used"] = "on"
        data[f"{status.value}_label"] = entry.label if used else ""
        data[f"{status.value}_colour"] = entry.colour
        data[f"{status.value}_description"] = entry.description if used else ""
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def key_url(plan):
    return reverse("plans:status_key", args=[plan.slug])


def test_the_plan_manager_sets_the_key_on_its_page(manager_of):
    plan = PlanFactory()
    client = manager_of(plan)
    manage = client.get(reverse("plans:manage", args=[plan.slug])).content.decode()
    assert f'href="{key_url(plan)}"' in manage
    page = client.get(key_url(plan)).content.decode()
    assert 'value="Amber"' in page
    response = client.post(key_url(plan), key_post(TRUST_KEY))
    assert response.status_code == 302
    assert [row[1:3] for row in stored_key(plan)] == [
        ("Red", "red"),
        ("Amber", "orange"),
        ("Blue", "blue"),
        ("Complete & CSPI", "purple"),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"complete_label": "AMBER"}, "complete_label", "The label AMBER is already used for"),
        (
            {"at_risk_label": "Yellow"},
            "at_risk_label",
            "Clear the label for at risk, or select that this plan uses it",
        ),
        ({"complete_label": ""}, "complete_label", "Enter a label for complete"),
        (
            {"on_track_used": None, "on_track_label": ""},
            "on_track_used",
            "Amber is the latest status of Safety 1, Safety 3",
        ),
        ({"off_track_colour": "navy"}, "off_track_colour", "Select a colour for off track"),
    ],
)
def test_each_refusal_is_shown_beside_its_field_and_in_the_summary(
    manager_of, changes, field, message
):
    plan = trust_plan()
    before = stored_key(plan)
    client = manager_of(plan)
    response = client.post(key_url(plan), key_post(TRUST_KEY, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary' in html
    assert f'href="#id_{field}"' in html
    assert message in html.replace("&amp;", "&")
    assert stored_key(plan) == before


def test_another_plans_manager_may_not_change_this_plans_key(manager_of):
    plan = trust_plan()
    other = PlanFactory(organisation=plan.organisation)
    client = manager_of(other)
    before = stored_key(plan)
    for response in (client.get(key_url(plan)), client.post(key_url(plan), key_post(EXAMPLE_KEY))):
        assert response.status_code in (403, 404)
    assert stored_key(plan) == before


def test_my_actions_shows_each_plans_own_labels(client):
    plan = trust_plan()
    member = MembershipFactory(organisation=plan.organisation)
    lead = Lead.objects.create(organisation=plan.organisation, name="Medical Director", key="md")
    lead.people.add(member.user)
    for action in plan.domains.get().actions.filter(number__in=[1, 2]):
        action.leads.add(lead)
    client.force_login(member.user)
    html = client.get(reverse("plans:my_actions")).content.decode()
    assert "govuk-tag--orange" in html and "Amber" in html
    assert "govuk-tag--blue" in html and "Blue" in html
    assert not shows_label("Green", html) and not shows_label("Completed", html)


def test_an_imported_plans_key_names_every_status_its_actions_have():
    document = PlanDocument(
        title="Imported",
        organisation="Trust",
        domains=[
            DomainEntry(
                title="SAFETY",
                label="Safety",
                actions=[
                    ActionEntry("1", "First.", "", "", Status.NOT_STARTED),
                    ActionEntry("2", "Second.", "", "", Status.ON_TRACK),
                ],
            )
        ],
        source_name="imported.csv",
    )
    OrganisationFactory(name="Trust")
    plan = plan_import(document=document)
    assert stored_key(plan) == [
        ("off_track", "Red", "red", 1),
        ("at_risk", "Amber", "orange", 2),
        ("on_track", "Green", "green", 3),
        ("complete", "Completed", "blue", 4),
        ("not_started", "Not started", "grey", 5),
    ]
