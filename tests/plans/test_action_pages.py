"""The action page, its update form and what happens when two people save at once."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.plans.models import ActionUpdate
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory
from tests.form_data import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    domain = DomainFactory(position=1, label="Help and Protection")
    return ActionFactory(
        domain=domain,
        number=7,
        status=Status.ON_TRACK,
        progress="On track.",
        timescale_text="Quarterly from 01/12/2019",
    )


def urls(action):
    args = [action.domain.plan.slug, action.domain.position, action.number]
    return reverse("plans:action_detail", args=args), reverse("plans:action_update", args=args)


def valid_post(action, **changes):
    today = timezone.localdate()
    data = {
        **date_fields("made_on", today.day, today.month, today.year),
        "period": "November 2026",
        "status": "complete",
        "progress": "Complete. Signed off by the board.",
        "evidence": "Audit shows improvement.",
        "reason": "Work finished.",
        "version": str(action.version),
    }
    data.update(changes)
    return data


def test_action_page_shows_history_and_reading(signed_in_client, action):
    detail, _ = urls(action)
    html = signed_in_client.get(detail).content.decode()
    assert "Quarterly, from 1 December 2019" in html
    assert "On track." in html
    assert "Review overdue since" in html  # nothing since 31 October 2020


def test_on_postgresql_the_queries_each_request_repeats_are_prepared(signed_in_client, action):
    """PostgreSQL plans the session, plan and action reads once per connection, not once per
    request (ADR 0021). SQLite has no prepared statements to look at: there the page answers."""
    detail, _ = urls(action)
    for _ in range(6):
        assert signed_in_client.get(detail).status_code == 200
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    for table in ("django_session", "plans_plan", "plans_action"):
        assert any(f'FROM "{table}"' in statement for statement in prepared), table


def test_update_form_shows_the_key_wording_and_last_update(signed_in_client, action):
    _, update = urls(action)
    html = signed_in_client.get(update).content.decode()
    assert "Agreed date passed - action not complete." in html
    assert "Action on target to be completed by the agreed date." in html
    assert "On track." in html  # the last update, for reference
    assert "31 October 2020, by Unknown:" in html  # when, and who (no author: its source)
    assert f'name="version" value="{action.version}"' in html


def test_recording_an_update_adds_history_and_changes_table1(signed_in_client, action):
    detail, update = urls(action)
    response = signed_in_client.post(update, valid_post(action))
    assert response.status_code == 302
    assert response.url == detail
    latest = ActionUpdate.objects.filter(action=action).order_by("-id").first()
    assert (latest.status, latest.progress, latest.evidence) == (
        Status.COMPLETE,
        "Complete. Signed off by the board.",
        "Audit shows improvement.",
    )
    assert latest.author.username == "board-member"
    tracker = signed_in_client.get(action.domain.plan.get_absolute_url()).content.decode()
    assert '<tr class="govuk-table__row" data-status="Completed">' in tracker


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"progress": ""}, "progress", "Enter the progress update"),
        ({"status": ""}, "status", "Select a status"),
        (
            {"progress": "x" * 20_000},
            "progress",
            "Progress update must be 10,000 characters or fewer",
        ),
        (
            {"evidence": "x" * 20_000},
            "evidence",
            "Evidence of impact must be 10,000 characters or fewer",
        ),
        (date_fields("made_on", "", "", ""), "made_on", "Enter the date of this update"),
        (
            date_fields("made_on", "12", "Oct", "2020"),
            "made_on",
            "The date of this update must be a real date",
        ),
        (
            date_fields("made_on", "31", "2", "2020"),
            "made_on",
            "The date of this update must be a real date",
        ),
        (
            date_fields("made_on", "1", "1", "2999"),
            "made_on",
            "The date of this update must be today or in the past",
        ),
    ],
)
def test_form_errors_are_summarised_and_beside_fields(
    signed_in_client, action, changes, field, message
):
    _, update = urls(action)
    before = ActionUpdate.objects.count()
    response = signed_in_client.post(update, valid_post(action, **changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(message) >= 2  # in the summary and beside the field
    assert 'class="govuk-error-summary"' in html
    assert "<title>Error: " in html
    assert "govuk-error-message" in html
    assert ActionUpdate.objects.count() == before
    if field != "progress":
        assert "Complete. Signed off by the board." in html  # values kept


def test_second_save_from_an_old_copy_is_refused_and_the_first_kept(
    client, django_user_model, action
):
    first_person = django_user_model.objects.create_user(username="first")
    second_person = django_user_model.objects.create_user(username="second")
    for person in (first_person, second_person):
        PlanRole.objects.create(plan=action.domain.plan, user=person, role=Role.MANAGER)

    one, two = Client(), Client()
    one.force_login(first_person)
    two.force_login(second_person)
    _, update = urls(action)
    # Both open the form and see the same version.
    version_seen = action.version
    assert f'name="version" value="{version_seen}"' in one.get(update).content.decode()
    assert f'name="version" value="{version_seen}"' in two.get(update).content.decode()

    saved = one.post(update, valid_post(action, progress="First person's words."))
    assert saved.status_code == 302
    refused = two.post(
        update, valid_post(action, progress="Second person's words.", status="off_track")
    )
    html = refused.content.decode()
    assert refused.status_code == 409
    assert "Someone else has updated this action" in html
    assert "First person&#x27;s words." in html  # theirs
    today = timezone.localdate()
    assert f"first, {today.day} {today:%B %Y}" in html  # who saved theirs, and when
    assert "Second person&#x27;s words." in html  # mine, kept for the choice
    latest = ActionUpdate.objects.filter(action=action).order_by("-id").first()
    assert latest.progress == "First person's words."
    assert ActionUpdate.objects.filter(action=action).count() == 2

    # Choosing "save mine on top" resubmits with the version now current.
    action.refresh_from_db()
    assert f'name="version" value="{action.version}"' in html
    again = two.post(
        update, valid_post(action, progress="Second person's words.", status="off_track")
    )
    assert again.status_code == 302
    assert ActionUpdate.objects.filter(action=action).count() == 3


def test_exceptions_page_counts_and_explains(signed_in_client, example_plan):
    url = reverse("plans:exceptions", args=[example_plan.slug])
    html = signed_in_client.get(f"{url}?as_of=2020-10-31").content.decode()
    assert "2 flags" in html
    assert "Impossible date: 1" in html
    assert "Timescale says complete: 1" in html
    assert "February 2020 has 29 days" in html


def test_tracker_as_at_form_errors_are_shown(signed_in_client, example_plan):
    url = example_plan.get_absolute_url()
    html = signed_in_client.get(url, {"as_of_0": "31", "as_of_1": "2", "as_of_2": "2020"}).content
    html = html.decode()
    assert "The as-at date must be a real date" in html
    assert 'class="govuk-error-summary"' in html
    ok = signed_in_client.get(url, {"as_of_0": "31", "as_of_1": "10", "as_of_2": "2020"})
    assert "Shown as at <strong>31 October 2020</strong>" in ok.content.decode()


def test_tracker_offers_the_reporting_date_in_one_click(signed_in_client, example_plan):
    html = signed_in_client.get(example_plan.get_absolute_url()).content.decode()
    assert "?as_of=2020-10-31" in html
    assert f"Shown as at <strong>{timezone.localdate():%-d %B %Y}</strong> (today)" in html


def test_tracker_shows_flags_beside_actions(signed_in_client, example_plan):
    html = signed_in_client.get(example_plan.get_absolute_url() + "?as_of=2020-10-31").content
    assert "<strong>Impossible date:</strong>" in html.decode()
