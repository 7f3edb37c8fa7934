"""The upload page's mapping step (issue 19, ADR 0050): a Word or Excel tracker the importers
refuse is read as a proposed mapping the person can change, previewed, then confirmed."""

import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.documents import mapped_upload
from improvement_tracker.documents.services import clear_abandoned_uploads
from improvement_tracker.documents.uploads import SESSION_KEY
from improvement_tracker.plans.models import Plan
from tests.documents.conftest import stored_files
from tests.documents.family import Sheet, WordTable, excel_workbook, word_document

pytestmark = pytest.mark.django_db

TITLE = "Children's Services Action Tracker"
ROWS = [
    ["NOS", "What?", "Who?", "When?", "RAG rating", "Success measures"],
    ["1", "To establish systems", "Director of Early Help", "", "", ""],
    ["1.1", "Agree the assessment", "Head of Early Help", "August 2015", "G", "Fewer"],
    ["1.2", "Train practitioners", "Workforce Lead", "Q3 2016/17", "B", "All trained"],
    ["1.2.1", "Book venues", "Business Support Officer", "From Oct 03", "A", ""],
]
TRACKER = word_document([TITLE], [WordTable(ROWS)])


def upload(client, data=TRACKER, name="tracker.docx"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = client.post(reverse("documents:import_new"), {"file": file})
    assert response.status_code == 302
    return response.url


def mapping_url(confirm_url):
    return confirm_url.replace("/confirm/", "/mapping/")


def as_proposed(response):
    """What the mapping page's form posts when nothing is changed."""
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        data[name] = "" if value is None else str(value)
    return data


def test_a_word_tracker_the_importers_refuse_is_proposed_a_mapping(member_client):
    confirm = upload(member_client)
    response = member_client.get(confirm)
    assert response.status_code == 302
    assert response.url == mapping_url(confirm)
    page = member_client.get(response.url)
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Check how the file will be read" in text
    data = as_proposed(page)
    assert [data[f"t1_c{n}"] for n in range(1, 7)] == [
        "reference", "action", "lead", "timescale", "status", "extra field",
    ]  # fmt: skip
    assert "Header 'Who?' means lead." in text  # each column's reason, as its hint
    assert data["t1_use"] == "yes" and data["t1_header_row"] == "1"
    assert (data["t1_s1"], data["t1_s2"]) == ("on_track", "complete")  # G and B, a select each
    assert data["t1_r2"] == "objective"  # row 2, 1 among 1.1 and 1.2
    assert data["t1_r5"] == "activity"
    assert re.search(r'<select[^>]*name="t1_c3"', page.content.decode())
    assert Plan.objects.count() == 0
    assert "mapping" not in member_client.session[SESSION_KEY][confirm.split("/")[-3]]


def test_a_changed_column_is_previewed_then_imported_into_the_persons_own_organisation(
    member_client,
):
    confirm = upload(member_client)
    page = member_client.get(mapping_url(confirm))
    data = as_proposed(page) | {"t1_c6": "progress", "t1_s2": "complete_assured"}
    posted = member_client.post(mapping_url(confirm), data)
    assert posted.status_code == 302 and posted.url == confirm

    preview = member_client.get(confirm)
    text = html.unescape(preview.content.decode())
    assert preview.status_code == 200
    assert "The file is read as you chose." in text
    assert f'href="{mapping_url(confirm)}"' in preview.content.decode()  # back to change it
    assert "Kept as extra fields" not in text and 'id="preview-extra-fields"' not in text
    assert re.search(r"</th>\s*<td[^>]*>" + re.escape(TITLE) + r"</td>\s*<td[^>]*>2<", text)
    assert Plan.objects.count() == 0

    done = member_client.post(confirm)
    plan = Plan.objects.get()
    assert done.status_code == 302 and done.url == plan.get_absolute_url()
    assert plan.organisation.name == "Council"  # the document names none: the importer's
    role = PlanRole.objects.get(plan=plan)
    assert (role.user.username, role.role) == ("improvement-lead", Role.MANAGER)
    assert AuditEvent.objects.filter(verb=Verb.IMPORT, plan=plan, actor=role.user).exists()
    first, second = plan.domains.get().actions.order_by("number_order")
    assert (first.number, first.lead_text, first.timescale_text) == (
        "1.1", "Head of Early Help", "August 2015",
    )  # fmt: skip
    assert first.updates.get().progress == "Fewer"  # the column, now progress
    assert second.updates.get().status == "complete_assured"  # B, as the person said
    assert not plan.extra_fields.exists()
    assert second.activities.get().text == "Book venues"
    assert stored_files() == []
    assert member_client.session[SESSION_KEY] == {}


def test_two_columns_of_one_meaning_are_named_in_the_error_summary_and_nothing_kept(
    member_client,
):
    confirm = upload(member_client)
    page = member_client.get(mapping_url(confirm))
    data = as_proposed(page) | {"t1_c4": "lead"}
    response = member_client.post(mapping_url(confirm), data)
    text = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "<title>Error: " in text
    assert 'class="govuk-error-summary"' in text
    message = (
        "Select one lead column in table 1: columns 3 and 4 are both lead. Make the other "
        "an extra field or ignore it"
    )
    assert f'<a href="#id_t1_c4">{message}</a>' in text
    assert "mapping" not in next(iter(member_client.session[SESSION_KEY].values()))


def test_a_used_table_without_an_action_column_is_refused_by_name(member_client):
    confirm = upload(member_client)
    data = as_proposed(member_client.get(mapping_url(confirm))) | {"t1_c2": "ignore"}
    text = html.unescape(member_client.post(mapping_url(confirm), data).content.decode())
    assert (
        "Select the column of table 1 that holds the actions, or select that its rows are "
        "not the plan's actions"
    ) in text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("t1_c3", "leed", "Select what column 3 of table 1 holds"),
        ("t1_s1", "purple", "Select what ‘G’ in table 1 means"),
        ("t1_r2", "banner", "Select what row 2 of table 1 is"),
        ("t1_use", "maybe", "Select whether the rows of table 1 are the plan's actions"),
        ("t1_header_row", "99", "Enter the header row of table 1 as a number from 1 to 5"),
    ],
)
def test_a_tampered_post_is_refused_naming_the_field(member_client, field, value, message):
    confirm = upload(member_client)
    data = as_proposed(member_client.get(mapping_url(confirm))) | {field: value}
    data["t9_c1"] = "action"  # a table the file does not have: never read
    response = member_client.post(mapping_url(confirm), data)
    assert response.status_code == 200
    assert f'<a href="#id_{field}' in response.content.decode()
    assert message in html.unescape(response.content.decode())
    assert "mapping" not in next(iter(member_client.session[SESSION_KEY].values()))


