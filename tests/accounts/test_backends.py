"""The sign-in backend reads the person and their membership in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement_tracker.accounts.models import Membership
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_page_reads_the_membership_with_the_user(client, django_user_model):
    person = django_user_model.objects.create_user(username="board", password="a-long-passphrase")
    Membership.objects.create(user=person, organisation=OrganisationFactory(), is_admin=True)
    client.post(reverse("login"), {"username": "board", "password": "a-long-passphrase"})
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("plans:plan_list")).content.decode()
    assert reverse("organisation_people") in html  # the navigation knows an administrator
    reads = [q["sql"] for q in queries if 'FROM "auth_user"' in q["sql"]]
    assert len(reads) == 1
    assert 'JOIN "accounts_membership"' in reads[0]
    assert not [q for q in queries if 'FROM "accounts_membership"' in q["sql"]]


def test_a_person_without_a_membership_is_read_too(client, django_user_model):
    django_user_model.objects.create_user(username="partner", password="a-long-passphrase")
    client.post(reverse("login"), {"username": "partner", "password": "a-long-passphrase"})
    assert client.get(reverse("plans:plan_list")).status_code == 200
