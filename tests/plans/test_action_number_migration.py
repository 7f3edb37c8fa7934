"""Migration 0010 makes action numbers text: existing plans keep their numbers, their order,
their links and their history (ADR 0038)."""

import datetime as dt

import pytest
from django.urls import resolve

from improvement_tracker.plans.models import Action, ActionReference, ActionUpdate
from improvement_tracker.plans.numbering import natural_key
from improvement_tracker.plans.selectors import actions as actions_selectors
from tests.migrating import at_migration


@pytest.mark.django_db(transaction=True)
def test_existing_numbers_become_their_text_and_keep_order_links_and_history():
    with at_migration("plans", "0009_timescales_of_every_shape") as migrating:
        old = migrating.apps
        organisation = old.get_model("accounts", "Organisation").objects.create(
            name="Council", slug="council", email_domain=""
        )
        plan = old.get_model("plans", "Plan").objects.create(
            organisation=organisation, title="Plan", slug="plan"
        )
        domain_model = old.get_model("plans", "Domain")
        help_ = domain_model.objects.create(plan=plan, position=1, title="HELP", label="Help")
        care = domain_model.objects.create(plan=plan, position=2, title="CARE", label="Care")
        action_model = old.get_model("plans", "Action")
        made = {
            (domain.position, number): action_model.objects.create(
                domain=domain, number=number, text=f"Action {number}.", timescale_kind="blank"
            ).pk
            for domain, number in [(help_, 10), (help_, 2), (help_, 1), (care, 16), (care, 9)]
        }
        update = old.get_model("plans", "ActionUpdate").objects.create(
            action_id=made[1, 1],
            made_on=dt.date(2020, 11, 1),
            status="green",
            progress="See action 10 below.",
        )
        old.get_model("plans", "ActionReference").objects.create(
            update=update, number=10, action_id=made[1, 10]
        )

        migrating.to("plans", "0010_action_numbers_are_text")

    actions = list(Action.objects.filter(domain__plan__slug="plan"))
    assert [(a.domain.position, a.number) for a in actions] == [
        (1, "1"),
        (1, "2"),
        (1, "10"),
        (2, "9"),
        (2, "16"),
    ]
    assert all(a.pk == made[a.domain.position, int(a.number)] for a in actions)
    assert all(a.number_order == natural_key(a.number) for a in actions)

    match = resolve("/plans/plan/actions/1/10/")
    assert match.kwargs == {"slug": "plan", "position": 1, "number": "10"}
    plan = actions[0].domain.plan
    found = actions_selectors.action_in_plan(plan=plan, position=1, number="10")
    assert found is not None and found.pk == made[1, 10]

    kept = ActionUpdate.objects.get(pk=update.pk)
    assert kept.progress == "See action 10 below."
    reference = ActionReference.objects.get(update=kept)
    # Migrated on to the latest: 0014 keeps "action 10" in the words as the text "10".
    assert (reference.number, reference.action_id) == ("10", made[1, 10])
