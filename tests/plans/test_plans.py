"""Creating a plan, and starting the next plan year from one: carried forward, nothing lost."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import (
    Action,
    ActionUpdate,
    Domain,
    ExtraField,
    ExtraValue,
    Plan,
    RagKeyEntry,
)
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.plans import plan_summary
from improvement_tracker.plans.services import archiving as archiving_services
from improvement_tracker.plans.services import next_year as next_year_services
from tests.factories import (
    ActionFactory,
    DomainFactory,
    MembershipFactory,
    PlanRoleFactory,
    UserFactory,
    record_update,
)
from tests.form_data import date_fields
from tests.plans.conftest import client_for
from tests.plans.pages import assert_form_errors

D = dt.date


def plan_data(**changes):
    data = {
        "title": "Learning and Improvement Plan 2021 – 2022",
        **date_fields("period_start", 1, 4, 2021),
        **date_fields("period_end", 31, 3, 2022),
        **date_fields("reporting_date", 31, 10, 2021),
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Learning and Improvement Plan 2020 – 2021", "Learning and Improvement Plan 2021 – 2022"),
        ("Improvement plan 2020-21", "Improvement plan 2021-22"),
        ("Plan for 2099/00", "Plan for 2100/01"),
        ("Improvement plan", "Improvement plan"),
    ],
)
def test_the_next_plan_years_title_moves_its_years_on(title, expected):
    assert next_year_services.next_year_title(title) == expected


@pytest.mark.django_db
def test_a_member_creates_a_plan_for_their_organisation_and_manages_it():
    member = MembershipFactory(organisation__name="Together for Children")
    client = client_for(member.user)
    listing = client.get(reverse("plans:plan_list")).content.decode()
    assert reverse("plans:plan_create") in listing
    page = client.get(reverse("plans:plan_create")).content.decode()
    assert "The plan will belong to Together for Children" in page
    assert 'name="organisation"' not in page

    response = client.post(reverse("plans:plan_create"), plan_data())

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:manage", args=[plan.slug])
    assert (plan.organisation, plan.slug) == (
        member.organisation,
        "learning-and-improvement-plan-2021-2022",
    )
    assert (plan.period_start, plan.period_end, plan.reporting_date) == (
        D(2021, 4, 1),
        D(2022, 3, 31),
        D(2021, 10, 31),
    )
    assert plan.reporting_period == "October 2021"
    assert RagKeyEntry.objects.filter(plan=plan).count() == 4
    assert PlanRole.objects.get(plan=plan).user == member.user
    assert PlanRole.objects.get(plan=plan).role == Role.MANAGER
    tracker = client.get(plan.get_absolute_url()).content.decode()
    assert "Plan period: 1 April 2021 to 31 March 2022" in tracker
    assert "Change domains and actions" in tracker
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="plans.plan")
    assert event.after["organisation"] == "Together for Children"
    # The same title again gets a slug of its own.
    client.post(reverse("plans:plan_create"), plan_data())
    assert Plan.objects.filter(slug="learning-and-improvement-plan-2021-2022-2").exists()


@pytest.mark.django_db
def test_a_service_administrator_chooses_the_organisation(signed_in_client):
    organisation = MembershipFactory().organisation
    url = reverse("plans:plan_create")
    response = signed_in_client.post(url, plan_data())
    assert_form_errors(response, {"id_organisation": "Select the organisation the plan belongs to"})
    signed_in_client.post(url, plan_data(organisation=str(organisation.pk)))
    assert Plan.objects.get().organisation == organisation


@pytest.mark.django_db
def test_someone_with_no_organisation_cannot_create_a_plan():
    client = client_for(UserFactory())
    assert client.get(reverse("plans:plan_create")).status_code == 403
    assert client.post(reverse("plans:plan_create"), plan_data()).status_code == 403
    assert "Create a plan" not in client.get(reverse("plans:plan_list")).content.decode()
    assert not Plan.objects.exists()


PLAN_FORM_ERRORS = [
    (
        {
            "title": "",
            **{
                f"{field}_{part}": ""
                for field in ("period_start", "period_end", "reporting_date")
                for part in range(3)
            },
        },
        {
            "id_title": "Enter the plan's title",
            "id_period_start": "Enter the start of the plan period",
            "id_period_end": "Enter the end of the plan period",
            "id_reporting_date": "Enter the reporting date",
        },
    ),
    ({"title": "x" * 20_000}, {"id_title": "The plan's title must be 300 characters or fewer"}),
    (
        {"period_start_1": "April", "reporting_date_2": "21"},
        {
            "id_period_start": "The start of the plan period must be a real date",
            "id_reporting_date": "The reporting date must include a year with 4 numbers",
        },
    ),
    (
        date_fields("period_end", 31, 2, 2022),
        {"id_period_end": "The end of the plan period must be a real date"},
    ),
    (
        date_fields("period_end", 1, 4, 2021),
        {"id_period_end": "The end of the plan period must be after its start"},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "errors"), PLAN_FORM_ERRORS)
def test_plan_form_errors_are_summarised_beside_fields_and_nothing_saved(changes, errors):
    member = MembershipFactory()
    response = client_for(member.user).post(reverse("plans:plan_create"), plan_data(**changes))
    html = assert_form_errors(response, errors)
    if changes.get("title") is None:
        assert 'value="Learning and Improvement Plan 2021 – 2022"' in html  # values kept
    assert not Plan.objects.exists()


def complete(action):
    record_update(action, made_on=D(2020, 11, 30), status=Status.COMPLETE, progress="Complete.")


def example_action(plan, position, number):
    return Action.objects.get(domain__plan=plan, domain__position=position, number=number)


@pytest.mark.django_db
def test_the_next_plan_year_carries_forward_what_is_not_completed(example_plan, manager_of):
    old = example_plan
    client = manager_of(old)
    viewer = PlanRoleFactory(plan=old, role=Role.VIEWER).user
    complete(example_action(old, 1, 1))
    complete(example_action(old, 3, 16))
    fourteen = example_action(old, 1, 14)
    url = reverse("plans:plan_next_year", args=[old.slug])
    page = client.get(url).content.decode()
    assert 'value="Learning and Improvement Plan 2021 – 2022"' in page
    assert "56 of 58 actions are not Completed today" in page
    before = plan_summary(plan=old, as_of=D(2020, 12, 31))

    response = client.post(url, plan_data())

    new = Plan.objects.get(title="Learning and Improvement Plan 2021 – 2022")
    assert response.status_code == 302
    assert response.url == new.get_absolute_url()
    assert [(d.position, d.label) for d in Domain.objects.filter(plan=new)] == [
        (d.position, d.label) for d in Domain.objects.filter(plan=old)
    ]
    carried = Action.objects.filter(domain__plan=new)
    assert carried.count() == 56
    assert not carried.filter(domain__position=1, number=1).exists()
    copy = carried.get(domain__position=1, number=14)
    assert copy.carried_from == fourteen
    assert (copy.text, copy.lead_text, copy.timescale_text) == (
        fourteen.text,
        fourteen.lead_text,
        fourteen.timescale_text,
    )
    assert set(copy.leads.all()) == set(fourteen.leads.all())
    first = copy.updates.get()
    original = fourteen.updates.get()
    assert (first.made_on, first.status, first.progress) == (
        original.made_on,
        original.status,
        original.progress,
    )
    assert first.source == f"Carried forward from {old.title}"
    assert list(RagKeyEntry.objects.filter(plan=new).values_list("status", "description")) == list(
        RagKeyEntry.objects.filter(plan=old).values_list("status", "description")
    )
    assert PlanRole.objects.get(plan=new, user=viewer).role == Role.VIEWER
    # The earlier plan is not changed.
    assert plan_summary(plan=old, as_of=D(2020, 12, 31)) == before
    # "See action 16 below" in the carried words links to the carried action 16.
    tracker = client.get(new.get_absolute_url()).content.decode()
    assert '<a class="govuk-link" href="#action-1-16">action 16</a> below' in tracker
    # Each carried action links back; the earlier one links forward.
    detail = client.get(reverse("plans:action_detail", args=[new.slug, 1, 14])).content.decode()
    assert "Carried forward from" in detail
    assert reverse("plans:action_detail", args=[old.slug, 1, 14]) in detail
    earlier = client.get(reverse("plans:action_detail", args=[old.slug, 1, 14])).content.decode()
    assert reverse("plans:action_detail", args=[new.slug, 1, 14]) in earlier
    event = AuditEvent.objects.get(
        verb=Verb.CREATE, object_type=new._meta.label_lower, object_id=str(new.pk)
    )
    assert (event.after["actions_carried"], event.after["completed_left_behind"]) == (56, 2)


@pytest.mark.django_db
def test_the_next_plan_year_carries_the_extra_fields_and_the_carried_actions_values(manager_of):
    domain = DomainFactory(label="Leadership", position=1)
    going = ActionFactory(domain=domain, number=1, status=Status.ON_TRACK)
    done = ActionFactory(domain=domain, number=2, status=Status.COMPLETE)
    old = domain.plan
    outcome = ExtraField.objects.create(plan=old, position=1, name="Outcome")
    gone = ExtraField.objects.create(plan=old, position=2, name="Gone", archived_at=timezone.now())
    for action, field in [(going, outcome), (done, outcome), (going, gone)]:
        ExtraValue.objects.create(action=action, field=field, text=f"{field.name} {action.number}")

    client = manager_of(old)
    client.post(reverse("plans:plan_next_year", args=[old.slug]), plan_data(title="Next"))

    new = Plan.objects.get(title="Next")
    assert list(new.extra_fields.values_list("name", "position", "archived_at")) == [
        ("Outcome", 1, None)
    ]
    assert list(
        ExtraValue.objects.filter(action__domain__plan=new).values_list(
            "action__number", "field__name", "text"
        )
    ) == [("1", "Outcome", "Outcome 1")]
    # The earlier plan keeps its own.
    assert ExtraValue.objects.filter(action__domain__plan=old).count() == 3


@pytest.mark.django_db
def test_words_about_an_action_left_behind_link_to_it_in_the_earlier_plan(manager_of):
    domain = DomainFactory(label="Leadership", position=1)
    waiting = ActionFactory(domain=domain, number=1, status=Status.ON_TRACK, progress="x")
    ActionFactory(domain=domain, number=2, status=Status.COMPLETE, progress="Done.")
    record_update(
        waiting, made_on=D(2020, 11, 1), status=Status.ON_TRACK, progress="Follows action 2."
    )
    old = domain.plan
    client = manager_of(old)
    client.post(reverse("plans:plan_next_year", args=[old.slug]), plan_data(title="Next"))
    new = Plan.objects.get(title="Next")
    html = client.get(new.get_absolute_url()).content.decode()
    link = reverse("plans:action_detail", args=[old.slug, 1, 2])
    assert (
        f'<a class="govuk-link" href="{link}">action 2</a> ({old.title}: Leadership, action 2)'
        in html
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "errors"), PLAN_FORM_ERRORS)
def test_next_year_form_errors_are_summarised_and_nothing_is_started(
    example_plan, manager_of, changes, errors
):
    url = reverse("plans:plan_next_year", args=[example_plan.slug])
    assert_form_errors(manager_of(example_plan).post(url, plan_data(**changes)), errors)
    assert Plan.objects.count() == 1


@pytest.mark.django_db
def test_starting_the_next_year_is_all_or_nothing(example_plan, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(next_year_services, "audit_record", fail)
    counts = (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count())
    with pytest.raises(RuntimeError):
        next_year_services.plan_start_next_year(
            plan=example_plan,
            title="Next",
            period_start=D(2021, 4, 1),
            period_end=D(2022, 3, 31),
            reporting_date=D(2021, 10, 31),
            by=UserFactory(),
        )
    assert (Plan.objects.count(), Action.objects.count(), ActionUpdate.objects.count()) == counts
    assert not PlanRole.objects.exists()


@pytest.mark.django_db
def test_an_archived_plan_does_not_start_a_next_year_or_change(example_plan, manager_of):
    client = manager_of(example_plan)
    archiving_services.plan_archive(plan=example_plan, by=None)
    response = client.post(reverse("plans:plan_next_year", args=[example_plan.slug]), plan_data())
    assert response.status_code == 403
    assert Plan.objects.count() == 1
