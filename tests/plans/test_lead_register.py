"""The register of leads: add a lead, and merge two spellings of the same one."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from improvement_tracker.accounts.models import Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans import lead_merging
from improvement_tracker.plans.models import Action, Lead
from tests.factories import ActionFactory, LeadFactory, MembershipFactory, PlanRoleFactory
from tests.plans.conftest import client_for
from tests.plans.pages import assert_form_errors

pytestmark = pytest.mark.django_db

CEX = ["CEx of TfC", "CEx TfC", "CEx, TfC"]


def lead(plan, name):
    return Lead.objects.get(organisation=plan.organisation, name=name)


def actions_of(lead):
    return set(lead.actions.values_list("pk", flat=True))


def test_merging_the_three_cex_spellings_leaves_one_lead_with_all_their_actions(
    example_plan, admin_of
):
    plan = example_plan
    client = admin_of(plan)
    kept, spellings = lead(plan, "CEx of TfC"), [lead(plan, name) for name in CEX[1:]]
    expected = actions_of(kept) | actions_of(spellings[0]) | actions_of(spellings[1])
    assert all(actions_of(s) for s in spellings)  # each spelling leads some action
    moved = actions_of(spellings[0]) | actions_of(spellings[1])
    only_kept = actions_of(kept) - moved
    lead_texts = dict(Action.objects.filter(pk__in=expected).values_list("pk", "lead_text"))
    contributor = PlanRoleFactory(plan=plan, role=Role.LEAD_CONTRIBUTOR).user
    MembershipFactory(user=contributor, organisation=plan.organisation)
    spellings[0].people.add(contributor)
    url = reverse("plans:leads_merge", args=[plan.slug])
    assert "CEx TfC (" in client.get(url).content.decode()

    for spelling in spellings:
        response = client.post(url, {"keep": str(kept.pk), "merge": str(spelling.pk)})
        assert response.status_code == 302

    assert actions_of(kept) == expected
    for spelling in spellings:
        spelling.refresh_from_db()
        assert (spelling.merged_into, actions_of(spelling)) == (kept, set())
    assert list(kept.people.all()) == [contributor]
    # The plan's own words are untouched.
    assert dict(Action.objects.filter(pk__in=expected).values_list("pk", "lead_text")) == (
        lead_texts
    )
    # Actions whose leads changed have a new version; one linked to both has one link.
    versions = dict(Action.objects.filter(pk__in=expected).values_list("pk", "version"))
    assert only_kept and all(versions[pk] == 1 for pk in only_kept)
    assert all(versions[pk] > 1 for pk in moved)
    assert AuditEvent.objects.filter(verb=Verb.CHANGE, object_type="plans.lead").count() == 2

    manager = PlanRoleFactory(plan=plan, role=Role.MANAGER).user
    register = client_for(manager).get(reverse("plans:leads", args=[plan.slug])).content.decode()
    assert 'Also written: "CEx TfC", "CEx, TfC"' in register
    assert ">CEx TfC<" not in register
    # The person who acted for "CEx TfC" may now update every action of the merged lead.
    action = Action.objects.filter(pk__in=expected).select_related("domain").first()
    update = reverse("plans:action_update", args=[plan.slug, action.domain.position, action.number])
    assert client_for(contributor).get(update).status_code == 200


def test_an_import_meeting_a_merged_spelling_links_the_lead_kept(example_plan, example_path):
    plan = example_plan
    kept = lead(plan, "CEx of TfC")
    for name in CEX[1:]:
        lead_merging.leads_merge(keep=kept, merge=lead(plan, name), by=None)
    leads_before = Lead.objects.count()

    call_command("import_plan", str(example_path), "--replace", stdout=StringIO())

    assert Lead.objects.count() == leads_before
    new_actions = Action.objects.filter(domain__plan__archived_at__isnull=True)
    assert not new_actions.filter(leads__merged_into__isnull=False).exists()
    assert new_actions.filter(leads=kept, lead_text__contains="CEx TfC").exists()


def test_adding_a_lead_puts_it_in_the_register(example_plan, manager_of):
    client = manager_of(example_plan)
    url = reverse("plans:leads", args=[example_plan.slug])
    response = client.post(url, {"name": "  Head of   Virtual School "})
    assert response.status_code == 302
    added = lead(example_plan, "Head of Virtual School")
    assert added.key == "head of virtual school"
    assert "Head of Virtual School" in client.get(url).content.decode()
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="plans.lead")
    assert event.after == {
        "name": "Head of Virtual School",
        "organisation": "Together for Children",
    }
    # In the history of the plan it was added from, whoever added it (a partner, say).
    assert event.plan_id == example_plan.pk


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the lead's role or agency"),
        ("x" * 20_000, "The lead's role or agency must be 300 characters or fewer"),
        ("cex of tfc", "CEx of TfC is already in the register"),
    ],
)
def test_lead_form_errors_are_summarised_beside_the_field(example_plan, manager_of, name, message):
    count = Lead.objects.count()
    response = manager_of(example_plan).post(
        reverse("plans:leads", args=[example_plan.slug]), {"name": name}
    )
    assert_form_errors(response, {"id_name": message})
    assert Lead.objects.count() == count


def test_adding_a_merged_spelling_says_which_lead_it_is(example_plan, manager_of):
    lead_merging.leads_merge(
        keep=lead(example_plan, "CEx of TfC"), merge=lead(example_plan, "CEx TfC"), by=None
    )
    response = manager_of(example_plan).post(
        reverse("plans:leads", args=[example_plan.slug]), {"name": "CEx  TfC"}
    )
    assert_form_errors(response, {"id_name": "CEx TfC is already in the register as CEx of TfC"})


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"keep": "", "merge": ""},
            {"id_keep": "Select the lead to keep", "id_merge": "Select the lead to merge into it"},
        ),
        ({"keep": "same", "merge": "same"}, {"id_merge": "Select two different leads"}),
        (
            {"keep": "kept", "merge": "elsewhere"},
            {"id_merge": "Select the lead to merge from the list"},
        ),
        (
            {"keep": "kept", "merge": "x" * 20_000},
            {"id_merge": "Select the lead to merge from the list"},
        ),
    ],
)
def test_merge_form_errors_are_summarised_and_nothing_merges(example_plan, admin_of, data, errors):
    kept = lead(example_plan, "CEx of TfC")
    values = {"same": str(kept.pk), "kept": str(kept.pk), "elsewhere": str(LeadFactory().pk)}
    posted = {field: values.get(value, value) for field, value in data.items()}
    before = sorted(Action.leads.through.objects.values_list("action_id", "lead_id"))

    response = admin_of(example_plan).post(
        reverse("plans:leads_merge", args=[example_plan.slug]), posted
    )

    assert_form_errors(response, errors)
    assert sorted(Action.leads.through.objects.values_list("action_id", "lead_id")) == before
    assert not Lead.objects.filter(merged_into__isnull=False).exists()


def test_merging_is_all_or_nothing(example_plan, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(lead_merging, "audit_record", fail)
    kept, merged = lead(example_plan, "CEx of TfC"), lead(example_plan, "CEx TfC")
    before = sorted(Action.leads.through.objects.values_list("action_id", "lead_id"))
    versions = sorted(Action.objects.values_list("pk", "version"))
    with pytest.raises(RuntimeError):
        lead_merging.leads_merge(keep=kept, merge=merged, by=None)
    assert sorted(Action.leads.through.objects.values_list("action_id", "lead_id")) == before
    assert sorted(Action.objects.values_list("pk", "version")) == versions
    merged.refresh_from_db()
    assert merged.merged_into is None


def test_only_plan_managers_manage_leads(example_plan, member_of):
    client = member_of(example_plan)
    for name in ("plans:leads", "plans:leads_merge"):
        url = reverse(name, args=[example_plan.slug])
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Someone"}).status_code == 403
    assert not Lead.objects.filter(name="Someone").exists()


def test_an_action_led_by_both_spellings_keeps_one_link():
    kept = LeadFactory(name="CEx of TfC")
    merged = LeadFactory(organisation=kept.organisation, name="CEx TfC")
    action = ActionFactory(domain__plan__organisation=kept.organisation)
    action.leads.set([kept, merged])
    lead_merging.leads_merge(keep=kept, merge=merged, by=None)
    assert list(action.leads.all()) == [kept]
    action.refresh_from_db()
    assert action.version == 2