def test_a_tampered_kept_mapping_is_refused_and_the_upload_forgotten(member_client):
    confirm = upload(member_client)
    token = confirm.split("/")[-3]
    session = member_client.session
    session[SESSION_KEY][token]["mapping"] = json.dumps({"version": 1, "tables": "all"})
    session.save()
    response = member_client.get(confirm)
    text = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert "tracker.docx: the mapping cannot be used" in text
    assert "'tables' should be a list [...], not the text \"all\"" in text
    assert stored_files() == [] and Plan.objects.count() == 0


def test_another_persons_token_is_useless(member_client, django_user_model):
    from django.test import Client

    from improvement_tracker.accounts.models import Membership, Organisation

    confirm = upload(member_client)
    page = as_proposed(member_client.get(mapping_url(confirm)))
    other = django_user_model.objects.create_user(username="colleague", password="unused-pw")
    Membership.objects.create(user=other, organisation=Organisation.objects.get(name="Council"))
    client = Client()
    client.force_login(other)
    assert client.get(mapping_url(confirm)).status_code == 404
    assert client.post(mapping_url(confirm), page).status_code == 404
    assert "mapping" not in member_client.session[SESSION_KEY][confirm.split("/")[-3]]
    assert Plan.objects.count() == 0


def test_an_expired_upload_says_so_on_the_mapping_page(member_client):
    confirm = upload(member_client)
    clear_abandoned_uploads(before=timezone.now() + timezone.timedelta(seconds=1))
    response = member_client.get(mapping_url(confirm))
    assert response.status_code == 422
    assert "no longer kept" in response.content.decode()
    assert member_client.get(mapping_url(confirm)).status_code == 404  # forgotten


