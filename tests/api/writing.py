"""Helpers of the API's write tests: a client with a token, a JSON post, what was stored
and what was audited."""

import datetime as dt
import json

from django.db import transaction
from django.test import Client

from improvement_tracker.api.models import Scope
from improvement_tracker.api.services import api_token_create
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.plans.models import ActionUpdate


def new_updates():
    """Updates recorded by the tests; the factories' are dated at the example's 31/10/2020."""
    return ActionUpdate.objects.filter(made_on__gt=dt.date(2020, 10, 31))


def token_client(user, scope=Scope.WRITE):
    _, secret = api_token_create(user=user, name="Partner system", scope=scope, days=30, by=user)
    return Client(headers={"Authorization": f"Bearer {secret}"})


def post(client, address, body):
    return client.post(address, json.dumps(body), content_type="application/json")


def audited(send):
    """The audit event a request writes, and nothing else kept: rolled back after."""
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = send()
        assert response.status_code in (201, 302), response.content
        events = list(
            AuditEvent.objects.order_by("object_id", "pk")
            .filter(pk__gt=last, verb__in=[Verb.STATUS, Verb.UPDATE])
            .values("verb", "summary", "before", "after", "actor", "plan", "object_id")
        )
        transaction.set_rollback(True)
    return events
