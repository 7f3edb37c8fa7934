"""POST /api/v1/imports, then confirm or cancel: a tracker file checked by the upload
page's form, read by the same importers, imported through the same service."""

import datetime as dt
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.api.models import ApiImport, Scope
from improvement_tracker.audit.models import AuditEvent
from improvement_tracker.plans.models import Action, Plan
from tests.api.writing import token_client
from tests.conftest import EXAMPLE
from tests.documents.builders import KEY_SHADES, Domain, Row, word_tracker
from tests.documents.conftest import stored_files
from tests.documents.family import Sheet, excel_workbook
from tests.documents.hostile import bad_crc, entity_bomb, huge_cell_csv
from tests.factories import OrganisationFactory
from tests.people import person

pytestmark = pytest.mark.django_db

WORD = word_tracker(
    [
        Domain(
            "HELP AND PROTECTION",
            [
                [
                    Row("1", "*Do the thing.", fill=KEY_SHADES["RED"]),
                    Row("2", "Do another.", fill=KEY_SHADES["GREEN"]),
                ]
            ],
        )
    ]
)
DELIVERY_PLAN = excel_workbook(
    [
        Sheet(
            "Plan",
            [
                ["Annual Delivery Plan"],
                ["NOS", "What?", "Who?", "When?", "RAG rating", "Success measures"],
                ["1", "Build homes", "Director of Housing", "August 2015", "G", "100 homes"],
                ["2", "Mend roads", "Director of Highways", "March 2016", "R", "50 miles"],
            ],
        )
    ]
)


@pytest.fixture(autouse=True)
def fresh_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def council():
    return OrganisationFactory(name="Together for Children")


@pytest.fixture
def importer(council):
    return person("improvement-lead", council)


def send(client, data, name, **fields):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/api/v1/imports", {"file": upload, **fields})


def nothing_kept():
    return not ApiImport.objects.exists() and stored_files() == []


def test_the_example_is_previewed_then_confirmed_into_the_importers_organisation(importer):
    client = token_client(importer)
    sent = send(client, EXAMPLE.read_bytes(), "learning-and-improvement-plan-2020-21.txt")
    assert sent.status_code == 201, sent.content
    preview = sent.json()
    assert preview["title"] == "Learning and Improvement Plan 2020 – 2021"
    assert preview["organisation"] == "Together for Children"
    assert [d["label"] for d in preview["domains"]] == [
        "Help and Protection",
        "Children in Care & Care Leavers",
        "Leadership",
    ]
    assert {"status": "Total", "actions": 58} in preview["statuses"]
    assert Plan.objects.count() == 0  # nothing imported before it is confirmed
    assert ApiImport.objects.get().key == preview["id"]
    assert len(stored_files()) == 1

    again = client.get(f"/api/v1/imports/{preview['id']}")
    assert again.status_code == 200
    assert again.json() == preview

    confirmed = client.post(f"/api/v1/imports/{preview['id']}/confirm")
    assert confirmed.status_code == 201, confirmed.content
    plan = Plan.objects.get()
    assert confirmed.json() == {
        "id": plan.pk,
        "slug": plan.slug,
        "title": plan.title,
        "organisation": "Together for Children",
        "archived": False,
        "url": f"/api/v1/plans/{plan.slug}",
        "web_url": plan.get_absolute_url(),
    }
    assert Action.objects.filter(domain__plan=plan).count() == 58
    assert plan.roles.get().user == importer
    assert nothing_kept()
    assert client.get(f"/api/v1/imports/{preview['id']}").status_code == 404


def events_of(do):
    """The audit events an import writes (kind and words), rolled back after."""
    with transaction.atomic():
        last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        do()
        events = list(
            AuditEvent.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("verb", "summary", "actor", "after")
        )
        transaction.set_rollback(True)
    return events


def test_a_word_tracker_is_audited_as_the_upload_page_imports_it(importer):
    page = Client()
    page.force_login(importer)

    def through_the_page():
        upload = io.BytesIO(WORD)
        upload.name = "tracker.docx"
        response = page.post(reverse("documents:import_new"), {"file": upload})
        assert page.post(response.url).status_code == 302

    def through_the_api():
        client = token_client(importer)
        sent = send(client, WORD, "tracker.docx")
        assert sent.status_code == 201, sent.content
        assert [d["actions"] for d in sent.json()["domains"]] == [2]
        assert client.post(f"/api/v1/imports/{sent.json()['id']}/confirm").status_code == 201

    by_page = events_of(through_the_page)
    by_api = [e for e in events_of(through_the_api) if e[0] != "api_token"]
    assert by_api == by_page
    assert len(by_api) >= 2  # the import, and the importer made its plan manager