def test_a_file_with_no_tracker_says_which_table_came_closest(member_client):
    rows = [["Name", "Notes"], ["Board meeting", "Held in May"], ["Audit", "Done"]]
    confirm = upload(member_client, word_document(["Minutes"], [WordTable(rows)]))
    page = member_client.get(member_client.get(confirm).url)
    text = html.unescape(page.content.decode())
    assert "We found no table of actions in this file: table 1 came closest" in text
    response = member_client.post(mapping_url(confirm), as_proposed(page))
    assert "Select at least one table whose rows are the plan's actions" in html.unescape(
        response.content.decode()
    )


def test_a_file_the_importers_read_goes_straight_to_its_preview_with_a_way_to_change_it(
    member_client,
):
    sheet = Sheet("Plan", [["Ref", "Action", "Lead"], ["1", "Build homes", "Director"]])
    confirm = upload(member_client, excel_workbook([sheet]), "plan.xlsx")
    preview = member_client.get(confirm)
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "The file is read as laid out like the example plan." in text
    assert f'href="{mapping_url(confirm)}"' in text
    page = member_client.get(mapping_url(confirm))
    assert member_client.post(mapping_url(confirm), as_proposed(page)).status_code == 302
    assert "The file is read as you chose." in member_client.get(confirm).content.decode()


def test_text_has_no_mapping_page(member_client):
    confirm = upload(member_client, b"Council\nPlan\nHELP\n1. Do it\n", "plan.txt")
    assert "Change how the file is read" not in member_client.get(confirm).content.decode()
    assert member_client.get(mapping_url(confirm)).status_code == 404


def test_a_csv_the_importer_reads_goes_straight_to_its_preview_with_a_way_to_change_it(
    member_client,
):
    confirm = upload(member_client, b"Plan\nNo,Action\n1,Do it\n", "plan.csv")
    preview = member_client.get(confirm)
    assert preview.status_code == 200
    assert "The file is read as laid out like the example plan." in preview.content.decode()
    assert member_client.get(mapping_url(confirm)).status_code == 200


def test_a_mapping_too_large_to_keep_is_refused_by_name(member_client, monkeypatch):
    monkeypatch.setattr(mapped_upload, "MAPPING_KEPT_BYTES", 1000)
    confirm = upload(member_client)
    page = member_client.get(mapping_url(confirm))
    text = html.unescape(
        member_client.post(mapping_url(confirm), as_proposed(page)).content.decode()
    )
    assert "how this file is read is too large to keep between pages (at most 0 KB)" in text
    assert "mapping" not in next(iter(member_client.session[SESSION_KEY].values()))


def snapshot(plan):
    """A stored plan as its pages show it, without ids, slugs or dates of the import."""
    return {
        "title": plan.title,
        "domains": [
            (
                domain.label,
                domain.title,
                [
                    (
                        action.number,
                        action.text,
                        action.lead_text,
                        action.timescale_text,
                        action.high_priority,
                        [(u.status, u.progress) for u in action.updates.all()],
                        action.objective and (action.objective.number, action.objective.text),
                        [
                            (a.number, a.text, a.lead_text, a.status)
                            for a in action.activities.all()
                        ],
                        sorted((v.field.name, v.text) for v in action.extra_values.all()),
                    )
                    for action in domain.actions.order_by("number_order")
                ],
            )
            for domain in plan.domains.order_by("position")
        ],
        "fields": list(plan.extra_fields.values_list("name", flat=True)),
    }


