"""An organisation's register of leads."""

from django.contrib.auth.models import User
from django.db import transaction

from improvement_tracker.accounts.models import Organisation
from improvement_tracker.audit.models import Verb
from improvement_tracker.audit.services import audit_record
from improvement_tracker.plans.leads import lead_key
from improvement_tracker.plans.models import (
    Lead,
    Plan,
)
from improvement_tracker.plans.services.rules import EditRefused


@transaction.atomic
def lead_add(
    *, organisation: Organisation, name: str, by: User | None, plan: Plan | None = None
) -> Lead:
    """Add a role or agency to an organisation's register of leads.

    `plan` is the plan whose page it was added from: the addition is in its history, so a
    partner's plan manager adding to the organisation's register is seen there (ADR 0022).
    """
    key = lead_key(name)
    existing = Lead.objects.filter(organisation=organisation, key=key).first()
    if existing is not None:
        if existing.merged_into is not None:
            message = f"{existing.name} is already in the register as {existing.merged_into.name}"
        else:
            message = f"{existing.name} is already in the register"
        raise EditRefused(message, field="name")
    lead = Lead.objects.create(organisation=organisation, name=" ".join(name.split()), key=key)
    audit_record(
        actor=by,
        verb=Verb.CREATE,
        obj=lead,
        plan=plan,
        summary=f"Added the lead {lead.name} to the register of {organisation.name}",
        after={"name": lead.name, "organisation": organisation.name},
    )
    return lead
