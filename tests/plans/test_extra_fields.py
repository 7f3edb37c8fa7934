"""A plan's extra fields (ADR 0040): plan managers add, rename, move and archive them; an
action's values under them are set with the rest of the action, audited, and shown on its
page and under it in the tracker, escaped."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import Action, ExtraField, ExtraValue
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services import extra_fields as services
from improvement_tracker.plans.services.actions import action_edit
from improvement_tracker.plans.services.rules import EditRefused, StaleAction
from tests.factories import ActionFactory, DomainFactory, PlanFactory, plan_of_actions
from tests.plans.pages import assert_form_errors, cold_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def action():
    domain = DomainFactory(position=1, label="Help and Protection")
    return ActionFactory(
        domain=domain, number=1, text="Keep children safe.", status=Status.ON_TRACK
    )


@pytest.fixture
def plan(action):
    return action.domain.plan


def names(plan):
    return list(
        ExtraField.objects.filter(plan=plan, archived_at__isnull=True)
        .order_by("position")
        .values_list("name", flat=True)
    )


def edit(action, extra, *, version=None, text=None):
    return action_edit(
        action=action,
        text=text or action.text,
        lead_text=action.lead_text,
        leads=[],
        timescale_text=action.timescale_text,
        high_priority=action.high_priority,
        expected_version=action.version if version is None else version,
        by=None,
        extra=extra,
    )


# The services ---------------------------------------------------------------------------


def test_adding_fields_puts_each_last_and_audits_it(plan):
    services.extra_field_add(plan=plan, name="Success measures", by=None)
    services.extra_field_add(plan=plan, name="  Director of\n Children's  Services ", by=None)

    assert names(plan) == ["Success measures", "Director of Children's Services"]
    event = (
        AuditEvent.objects.filter(verb=Verb.CREATE, object_type="plans.extrafield")
        .order_by("pk")
        .last()
    )
    assert event.after == {"name": "Director of Children's Services", "position": 2}
    with pytest.raises(EditRefused, match="Enter the field name"):
        services.extra_field_add(plan=plan, name=" \n ", by=None)
    assert event.plan_id == plan.pk


def test_a_name_the_plan_already_has_is_refused_whatever_its_case(plan):
    services.extra_field_add(plan=plan, name="Outcome", by=None)
    kept = services.extra_field_add(plan=plan, name="KPI target", by=None)
    services.extra_field_archive(field=kept, by=None)

    with pytest.raises(EditRefused, match="already has a field called Outcome"):
        services.extra_field_add(plan=plan, name="OUTCOME", by=None)
    with pytest.raises(EditRefused, match=r"called KPI target \(archived\)"):
        services.extra_field_add(plan=plan, name="kpi target", by=None)
    assert ExtraField.objects.filter(plan=plan).count() == 2


def test_the_database_holds_one_name_per_plan_too(plan):
    ExtraField.objects.create(plan=plan, position=1, name="Outcome")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExtraField.objects.create(plan=plan, position=2, name="Outcome")


def test_another_plan_may_use_the_same_name(plan):
    services.extra_field_add(plan=plan, name="Outcome", by=None)
    other = PlanFactory()
    services.extra_field_add(plan=other, name="Outcome", by=None)
    assert names(other) == ["Outcome"]


def test_renaming_keeps_the_values_and_audits_before_and_after(plan, action):
    field = services.extra_field_add(plan=plan, name="Outcome", by=None)
    edit(action, {field.pk: "Fewer re-referrals"})

    services.extra_field_rename(field=field, name="Outcome measure", by=None)

    assert ExtraValue.objects.get(action=action).field.name == "Outcome measure"
    event = AuditEvent.objects.filter(object_type="plans.extrafield", verb=Verb.CHANGE).get()
    assert (event.before["name"], event.after["name"]) == ("Outcome", "Outcome measure")


def test_renaming_to_another_fields_name_is_refused(plan):
    services.extra_field_add(plan=plan, name="Outcome", by=None)
    field = services.extra_field_add(plan=plan, name="Directorate", by=None)
    with pytest.raises(EditRefused, match="already has a field called Outcome"):
        services.extra_field_rename(field=field, name="outcome", by=None)
    # Its own name in another case is no clash.
    services.extra_field_rename(field=field, name="DIRECTORATE", by=None)
    assert names(plan) == ["Outcome", "DIRECTORATE"]


def test_moving_swaps_with_the_live_neighbour(plan):
    first = services.extra_field_add(plan=plan, name="Outcome", by=None)
    gone = services.extra_field_add(plan=plan, name="Gone", by=None)
    last = services.extra_field_add(plan=plan, name="Directorate", by=None)
    services.extra_field_archive(field=gone, by=None)

    services.extra_field_move(field=last, up=True, by=None)
    assert names(plan) == ["Directorate", "Outcome"]
    services.extra_field_move(field=last, up=True, by=None)  # at the top: nothing changes
    assert names(plan) == ["Directorate", "Outcome"]
    services.extra_field_move(field=first, up=True, by=None)
    assert names(plan) == ["Outcome", "Directorate"]


def test_archiving_keeps_the_field_and_its_values_off_the_pages(plan, action, client):
    field = services.extra_field_add(plan=plan, name="Outcome", by=None)
    edit(action, {field.pk: "Fewer re-referrals"})

    services.extra_field_archive(field=field, by=None)

    field.refresh_from_db()
    assert field.archived_at is not None
    assert ExtraValue.objects.filter(field=field).exists()
    assert names(plan) == []
    with pytest.raises(EditRefused, match="archived"):
        services.extra_field_rename(field=field, name="Outcome again", by=None)
    action.refresh_from_db()
    with pytest.raises(EditRefused, match="no longer one of the plan's fields"):
        edit(action, {field.pk: "Written to an archived field"})
    assert ExtraValue.objects.get(field=field).text == "Fewer re-referrals"


def test_nothing_changes_the_fields_of_an_archived_plan(plan):
    field = services.extra_field_add(plan=plan, name="Outcome", by=None)
    archiving_services.plan_archive(plan=plan, by=None)
    for change in (
        lambda: services.extra_field_add(plan=plan, name="New", by=None),
        lambda: services.extra_field_rename(field=field, name="New", by=None),
        lambda: services.extra_field_move(field=field, up=True, by=None),
        lambda: services.extra_field_archive(field=field, by=None),
    ):
        with pytest.raises(EditRefused, match="is archived and cannot be changed"):
            change()
    assert list(ExtraField.objects.values_list("name", "archived_at")) == [("Outcome", None)]


def test_values_are_set_with_the_action_and_audited_before_and_after(plan, action):
    outcome = services.extra_field_add(plan=plan, name="Outcome", by=None)
    directorate = services.extra_field_add(plan=plan, name="Directorate", by=None)
    edit(action, {outcome.pk: "Fewer re-referrals", directorate.pk: "Children's"})
    version = action.version

    edit(action, {outcome.pk: "Fewer re-referrals", directorate.pk: "  "})

    assert action.version == version + 1
    assert list(ExtraValue.objects.values_list("field__name", "text")) == [
        ("Outcome", "Fewer re-referrals")
    ]  # an empty value is no row
    event = (
        AuditEvent.objects.filter(object_type="plans.action", verb=Verb.CHANGE)
        .order_by("pk")
        .last()
    )
    assert event.before["extra"] == {"Outcome": "Fewer re-referrals", "Directorate": "Children's"}
    assert event.after["extra"] == {"Outcome": "Fewer re-referrals"}
    assert event.summary.endswith("action 1: Directorate")


def test_a_stale_version_changes_neither_the_action_nor_its_values(plan, action):
    outcome = services.extra_field_add(plan=plan, name="Outcome", by=None)
    edit(action, {outcome.pk: "First words"})
    stale = action.version - 1
    events = AuditEvent.objects.count()

    with pytest.raises(StaleAction):
        edit(action, {outcome.pk: "Second words"}, version=stale, text="Changed text")

    fresh = Action.objects.get(pk=action.pk)
    assert fresh.text == "Keep children safe."
    assert ExtraValue.objects.get(action=action).text == "First words"
    assert AuditEvent.objects.count() == events


def test_another_plans_field_is_refused_and_nothing_is_half_changed(plan, action):
    theirs = services.extra_field_add(plan=PlanFactory(), name="Their field", by=None)

    with pytest.raises(EditRefused, match="no longer one of the plan's fields"):
        edit(action, {theirs.pk: "Crafted"}, text="Changed text")

    assert Action.objects.get(pk=action.pk).text == "Keep children safe."
    assert not ExtraValue.objects.exists()


# The pages ------------------------------------------------------------------------------


def test_the_manage_page_links_to_the_fields_page(plan, manager_of):
    html = manager_of(plan).get(reverse("plans:manage", args=[plan.slug])).content.decode()
    assert reverse("plans:extra_fields", args=[plan.slug]) in html


def test_a_plan_manager_adds_renames_moves_and_archives_fields_on_their_pages(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:extra_fields", args=[plan.slug])
    assert "no extra fields in use" in client.get(url).content.decode()

    assert client.post(url, {"name": "Outcome"}).status_code == 302
    assert client.post(url, {"name": "Directorate"}).status_code == 302
    directorate = ExtraField.objects.get(name="Directorate")
    assert client.post(url, {"move_up": str(directorate.pk)}).status_code == 302
    assert names(plan) == ["Directorate", "Outcome"]

    rename = reverse("plans:extra_field_edit", args=[plan.slug, directorate.pk])
    assert 'value="Directorate"' in client.get(rename).content.decode()
    assert client.post(rename, {"name": "Service area"}).status_code == 302
    archive = reverse("plans:extra_field_archive", args=[plan.slug, directorate.pk])
    assert client.get(archive).status_code == 200
    assert client.post(archive, {"confirm": "1"}).status_code == 302

    html = client.get(url).content.decode()
    assert names(plan) == ["Outcome"]
    assert '<ul class="govuk-list govuk-list--bullet" id="archived-fields">' in html
    assert "<li>Service area</li>" in html
    assert client.get(rename).status_code == 404  # an archived field is not changed


def test_the_fields_page_words_its_errors_as_govuk_does(plan, manager_of):
    client = manager_of(plan)
    url = reverse("plans:extra_fields", args=[plan.slug])
    client.post(url, {"name": "Outcome"})

    assert_form_errors(client.post(url, {"name": ""}), {"id_name": "Enter the field name"})
    assert_form_errors(
        client.post(url, {"name": "outcome"}),
        {"id_name": "This plan already has a field called Outcome"},
    )
    assert_form_errors(
        client.post(url, {"name": "x" * 201}),
        {"id_name": "Field name must be 200 characters or fewer"},
    )
    assert names(plan) == ["Outcome"]


def test_another_plans_manager_cannot_reach_this_plans_fields(plan, manager_of):
    field = services.extra_field_add(plan=plan, name="Outcome", by=None)
    other = PlanFactory(organisation=plan.organisation)
    client = manager_of(other)
    # Through their own plan's address, this plan's field is not found…
    for name in ("plans:extra_field_edit", "plans:extra_field_archive"):
        url = reverse(name, args=[other.slug, field.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Crafted", "confirm": "1"}).status_code == 404
    move = reverse("plans:extra_fields", args=[other.slug])
    assert client.post(move, {"move_up": str(field.pk)}).status_code == 404
    # …and through this plan's, they are refused.
    url = reverse("plans:extra_field_edit", args=[plan.slug, field.pk])
    assert client.post(url, {"name": "Crafted"}).status_code == 403
    field.refresh_from_db()
    assert (field.name, field.archived_at) == ("Outcome", None)


def test_the_action_form_has_a_box_per_live_field_and_saves_them(plan, action, manager_of):
    outcome = services.extra_field_add(plan=plan, name="Outcome", by=None)
    gone = services.extra_field_add(plan=plan, name="Gone", by=None)
    services.extra_field_archive(field=gone, by=None)
    client = manager_of(plan)
    url = reverse("plans:action_edit", args=[plan.slug, 1, 1])

    html = client.get(url).content.decode()
    label = re.search(rf'<label for="id_extra_{outcome.pk}"[^>]*>\s*(.*?)\s*</label>', html)
    assert label is not None and label[1] == "Outcome (optional)"
    assert f'<textarea name="extra_{outcome.pk}"' in html
    assert f"id_extra_{gone.pk}" not in html

    response = client.post(
        url,
        {
            "text": action.text,
            "lead_text": "",
            "timescale_text": "01/04/2021",
            "version": str(action.version),
            f"extra_{outcome.pk}": "Fewer re-referrals\r\nwithin a year",
        },
    )
    assert response.status_code == 302
    assert ExtraValue.objects.get(action=action).text == "Fewer re-referrals\nwithin a year"
    assert "Fewer re-referrals" in client.get(url).content.decode()  # shown to change again


def test_an_action_added_on_its_page_gets_its_values_audited(plan, manager_of):
    outcome = services.extra_field_add(plan=plan, name="Outcome", by=None)
    client = manager_of(plan)
    url = reverse("plans:action_add", args=[plan.slug, 1])
    assert f'name="extra_{outcome.pk}"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "number": "2",
            "text": "Publish the audit.",
            "timescale_text": "2021",
            f"extra_{outcome.pk}": "Published",
        },
    )

    assert response.status_code == 302
    added = Action.objects.get(domain__plan=plan, number=2)
    assert list(added.extra_values.values_list("field__name", "text")) == [("Outcome", "Published")]
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="plans.action")
    assert event.after["extra"] == {"Outcome": "Published"}


def test_a_stale_form_shows_both_versions_of_the_values(plan, action, manager_of):
    outcome = services.extra_field_add(plan=plan, name="Outcome", by=None)
    seen = action.version
    edit(action, {outcome.pk: "Their words"})
    client = manager_of(plan)
    url = reverse("plans:action_edit", args=[plan.slug, 1, 1])

    response = client.post(
        url,
        {
            "text": action.text,
            "timescale_text": "01/04/2021",
            "version": str(seen),
            f"extra_{outcome.pk}": "My words",
        },
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Their words" in html and "My words" in html
    assert ExtraValue.objects.get(action=action).text == "Their words"


def test_the_action_page_and_tracker_show_values_in_field_order_escaped(plan, action, manager_of):
    directorate = services.extra_field_add(plan=plan, name="Directorate", by=None)
    outcome = services.extra_field_add(plan=plan, name="<i>Outcome</i>", by=None)
    services.extra_field_add(plan=plan, name="Left empty", by=None)
    edit(action, {outcome.pk: "<script>alert(1)</script>", directorate.pk: "Children's"})
    client = manager_of(plan)

    page = client.get(reverse("plans:action_detail", args=[plan.slug, 1, 1])).content.decode()
    tracker = client.get(plan.get_absolute_url()).content.decode()

    assert '<dt class="govuk-summary-list__key">Directorate</dt>' in page
    assert '<dt class="govuk-summary-list__key">&lt;i&gt;Outcome&lt;/i&gt;</dt>' in page
    assert page.index("Directorate</dt>") < page.index("Outcome&lt;/i&gt;</dt>")
    assert "Left empty" not in page  # a field without a value has no row
    for html in (page, tracker):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<strong>Directorate:</strong> Children&#x27;s" in tracker
    assert "<strong>&lt;i&gt;Outcome&lt;/i&gt;:</strong> &lt;script&gt;" in tracker
    # As at an earlier date, the tracker shows the values too (they are not dated).
    earlier = client.get(plan.get_absolute_url(), {"as_of": "2020-11-30"}).content.decode()
    assert "<strong>Directorate:</strong> Children&#x27;s" in earlier


def with_values(plan):
    """Three extra fields, each with a value on every action of the plan."""
    fields = [
        ExtraField.objects.create(plan=plan, position=n, name=f"Field {n}") for n in (1, 2, 3)
    ]
    for action in Action.objects.filter(domain__plan=plan):
        for field in fields:
            ExtraValue.objects.create(action=action, field=field, text=f"{field.name} value")
    return plan


def test_a_cold_tracker_reads_the_values_in_as_many_queries_for_12_actions_as_for_3(
    signed_in_client,
):
    small, large = with_values(plan_of_actions(3)), with_values(plan_of_actions(12))
    plain = plan_of_actions(3)
    signed_in_client.get(small.get_absolute_url())  # the session, once
    queries = cold_queries(signed_in_client, small.get_absolute_url())
    assert queries == cold_queries(signed_in_client, large.get_absolute_url())
    # The fields and their values are one query, which a plan without fields does not make.
    assert queries == cold_queries(signed_in_client, plain.get_absolute_url()) + 1
    html = signed_in_client.get(large.get_absolute_url()).content.decode()
    assert html.count("<strong>Field 3:</strong> Field 3 value") == 12
