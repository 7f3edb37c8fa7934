"""What the document tests share: an empty file store each, a member who imports, and the
uploads kept in it."""

import pytest
from django.core.files.storage import default_storage

from improvement_tracker.accounts.models import Membership
from tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    """Each test its own empty in-memory storage (Django resets storages on the change)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def member_client(client, django_user_model):
    """Someone in an organisation: what they import belongs to it, and they manage it."""
    user = django_user_model.objects.create_user(username="improvement-lead", password="x")
    Membership.objects.create(user=user, organisation=OrganisationFactory(name="Council"))
    client.force_login(user)
    return client


def stored_files():
    return default_storage.listdir("imports")[1] if default_storage.exists("imports") else []
