"""Upload, preview, confirm (and clear uploads abandoned between); export from the tracker page."""

import csv
import datetime as dt
import io
import re

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from improvement_tracker.documents.forms import KINDS
from improvement_tracker.documents.importers.limits import import_limits
from improvement_tracker.documents.services import clear_abandoned_uploads
from improvement_tracker.documents.views import SESSION_KEY
from improvement_tracker.plans.models import ActionUpdate, Plan
from improvement_tracker.plans.rag import Status
from tests.core.test_page_text import template_syntax_shown
from tests.documents.builders import KEY_SHADES, Domain, Row, word_tracker
from tests.documents.conftest import stored_files
from tests.factories import plan_of_actions, record_update
from tests.plans.pages import assert_form_errors, cold_queries

pytestmark = pytest.mark.django_db

WORD = word_tracker(
    [
        Domain(
            "HELP AND PROTECTION",
            [
                [
                    Row("1", "*Do the thing.", fill=KEY_SHADES["RED"]),
                    Row("2", "Do another.", timescale="31/02/2021", fill=KEY_SHADES["GREEN"]),
                ]
            ],
        )
    ]
)


def upload(client, data=WORD, name="tracker.docx", **fields):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse("documents:import_new"), {"file": file, **fields})


def test_import_pages_need_a_signed_in_user(client):
    response = client.get(reverse("documents:import_new"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_upload_previews_what_will_be_created_and_saves_nothing(member_client):
    response = upload(member_client)
    assert response.status_code == 302
    token = re.search(r"/imports/([0-9a-f]{32})/confirm/", response.url)[1]
    preview = member_client.get(response.url)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Learning and Improvement Plan 2021 – 2022" in html
    assert re.search(r">Domain 1</th>\s*<td[^>]*>HELP AND PROTECTION</td>\s*<td[^>]*>2<", html)
    assert re.search(r"All actions</th>(\s*<td[^>]*>\d+</td>){6}", html)
    assert "February 2021 has 28 days" in html
    assert Plan.objects.count() == 0
    # The file waits in storage under a random name, not in the session.
    assert stored_files() == [f"{token}.docx"]
    session = member_client.session[SESSION_KEY][token]
    assert set(session) == {"stored", "name", "replace"}


def test_the_preview_shows_the_reconciliation_line_by_line(member_client):
    # A {{ … }} over two lines is not a variable to Django: it was shown as it stood.
    html = member_client.get(upload(member_client).url).content.decode()
    pre = re.search(r'<pre class="app-reconciliation"[^>]*>(.*?)</pre>', html, re.S)
    assert pre is not None
    reconciliation = pre[1]
    assert template_syntax_shown(html) == []
    assert "Table 1, reported by the document / computed from the rows:\n" in reconciliation
    assert len(reconciliation.splitlines()) > 3


def test_confirm_imports_everything_and_deletes_the_upload(member_client):
    confirm_url = upload(member_client).url
    response = member_client.post(confirm_url)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    statuses = list(
        ActionUpdate.objects.order_by("action__number").values_list(
            "status", "action__high_priority"
        )
    )
    assert statuses == [(Status.OFF_TRACK, True), (Status.ON_TRACK, False)]
    assert stored_files() == []
    assert member_client.post(confirm_url).status_code == 404  # used once


def test_a_bad_file_is_explained_and_deleted_and_nothing_is_saved(member_client):
    response = member_client.get(upload(member_client, data=b"not a zip").url)
    html = response.content.decode()
    assert response.status_code == 422
    assert "tracker.docx: this is not a Word document" in html
    assert "Nothing has been saved" in html
    assert stored_files() == []
    assert Plan.objects.count() == 0


def test_an_upload_belongs_to_the_user_who_made_it(member_client, client, django_user_model):
    confirm_url = upload(member_client).url
    other = django_user_model.objects.create_user(username="someone-else", password="unused-pw")
    client.force_login(other)
    assert client.get(confirm_url).status_code == 404
    assert client.post(confirm_url).status_code == 404
    assert Plan.objects.count() == 0


def test_import_belongs_to_the_importers_organisation_and_they_manage_it(member_client):
    from improvement_tracker.accounts.models import PlanRole, Role
    from improvement_tracker.audit.models import AuditEvent, Verb

    member_client.post(upload(member_client).url)
    plan = Plan.objects.get()
    assert plan.organisation.name == "Council"
    role = PlanRole.objects.get(plan=plan)
    assert (role.user.username, role.role) == ("improvement-lead", Role.MANAGER)
    assert AuditEvent.objects.filter(verb=Verb.IMPORT, actor=role.user, plan=plan).exists()


def test_uploading_a_plan_that_exists_says_how_to_replace_it_on_the_page(member_client):
    member_client.post(upload(member_client).url)
    again = member_client.get(upload(member_client).url)
    assert again.status_code == 422
    page = again.content.decode()
    assert "already exists. Nothing was changed." in page
    assert "tick &ldquo;If this plan is already here" in page or "tick “If this plan" in page
    assert "--replace" not in page  # a command-line flag means nothing on the page
    assert Plan.objects.count() == 1


def test_replacing_a_plan_needs_its_plan_manager(member_client, django_user_model, client):
    from improvement_tracker.accounts.models import Membership, Organisation

    member_client.post(upload(member_client).url)
    colleague = django_user_model.objects.create_user(username="colleague", password="x")
    Membership.objects.create(user=colleague, organisation=Organisation.objects.get(name="Council"))
    client.force_login(colleague)
    preview = client.get(upload(client, replace="on").url)
    assert preview.status_code == 422
    assert "Only a plan manager of" in preview.content.decode()
    assert Plan.objects.count() == 1


def test_someone_in_no_organisation_cannot_import(client, django_user_model):
    loner = django_user_model.objects.create_user(username="loner", password="x")
    client.force_login(loner)
    response = client.get(reverse("documents:import_new"))
    assert response.status_code == 403
    assert "You are not in an organisation" in response.content.decode()


def test_export_is_recorded_in_the_audit_trail(signed_in_client, example_plan):
    from improvement_tracker.audit.models import AuditEvent, Verb

    signed_in_client.get(reverse("documents:export", args=[example_plan.slug, "csv"]))
    event = AuditEvent.objects.get(verb=Verb.EXPORT)
    assert (event.plan, event.actor.username) == (example_plan, "board-member")
    assert event.after == {"format": "csv", "actions": 58}


def test_cancel_deletes_the_upload(member_client):
    confirm_url = upload(member_client).url
    response = member_client.post(confirm_url.replace("/confirm/", "/cancel/"))
    assert response.status_code == 302
    assert stored_files() == []


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("plan.pdf", b"%PDF", f"The selected file must be {KINDS}"),
        ("plan.docx", b"", "The selected file is empty"),
        (
            "plan.docx",
            b"x" * (import_limits().file_bytes + 1),
            "The selected file must be smaller than 20 MB",
        ),
    ],
)
def test_upload_form_errors_are_worded_as_govuk_does(member_client, name, data, error):
    response = upload(member_client, data=data, name=name)
    assert_form_errors(response, {"id_file": error})
    assert stored_files() == []