def test_an_excel_tracker_is_read_as_the_mapping_sent_with_it(importer, tmp_path):
    path = tmp_path / "delivery plan.xlsx"
    path.write_bytes(DELIVERY_PLAN)
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    mapping = json.loads(out.getvalue())
    mapping["title"] = "Housing Delivery Plan"  # changed, as a person may change it
    client = token_client(importer)
    sent = send(client, DELIVERY_PLAN, "delivery plan.xlsx", mapping=json.dumps(mapping))
    assert sent.status_code == 201, sent.content
    preview = sent.json()
    assert preview["title"] == "Housing Delivery Plan"
    assert preview["extra_fields"] == [{"name": "Success measures", "actions_with_a_value": 2}]
    confirmed = client.post(f"/api/v1/imports/{preview['id']}/confirm")
    assert confirmed.status_code == 201, confirmed.content
    assert Plan.objects.get().title == "Housing Delivery Plan"
    assert nothing_kept()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("tracker.docx", bad_crc(), "tracker.docx: the file is damaged"),
        ("bomb.docx", entity_bomb(), "bomb.docx: the part word/document.xml declares a DTD"),
        ("tracker.csv", huge_cell_csv(200_000), "tracker.csv, row 2, column 3: the cell holds"),
        ("tracker.txt", b"hello\nworld", "tracker.txt: no domain with actions was found"),
        ("tracker.pdf", b"%PDF-1.7", "file: The selected file must be a Word document (.docx)"),
        ("tracker.docx", b"", "file: The selected file is empty"),
        (
            "delivery plan.xlsx",
            DELIVERY_PLAN,
            "delivery plan.xlsx: the mapping",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_422_naming_it_and_nothing_is_kept(
    importer, name, data, words
):
    fields = {"mapping": '{"version": 99}'} if name == "delivery plan.xlsx" else {}
    response = send(token_client(importer), data, name, **fields)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert words in response.json()["detail"]
    assert nothing_kept()
    assert Plan.objects.count() == 0


def test_a_file_larger_than_the_uploads_limit_is_refused_in_the_pages_words(importer, settings):
    settings.IMPORT_LIMITS = {**settings.IMPORT_LIMITS, "file_mb": 1}
    response = send(token_client(importer), b"x" * (1024 * 1024 + 1), "plan.txt")
    assert response.status_code == 422
    assert "file: The selected file must be smaller than" in response.json()["detail"]
    assert nothing_kept()


def test_a_plan_already_here_is_409_when_sent_and_when_confirmed(importer):
    client = token_client(importer)
    first = send(client, WORD, "tracker.docx").json()["id"]
    second = send(client, WORD, "tracker.docx").json()["id"]
    assert client.post(f"/api/v1/imports/{first}/confirm").status_code == 201
    refused = client.post(f"/api/v1/imports/{second}/confirm")
    assert refused.status_code == 409
    assert refused["Content-Type"] == "application/problem+json"
    plan = Plan.objects.get()
    assert refused.json()["detail"] == (
        f"The plan '{plan.title}' ({plan.slug}) already exists. Nothing was changed. To "
        "archive that copy and import this one, send the file again with `replace` true."
    )
    assert nothing_kept()
    resent = send(client, WORD, "tracker.docx")
    assert resent.status_code == 409
    assert nothing_kept()
    replacing = send(client, WORD, "tracker.docx", replace="true")
    assert replacing.status_code == 201, replacing.content
    assert replacing.json()["replaces"] == Plan.objects.get().title
    confirmed = client.post(f"/api/v1/imports/{replacing.json()['id']}/confirm")
    assert confirmed.status_code == 201
    assert Plan.objects.filter(archived_at__isnull=True).count() == 1
    assert Plan.objects.count() == 2


def test_someone_elses_import_is_404_and_ones_own_may_be_cancelled(importer, council):
    sent = send(token_client(importer), WORD, "tracker.docx").json()["id"]
    colleague = token_client(person("colleague", council))
    for method, address in [
        ("get", f"/api/v1/imports/{sent}"),
        ("post", f"/api/v1/imports/{sent}/confirm"),
        ("delete", f"/api/v1/imports/{sent}"),
    ]:
        assert getattr(colleague, method)(address).status_code == 404
    assert ApiImport.objects.count() == 1
    cancelled = token_client(importer).delete(f"/api/v1/imports/{sent}")
    assert cancelled.status_code == 204
    assert nothing_kept()
    assert Plan.objects.count() == 0


def test_a_read_only_token_may_neither_send_nor_confirm(importer):
    sent = send(token_client(importer), WORD, "tracker.docx").json()["id"]
    reader = token_client(importer, scope=Scope.READ)
    assert send(reader, WORD, "tracker.docx").status_code == 403
    assert reader.post(f"/api/v1/imports/{sent}/confirm").status_code == 403
    assert reader.delete(f"/api/v1/imports/{sent}").status_code == 403
    assert reader.get(f"/api/v1/imports/{sent}").status_code == 200
    assert ApiImport.objects.count() == 1
    assert Plan.objects.count() == 0


def test_someone_in_no_organisation_may_not_import(db):
    response = send(token_client(person("freelancer", None)), WORD, "tracker.docx")
    assert response.status_code == 403
    assert "not in an organisation" in response.json()["detail"]
    assert nothing_kept()


def test_the_session_must_send_the_csrf_token(importer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(importer)
    refused = send(browser, WORD, "tracker.docx")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert nothing_kept()


def test_imports_left_more_than_a_day_go_with_their_files(importer):
    client = token_client(importer)
    old = send(client, DELIVERY_PLAN, "old.xlsx", mapping="{}")
    assert old.status_code == 422  # an unusable mapping: forgotten at once
    old = send(client, WORD, "old.docx").json()["id"]
    new = send(client, WORD, "new.docx").json()["id"]
    ApiImport.objects.filter(key=old).update(created_at=timezone.now() - dt.timedelta(hours=25))
    out = io.StringIO()
    call_command("clear_abandoned_uploads", stdout=out)
    assert list(ApiImport.objects.values_list("key", flat=True)) == [new]
    assert f"Deleted API import {old}" in out.getvalue()
    assert len(stored_files()) == 1
    assert not default_storage.exists(f"imports/{old}.docx")


def test_only_the_plans_manager_may_replace_it(importer, council):
    client = token_client(importer)
    first = send(client, WORD, "tracker.docx").json()["id"]
    assert client.post(f"/api/v1/imports/{first}/confirm").status_code == 201
    colleague = token_client(person("colleague", council))
    refused = send(colleague, WORD, "tracker.docx", replace="true")
    assert refused.status_code == 403
    assert "Only a plan manager of" in refused.json()["detail"]
    assert nothing_kept()
    assert Plan.objects.filter(archived_at__isnull=True).count() == 1
