"""Replacing a plan by importing over it: only the plan manager of exactly the plan that
would be archived, never another organisation's plan or an archived one; and the
preview says nothing about other organisations' plans."""

import re

import pytest
from django.core.management import call_command

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.documents.importers import read_plan_bytes
from improvement_tracker.documents.services import ImportNotAllowed, document_import
from improvement_tracker.plans.models import Plan
from tests.documents.test_views import WORD, upload
from tests.factories import OrganisationFactory, PlanFactory

pytestmark = pytest.mark.django_db

TITLE = "Learning and Improvement Plan 2021 – 2022"
PLAIN = "learning-and-improvement-plan-2021-2022"
PREFIXED = f"council-{PLAIN}"


@pytest.fixture
def council():
    return OrganisationFactory(name="Council", slug="council")


def person(django_user_model, username, organisation, *, role_on=None):
    user = django_user_model.objects.create_user(username=username, password="unused-pw")
    Membership.objects.create(user=user, organisation=organisation)
    if role_on is not None:
        PlanRole.objects.create(plan=role_on, user=user, role=Role.MANAGER)
    return user


def others_plan(slug=PLAIN, title=TITLE, name="Elsewhere"):
    return PlanFactory(organisation=OrganisationFactory(name=name), title=title, slug=slug)


def snapshot():
    return sorted(Plan.objects.values_list("pk", "slug", "archived_at", "organisation__name"))


def test_a_member_cannot_replace_their_organisations_plan_under_the_prefixed_slug(
    council, client, django_user_model
):
    others_plan()
    prefixed = PlanFactory(organisation=council, title=TITLE, slug=PREFIXED)
    member = person(django_user_model, "member", council)
    before = snapshot()
    client.force_login(member)
    preview = client.get(upload(client, replace="on").url)
    assert preview.status_code == 422
    assert f"Only a plan manager of &#x27;{TITLE}&#x27; may replace it" in preview.content.decode()
    with pytest.raises(ImportNotAllowed):
        document_import(document=read_plan_bytes(WORD, name="t.docx"), person=member, replace=True)
    assert snapshot() == before
    assert not PlanRole.objects.filter(user=member).exists()
    prefixed.refresh_from_db()
    assert prefixed.archived_at is None


def test_the_plan_manager_replaces_the_prefixed_plan_and_nothing_else(
    council, client, django_user_model
):
    theirs = others_plan()
    prefixed = PlanFactory(organisation=council, title=TITLE, slug=PREFIXED)
    manager = person(django_user_model, "manager", council, role_on=prefixed)
    client.force_login(manager)
    confirm = upload(client, replace="on").url
    preview = client.get(confirm)
    assert preview.status_code == 200
    assert re.search(r"Will replace</dt>\s*<dd[^>]*>Learning and Improvement", preview.text)
    assert client.post(confirm).status_code == 302
    prefixed.refresh_from_db()
    theirs.refresh_from_db()
    assert prefixed.archived_at is not None
    assert prefixed.slug.startswith(f"{PREFIXED}-replaced-")
    assert (theirs.slug, theirs.archived_at) == (PLAIN, None)
    assert Plan.objects.get(slug=PREFIXED, archived_at=None).organisation == council


def test_an_import_never_replaces_a_third_organisations_plan_holding_the_prefixed_slug(
    council, client, django_user_model
):
    others_plan()
    # A plan of a third organisation whose own title makes the prefixed slug.
    third = others_plan(slug=PREFIXED, title=f"Council {TITLE}", name="Third")
    member = person(django_user_model, "member", council)
    before = snapshot()
    client.force_login(member)
    confirm = upload(client, replace="on").url
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    assert [row for row in snapshot() if row[0] != Plan.objects.latest("pk").pk] == before
    third.refresh_from_db()
    assert (third.slug, third.archived_at) == (PREFIXED, None)
    assert Plan.objects.latest("pk").slug == f"{PREFIXED}-2"


def test_the_import_command_never_replaces_another_organisations_plan(tmp_path, council):
    others_plan()
    third = others_plan(slug=PREFIXED, title=f"Council {TITLE}", name="Third")
    path = tmp_path / "tracker.docx"
    path.write_bytes(WORD)
    call_command("import_plan", str(path), "--organisation", "Council", "--replace")
    third.refresh_from_db()
    assert (third.slug, third.archived_at) == (PREFIXED, None)
    assert Plan.objects.get(organisation=council).slug == f"{PREFIXED}-2"


def test_the_import_command_replaces_the_organisations_prefixed_plan(tmp_path, council):
    theirs = others_plan()
    prefixed = PlanFactory(organisation=council, title=TITLE, slug=PREFIXED)
    path = tmp_path / "tracker.docx"
    path.write_bytes(WORD)
    call_command("import_plan", str(path), "--organisation", "Council", "--replace")
    prefixed.refresh_from_db()
    theirs.refresh_from_db()
    assert prefixed.archived_at is not None
    assert theirs.archived_at is None


def test_an_archived_plan_is_never_replaced(council, client, django_user_model):
    archived = PlanFactory(organisation=council, title=TITLE, slug=PLAIN)
    manager = person(django_user_model, "manager", council, role_on=archived)
    Plan.objects.filter(pk=archived.pk).update(archived_at="2021-01-01T00:00:00Z")
    archived.refresh_from_db()
    client.force_login(manager)
    assert client.post(upload(client, replace="on").url).status_code == 302
    kept = Plan.objects.get(pk=archived.pk)
    assert (kept.slug, kept.archived_at) == (PLAIN, archived.archived_at)
    assert Plan.objects.get(archived_at=None).slug == PREFIXED


def _preview_page(client) -> str:
    html = client.get(upload(client).url).content.decode()
    html = re.sub(r"/imports/[0-9a-f]{32}/", "/imports/TOKEN/", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_preview_says_nothing_about_another_organisations_plan_of_the_same_title(
    council, client, django_user_model
):
    client.force_login(person(django_user_model, "member", council))
    alone = _preview_page(client)
    others_plan()
    assert _preview_page(client) == alone
    assert "Elsewhere" not in alone
    assert PREFIXED not in alone