def test_show_mapping_then_mapping_gives_the_same_plan_as_the_page(member_client, tmp_path):
    """The same file and the same (changed) mapping, by the page and by the command."""
    confirm = upload(member_client)
    page = member_client.get(mapping_url(confirm))
    changed = {"t1_c6": "progress", "t1_s2": "complete_assured"}
    member_client.post(mapping_url(confirm), as_proposed(page) | changed)
    member_client.post(confirm)
    by_page = Plan.objects.get()

    path = tmp_path / "tracker.docx"
    path.write_bytes(TRACKER)
    out = io.StringIO()
    call_command("import_plan", str(path), "--show-mapping", stdout=out)
    data = json.loads(out.getvalue())
    [table] = data["tables"]
    table["columns"][5] |= {"meaning": "progress", "field": ""}
    table["statuses"][1]["meaning"] = "complete_assured"
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(data), encoding="utf-8")
    call_command(
        "import_plan", str(path), "--mapping", str(mapping), "--organisation", "Elsewhere",
        stdout=io.StringIO(),
    )  # fmt: skip
    by_command = Plan.objects.exclude(pk=by_page.pk).get()
    assert by_command.organisation.name == "Elsewhere"
    assert snapshot(by_command) == snapshot(by_page)
    assert snapshot(by_page)["domains"][0][2][0][5] == [("on_track", "Fewer")]


def test_a_cell_not_kept_is_in_the_previews_warnings_by_table_row_and_column(member_client):
    confirm = upload(member_client)
    data = as_proposed(member_client.get(mapping_url(confirm))) | {"t1_c6": "ignore"}
    member_client.post(mapping_url(confirm), data)
    text = html.unescape(member_client.get(confirm).content.decode())
    warnings = re.search(r'<ul[^>]*id="preview-warnings">(.*?)</ul>', text, re.S)[1]
    assert (
        "tracker.docx, table 1, column 6 ('Success measures'): the mapping ignores it: 2 cells "
        "with text are not imported."
    ) in warnings


def test_the_table_that_came_closest_can_be_chosen_and_read(member_client):
    rows = [["Name", "Notes"], ["Board meeting", "Held in May"], ["Audit", "Done"]]
    confirm = upload(member_client, word_document(["Minutes"], [WordTable(rows)]))
    page = member_client.get(mapping_url(confirm))
    chosen = {"t1_use": "yes", "t1_header_row": "1", "t1_c1": "action", "t1_c2": "progress"}
    posted = member_client.post(mapping_url(confirm), as_proposed(page) | chosen)
    assert posted.status_code == 302
    member_client.post(confirm)
    actions = Plan.objects.get().domains.get().actions.order_by("number_order")
    assert [(a.number, a.text, a.updates.get().progress) for a in actions] == [
        ("1", "Board meeting", "Held in May"),
        ("2", "Audit", "Done"),
    ]


def test_an_excel_tracker_with_a_title_row_sections_and_merged_leads_is_read_as_proposed(
    member_client,
):
    sheet = Sheet(
        "Plan",
        [
            ["Annual Delivery Plan"],
            ["NOS", "What?", "Who?", "When?", "RAG rating"],
            ["PRIORITY 1 Early Help"],
            ["1", "Build homes", "Director of Housing", "August 2015", "G"],
            ["2", "Open a hub", "", "Dec 2016", "Off Track"],
            ["PRIORITY 2 Care"],
            ["3", "Recruit carers", "Head of Care", "Q3 2016/17", "COMPLETED"],
        ],
        merges=["A3:E3", "C4:C5", "A6:E6"],
    )
    confirm = upload(member_client, excel_workbook([sheet]), "delivery.xlsx")
    page = member_client.get(member_client.get(confirm).url)
    data = as_proposed(page)
    assert (data["t1_header_row"], data["t1_r3"], data["t1_r6"]) == ("2", "section", "section")
    member_client.post(mapping_url(confirm), data)
    member_client.post(confirm)
    plan = Plan.objects.get()
    assert plan.title == "Annual Delivery Plan"
    found = [
        (d.title, a.number, a.lead_text, a.timescale_text, a.updates.get().status)
        for d in plan.domains.order_by("position")
        for a in d.actions.order_by("number_order")
    ]
    assert found == [
        ("PRIORITY 1 Early Help", "1", "Director of Housing", "August 2015", "on_track"),
        ("PRIORITY 1 Early Help", "2", "Director of Housing", "Dec 2016", "off_track"),
        ("PRIORITY 2 Care", "3", "Head of Care", "Q3 2016/17", "complete"),
    ]


