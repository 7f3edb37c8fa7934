"""Finding things on the tracker: filters live in the address; filtered tables say so."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from improvement_tracker.plans.models import Action, Activity, ExtraField, ExtraValue
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.services.activities import activity_add
from tests.factories import ActionFactory, DomainFactory, LeadFactory, record_update
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db

AS_OF = "as_of=2020-11-30"


@pytest.fixture
def plan():
    help_ = DomainFactory(position=1, label="Help and Protection")
    plan = help_.plan
    leadership = DomainFactory(plan=plan, position=2, label="Leadership")
    cex = LeadFactory(organisation=plan.organisation, name="CEx of TfC")
    rows = [
        (help_, 1, Status.OFF_TRACK, True, "01/04/2021", "Delayed by Covid."),
        (help_, 2, Status.ON_TRACK, False, "01/04/2021", "On track; see action 3."),
        (help_, 3, Status.AT_RISK, False, "01/04/2021", "Slipping."),
        (leadership, 1, Status.OFF_TRACK, False, "01/04/2021", "Late."),
        (leadership, 2, Status.COMPLETE, True, "01/04/2021", "Complete."),
        (leadership, 3, Status.ON_TRACK, True, "01/06/2020", "Said to be on track."),  # flagged
    ]
    for domain, number, status, priority, timescale, progress in rows:
        action = ActionFactory(
            domain=domain,
            number=number,
            status=status,
            high_priority=priority,
            timescale_text=timescale,
            progress=progress,
        )
        if number == 1:
            action.leads.add(cex)
    # "see action 3" resolved as the importer and update service do.
    second = Action.objects.get(domain=help_, number=2)
    record_update(
        second,
        made_on=dt.date(2020, 11, 1),
        status=Status.ON_TRACK,
        progress="On track; see action 3.",
    )
    return plan


def rows(html):
    return re.findall(r'<tr class="govuk-table__row" id="action-(\d+-\d+)"', html)


def table1(html):
    table = html.split('id="table1"')[1].split("</table>")[0]
    caption = re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)[1]
    heads = re.findall(r'header--numeric">([^<]+)</th>', table)
    return caption, heads, table


def page(client, plan, query):
    response = client.get(f"{plan.get_absolute_url()}?{AS_OF}&{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_whole_tracker_is_not_filtered(plan, signed_in_client):
    html = page(signed_in_client, plan, "")
    assert len(rows(html)) == 6
    assert "filtered" not in table1(html)[0]
    assert 'id="filter-summary"' not in html


def test_filtering_by_status_counts_only_those_and_says_so(plan, signed_in_client):
    html = page(signed_in_client, plan, "status=off_track")
    assert rows(html) == ["1-1", "2-1"]
    caption, heads, table = table1(html)
    assert caption == "Current status of the actions shown, by domain (filtered: status Red)"
    assert heads == ["Help and Protection", "Leadership", "Totals"]
    red = re.search(r'data-status="Red">.*?</tr>', table, re.S)[0]
    assert re.findall(r'numeric">(\d+)<', red) == ["1", "1", "2"]
    assert "High-priority actions by status (filtered: status Red)" in html
    assert "Showing 2 of 6 actions, filtered by status Red." in html
    assert '<option value="off_track" selected>' in html  # the form shows the filter in use


@pytest.mark.parametrize(
    ("query", "shown", "description"),
    [
        ("domain=2", ["2-1", "2-2", "2-3"], "domain Leadership"),
        ("lead={cex}", ["1-1", "2-1"], "lead CEx of TfC"),
        ("priority=on", ["1-1", "2-2", "2-3"], "high priority only"),
        ("flagged=on", ["2-3"], "flagged only"),
        ("q=COVID", ["1-1"], "text containing “COVID”"),
        ("q=tfc", ["1-1", "2-1"], "text containing “tfc”"),  # the lead text is searched too
        (
            "status=on_track&domain=1&priority=",
            ["1-2"],
            "domain Help and Protection; status Green",
        ),
    ],
)
def test_each_filter_and_a_combination(plan, signed_in_client, query, shown, description):
    Action.objects.filter(domain__plan=plan, number=1).update(lead_text="CEx of TfC")
    cex = plan.organisation.leads.get(name="CEx of TfC")
    html = page(signed_in_client, plan, query.format(cex=cex.pk))
    assert rows(html) == shown
    assert f"(filtered: {description})" in html.replace("&amp;", "&")


def test_a_domain_filter_leaves_only_that_domain_in_table1(plan, signed_in_client):
    _, heads, _ = table1(page(signed_in_client, plan, "domain=2"))
    assert heads == ["Leadership", "Totals"]
    assert (
        "Help and Protection"
        not in page(signed_in_client, plan, "domain=2").split('id="table2"')[1]
    )


def test_the_filter_stays_when_the_date_changes(plan, signed_in_client):
    html = page(signed_in_client, plan, "status=off_track&q=late")
    assert '<input type="hidden" name="status" value="off_track">' in html  # in the as-at form
    assert "?as_of=" in html and "&amp;status=off_track&amp;q=late" in html  # in the date links
    assert '<input type="hidden" name="as_of" value="2020-11-30"' in html  # in the filter form


def test_a_reference_to_an_action_filtered_out_links_to_its_page(plan, signed_in_client):
    html = page(signed_in_client, plan, "status=on_track&domain=1")
    third = f"/plans/{plan.slug}/actions/1/3/"
    assert f'see <a class="govuk-link" href="{third}">action 3</a>.' in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("status=purple&domain=1", "filter_status", "Select a status from the list"),
        ("domain=9", "filter_domain", "Select a domain from the list"),
        ("lead=abc", "filter_lead", "Select a lead from the list"),
        (f"q={'x' * 20_000}", "filter_q", "Search text must be 200 characters or fewer"),
    ],
)
def test_a_filter_that_cannot_be_used_is_an_error_and_not_applied(
    plan, signed_in_client, query, field, message
):
    response = signed_in_client.get(f"{plan.get_absolute_url()}?{AS_OF}&{query}")
    html = assert_form_errors(response, {field: message})
    expected = (
        ["1-1", "1-2", "1-3"] if "domain=1" in query else rows(page(signed_in_client, plan, ""))
    )
    assert rows(html) == expected


@pytest.mark.parametrize(
    "query",
    [
        "status=off_track&lead={lead}&q=late&flagged=on&domain=2",
        "status=on_track&domain=1",  # shows a link to an action filtered out
    ],
)
def test_filtering_adds_no_query(plan, signed_in_client, query):
    url = plan.get_absolute_url()
    signed_in_client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as whole:
        signed_in_client.get(f"{url}?{AS_OF}")
    lead = plan.organisation.leads.get().pk
    with CaptureQueriesContext(connection) as filtered:
        signed_in_client.get(f"{url}?{AS_OF}&{query.format(lead=lead)}")
    assert len(filtered) == len(whole)


def test_each_action_has_its_own_leads_by_name_in_queries_that_do_not_grow():
    def tracked(size):
        domain = DomainFactory()
        names = ["Zoe Head of Service", "Amy Director", "Mo Partner Agency"]
        leads = [LeadFactory(organisation=domain.plan.organisation, name=n) for n in names]
        for number in range(1, size + 1):
            ActionFactory(domain=domain, number=number).leads.add(*leads[: number % 3 + 1])
        with CaptureQueriesContext(connection) as queries:
            tracker = plan_tracker(plan=domain.plan, as_of=dt.date(2020, 11, 30))
        return tracker, len(queries)

    _, small_queries = tracked(2)
    tracker, queries = tracked(12)
    assert queries == small_queries
    for action in tracker.actions:
        assert action.leads == list(action.action.leads.order_by("name"))
    assert [lead.name for lead in tracker.leads] == sorted(
        ["Zoe Head of Service", "Amy Director", "Mo Partner Agency"]
    )


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("q=ofsted", ["1-2"]),  # only in an extra field's value
        ("q=draft+the+LETTER", ["2-1"]),  # only in an activity's words
        ("q=partnership+manager", ["2-1"]),  # only in an activity's lead
        ("q=shredded", []),  # only in an archived activity: not shown, so not found
    ],
)
def test_the_text_filter_finds_words_in_extra_values_and_activities(
    plan, signed_in_client, query, shown
):
    help_, leadership = plan.domains.order_by("position")
    field = ExtraField.objects.create(plan=plan, position=1, name="Success measures")
    ExtraValue.objects.create(
        action=help_.actions.get(number="2"), field=field, text="Ofsted rates us good"
    )
    action = leadership.actions.get(number="1")
    activity_add(
        action=action,
        number="1.1",
        text="Draft the letter to schools.",
        lead_text="Partnership Manager",
        timescale_text="",
        status=Status.ON_TRACK,
        by=None,
    )
    archived = activity_add(
        action=action,
        number="1.2",
        text="Shredded the old forms.",
        lead_text="",
        timescale_text="",
        status=Status.ON_TRACK,
        by=None,
    )
    Activity.objects.filter(pk=archived.pk).update(archived_at=timezone.now())
    html = page(signed_in_client, plan, query)
    assert rows(html) == shown