def test_the_tracker_page_links_to_every_export_with_its_query(signed_in_client, example_plan):
    url = example_plan.get_absolute_url() + "?as_of=2020-10-31&status=red"
    html = signed_in_client.get(url).content.decode()
    for file_format in ("docx", "pdf", "xlsx", "csv"):
        href = f"/plans/{example_plan.slug}/export.{file_format}?as_of=2020-10-31&amp;status=red"
        assert href in html


def test_export_respects_the_filters_and_names_the_file(signed_in_client, example_plan):
    ActionUpdate.objects.filter(
        action__domain__plan=example_plan, action__number__in=["1", "2", "3"]
    ).update(status=Status.OFF_TRACK)
    url = reverse("documents:export", args=[example_plan.slug, "xlsx"])
    response = signed_in_client.get(url, {"status": "off_track", "as_of": "2020-10-31"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="{example_plan.slug}-2020-10-31.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    rows = sum(sheet.max_row - 3 for sheet in workbook.worksheets[1:])
    assert rows == 9  # actions 1-3 of each of the three domains
    assert workbook["Summary"]["A3"].value == "(Updated October 2020)"


def test_export_as_word_is_a_word_document(signed_in_client, example_plan):
    response = signed_in_client.get(reverse("documents:export", args=[example_plan.slug, "docx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert len(docx.Document(io.BytesIO(response.content)).tables) == 6


def test_export_refuses_an_unknown_format_or_date(signed_in_client, example_plan):
    unknown = f"/plans/{example_plan.slug}/export.odt"
    assert signed_in_client.get(unknown).status_code == 404
    url = reverse("documents:export", args=[example_plan.slug, "csv"])
    assert signed_in_client.get(url, {"as_of": "31/10/2020"}).status_code == 400


@pytest.mark.hot_path  # tests the hot path's own cache
def test_an_export_is_built_once_until_the_plan_changes(
    signed_in_client, example_plan, monkeypatch
):
    from django.utils import timezone

    from improvement_tracker.documents import plan_export as views

    built = []
    original = views.tracker_document
    monkeypatch.setattr(
        views, "tracker_document", lambda *a, **k: built.append(1) or original(*a, **k)
    )
    url = reverse("documents:export", args=[example_plan.slug, "csv"])
    first = signed_in_client.get(url).content
    assert signed_in_client.get(url).content == first
    assert len(built) == 1
    action = example_plan.domains.get(position=1).actions.get(number=1)
    record_update(
        action,
        made_on=timezone.localdate(),
        status=Status.OFF_TRACK,
        progress="Changed after the first export.",
    )
    assert "Changed after the first export." in signed_in_client.get(url).content.decode(
        "utf-8-sig"
    )
    assert len(built) == 2


def test_an_export_shows_what_the_filtered_page_shows(signed_in_client, example_plan):
    url = reverse("documents:export", args=[example_plan.slug, "csv"])
    text = signed_in_client.get(url, {"q": "Liquidlogic"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))[1:]
    assert rows
    assert all("liquidlogic" in " ".join(row).lower() for row in rows)


def test_an_export_filtered_by_lead_has_that_leads_actions_only(signed_in_client, example_plan):
    from improvement_tracker.plans.models import Lead

    lead = (
        Lead.objects.filter(actions__domain__plan=example_plan)
        .annotate(n=Count("actions"))
        .order_by("-n")
        .first()
    )
    url = reverse("documents:export", args=[example_plan.slug, "csv"])
    text = signed_in_client.get(url, {"lead": lead.pk}).content.decode("utf-8-sig")
    numbers = {(row[0], row[2]) for row in list(csv.reader(io.StringIO(text)))[1:]}
    expected = {
        (a.domain.label, str(a.number))
        for a in lead.actions.filter(domain__plan=example_plan, archived_at__isnull=True)
    }
    assert 1 < len(numbers) < 58
    assert numbers == expected


@pytest.mark.parametrize("file_format", ["csv", "docx", "xlsx"])
def test_a_cold_export_makes_as_many_queries_for_12_actions_as_for_3(signed_in_client, file_format):
    small, large = plan_of_actions(3), plan_of_actions(12)

    def url(plan):
        return reverse("documents:export", args=[plan.slug, file_format])

    signed_in_client.get(small.get_absolute_url())  # the session, once
    assert cold_queries(signed_in_client, url(small)) == cold_queries(signed_in_client, url(large))


# Uploads never imported nor cancelled are deleted after a day, by a daily command.


def clear(*args: str) -> str:
    out = io.StringIO()
    call_command("clear_abandoned_uploads", *args, stdout=out)
    return out.getvalue()


def test_uploads_stored_before_the_cut_off_are_deleted_and_later_ones_kept(member_client):
    upload(member_client, name="old.docx")
    (old,) = stored_files()
    cut_off = timezone.now()
    upload(member_client, name="new.docx")
    (new,) = set(stored_files()) - {old}
    default_storage.save("exports/board-pack.pdf", ContentFile(b"%PDF"))  # not an upload

    assert clear_abandoned_uploads(before=cut_off) == [f"imports/{old}"]
    assert stored_files() == [new]
    assert default_storage.exists("exports/board-pack.pdf")


def test_nothing_ever_uploaded_is_nothing_to_delete():
    assert clear_abandoned_uploads(before=timezone.now()) == []
    assert clear().strip() == "0 abandoned upload(s) older than 24 hours deleted."


def test_the_command_keeps_a_days_uploads_and_deletes_older_ones(member_client, monkeypatch):
    upload(member_client)
    (name,) = stored_files()
    assert clear().endswith("0 abandoned upload(s) older than 24 hours deleted.\n")
    assert stored_files() == [name]

    later = timezone.now() + dt.timedelta(hours=25)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert clear().splitlines() == [
        f"Deleted imports/{name}",
        "1 abandoned upload(s) older than 24 hours deleted.",
    ]
    assert stored_files() == []


def test_the_command_refuses_an_age_that_could_catch_a_preview_in_progress():
    with pytest.raises(CommandError, match="--older-than-hours must be 1 or more, not 0"):
        clear("--older-than-hours=0")


def test_confirming_an_upload_deleted_meanwhile_says_so_and_saves_nothing(member_client):
    confirm_url = upload(member_client).url
    clear_abandoned_uploads(before=timezone.now() + dt.timedelta(seconds=1))

    response = member_client.post(confirm_url)
    html = response.content.decode()
    assert response.status_code == 422
    assert re.search(r"no longer kept: uploads not imported within 24 hours are deleted", html)
    assert Plan.objects.count() == 0
    assert member_client.get(confirm_url).status_code == 404  # the session forgot it too