def test_a_word_file_without_tables_is_refused_saying_why(member_client):
    import docx

    document = docx.Document()
    document.add_paragraph("Minutes of the board")
    document.add_paragraph("The board met in May and agreed the plan.")
    out = io.BytesIO()
    document.save(out)
    response = member_client.get(upload(member_client, out.getvalue(), "minutes.docx"))
    text = html.unescape(response.content.decode())
    assert response.status_code == 422
    assert (
        "minutes.docx: the document has no tables: a tracker's actions are rows of a table."
    ) in text
    assert stored_files() == [] and Plan.objects.count() == 0


def test_what_does_not_fit_on_one_page_is_kept_as_proposed_and_said(member_client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = (
        21  # room for 11: the table, its columns, a name, a status
    )
    confirm = upload(member_client)
    page = member_client.get(mapping_url(confirm))
    data = as_proposed(page)
    assert sorted(name for name in data if re.match(r"t1_[sr][0-9]", name)) == ["t1_s1"]
    assert "table 1: some statuses or rows, kept as proposed" in page.content.decode()
    assert member_client.post(mapping_url(confirm), data).status_code == 302
    member_client.post(confirm)
    action = Plan.objects.get().domains.get().actions.order_by("number_order").last()
    assert action.activities.get().text == "Book venues"  # row 5, not shown, as proposed
    assert action.updates.get().status == "complete"  # B, not shown, as proposed


def test_a_column_kept_as_an_extra_field_is_kept_under_the_name_the_person_gives_it(
    member_client,
):
    confirm = upload(member_client)
    page = member_client.get(mapping_url(confirm))
    data = as_proposed(page)
    assert data["t1_c6_f"] == "Success measures"  # the header, proposed as its name
    renamed = data | {"t1_c6_f": "  Measures  of   success "}
    assert member_client.post(mapping_url(confirm), renamed).status_code == 302
    member_client.post(confirm)
    plan = Plan.objects.get()
    assert list(plan.extra_fields.values_list("name", flat=True)) == ["Measures of success"]
    action = plan.domains.get().actions.get(number="1.1")
    assert [(v.field.name, v.text) for v in action.extra_values.all()] == [
        ("Measures of success", "Fewer")
    ]


def test_an_extra_fields_name_too_long_is_refused_naming_the_column(member_client):
    confirm = upload(member_client)
    data = as_proposed(member_client.get(mapping_url(confirm))) | {"t1_c6_f": "x" * 201}
    response = member_client.post(mapping_url(confirm), data)
    text = html.unescape(response.content.decode())
    assert response.status_code == 200 and "<title>Error: " in text
    assert (
        '<a href="#id_t1_c6_f">Name of column 6\'s extra field in table 1 must be 200 '
        "characters or fewer</a>"
    ) in text
    assert "mapping" not in next(iter(member_client.session[SESSION_KEY].values()))


def test_a_row_made_an_action_is_still_offered_and_can_be_made_an_objective_again(
    member_client,
):
    confirm = upload(member_client)
    data = as_proposed(member_client.get(mapping_url(confirm)))
    assert data["t1_r2"] == "objective"
    assert member_client.post(mapping_url(confirm), data | {"t1_r2": "action"}).status_code == 302
    again = member_client.get(mapping_url(confirm))
    text = html.unescape(again.content.decode())
    assert as_proposed(again)["t1_r2"] == "action"  # offered, as the person left it
    assert "You chose to read it as an action. First proposed:" in text
    posted = member_client.post(mapping_url(confirm), as_proposed(again) | {"t1_r2": "objective"})
    assert posted.status_code == 302
    member_client.post(confirm)
    action = Plan.objects.get().domains.get().actions.get(number="1.1")
    assert action.objective.text == "To establish systems"
