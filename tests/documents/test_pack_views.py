"""The board packs pages (issue 20): the list, issuing a pack, a pack's page, and its files
downloaded as stored. Who may use each is in tests/accounts/test_authorisation.py."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from improvement_tracker.accounts.models import Membership, PlanRole, Role
from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.packs import pack_issue
from improvement_tracker.plans.changes import Change, ChangeKind
from improvement_tracker.plans.models import BoardPack
from improvement_tracker.plans.rag import Status
from tests.factories import ActionFactory, DomainFactory, UserFactory, record_update

pytestmark = pytest.mark.django_db

BOARD = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def plan():
    domain = DomainFactory(label="Help and Protection", position=1)
    ActionFactory(domain=domain, number="1", status=Status.ON_TRACK)
    ActionFactory(domain=domain, number="2", status=Status.OFF_TRACK)
    return domain.plan


def signed_in(client, plan, role, username):
    user = UserFactory(username=username)
    Membership.objects.create(user=user, organisation=plan.organisation)
    PlanRole.objects.create(plan=plan, user=user, role=role)
    client.force_login(user)
    return user


def test_the_list_shows_each_pack_its_files_with_sizes_and_the_archived_as_such(client, plan):
    manager = signed_in(client, plan, Role.MANAGER, "manager")
    earlier = pack_issue(plan=plan, board_date=BOARD, by=manager)
    live = pack_issue(plan=plan, board_date=BOARD, by=manager)
    html = client.get(reverse("documents:board_packs", args=[plan.slug])).content.decode()
    assert "2 board packs issued for this plan" in html
    assert html.count('<tr class="govuk-table__row">') == 1 + 2  # the header and a row each
    assert "20 November 2026, 12:00 by manager" in html
    assert html.count(">Archived</strong>") == 1
    assert html.count(">Live</strong>") == 1
    for pack in (earlier, live):
        for file in pack.files.all():
            url = reverse("documents:board_pack_file", args=[plan.slug, pack.pk, file.kind])
            assert f'href="{url}"' in html
    docx_size = len(bytes(live.files.get(kind="docx").content))
    assert f"({docx_size / 1024:.1f}\xa0KB)" in html
    assert reverse("documents:board_pack_issue", args=[plan.slug]) in html


def test_a_plan_without_packs_says_so_and_only_its_manager_is_offered_to_issue(client, plan):
    signed_in(client, plan, Role.VIEWER, "board-member")
    html = client.get(reverse("documents:board_packs", args=[plan.slug])).content.decode()
    assert "No board pack has been issued for this plan yet." in html
    assert reverse("documents:board_pack_issue", args=[plan.slug]) not in html


def test_the_issue_page_says_what_will_be_frozen(client, plan):
    signed_in(client, plan, Role.MANAGER, "manager")
    pack_issue(plan=plan, board_date=dt.date(2026, 10, 21), by=None)
    html = client.get(reverse("documents:board_pack_issue", args=[plan.slug])).content.decode()
    assert "its 2 live actions in 1 domain" in html
    assert "Table 1, Table 2 and the key-check flags" in html
    assert "Word, PDF, Excel, CSV" in html
    assert "Packs already issued for: 21 October 2026." in html


def test_issuing_from_the_page_freezes_the_pack_and_shows_it(client, plan):
    manager = signed_in(client, plan, Role.MANAGER, "manager")
    url = reverse("documents:board_pack_issue", args=[plan.slug])
    response = client.post(
        url, {"board_date_0": "18", "board_date_1": "11", "board_date_2": "2026"}
    )
    pack = BoardPack.objects.get(plan=plan)
    assert response.status_code == 302
    assert response.url == reverse("documents:board_pack", args=[plan.slug, pack.pk])
    assert (pack.board_date, pack.issued_by) == (BOARD, manager)
    html = client.get(response.url).content.decode()
    assert "Board pack for 18 November 2026" in html
    assert "The plan's first board pack" in html
    for file in pack.files.all():
        assert file.sha256 in html
    assert "Table 1 as issued" in html


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({}, "Enter the board date"),
        (
            {"board_date_0": "31", "board_date_1": "2", "board_date_2": "2026"},
            "The board date must be a real date",
        ),
        (
            {"board_date_0": "1", "board_date_1": "", "board_date_2": "2026"},
            "The board date must include a month",
        ),
    ],
)
def test_a_bad_board_date_is_named_and_nothing_is_issued(client, plan, posted, message):
    signed_in(client, plan, Role.MANAGER, "manager")
    response = client.post(reverse("documents:board_pack_issue", args=[plan.slug]), posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert message in html
    assert not BoardPack.objects.exists()


def test_a_download_is_the_stored_file_under_its_name_audited_as_an_export(client, plan):
    pack = pack_issue(plan=plan, board_date=BOARD, by=None)
    lead = signed_in(client, plan, Role.LEAD_CONTRIBUTOR, "lead")  # may read, not export
    record_update(
        plan.domains.get().actions.get(number="1"),
        made_on=BOARD,
        status=Status.COMPLETE,
        progress="Later.",
    )
    for file in pack.files.all():
        response = client.get(
            reverse("documents:board_pack_file", args=[plan.slug, pack.pk, file.kind])
        )
        assert response.status_code == 200
        assert response["Content-Type"] == FORMATS[file.kind].content_type
        assert response["Content-Disposition"] == f'attachment; filename="{file.name}"'
        assert hashlib.sha256(response.content).hexdigest() == file.sha256
    exports = AuditEvent.objects.filter(verb=Verb.EXPORT, actor=lead).order_by("id")
    assert [event.after["kind"] for event in exports] == [f.kind for f in pack.files.all()]
    assert exports[0].summary.startswith(
        f"Downloaded {pack.files.all()[0].name}, of the board pack"
    )


def test_a_pack_or_file_of_another_plan_answers_404(client, plan):
    other = DomainFactory(plan__organisation=plan.organisation).plan
    pack = pack_issue(plan=other, board_date=BOARD, by=None)
    signed_in(client, plan, Role.MANAGER, "manager")
    for url in [
        reverse("documents:board_pack", args=[plan.slug, pack.pk]),
        reverse("documents:board_pack_file", args=[plan.slug, pack.pk, "pdf"]),
        reverse("documents:board_pack_file", args=[plan.slug, 999, "pdf"]),
    ]:
        assert client.get(url).status_code == 404, url
    own = pack_issue(plan=plan, board_date=BOARD, by=None)
    url = reverse("documents:board_pack_file", args=[plan.slug, own.pk, "odt"])
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(verb=Verb.EXPORT).exists()


def test_an_archived_pack_says_so_and_links_to_the_one_that_replaced_it(client, plan):
    signed_in(client, plan, Role.VIEWER, "board-member")
    first = pack_issue(plan=plan, board_date=BOARD, by=None)
    second = pack_issue(plan=plan, board_date=BOARD, by=None)
    html = client.get(reverse("documents:board_pack", args=[plan.slug, first.pk])).content.decode()
    assert "the pack was issued again for this board" in html
    assert reverse("documents:board_pack", args=[plan.slug, second.pk]) in html


def test_a_packs_page_lists_the_changes_it_was_issued_with(client, plan):
    signed_in(client, plan, Role.VIEWER, "board-member")
    worse = Change(
        "Help and Protection", "2", ChangeKind.STATUS_WORSE, "Amber", "Red", "Amber → Red (worse)"
    )
    pack = BoardPack.objects.create(
        plan=plan,
        board_date=BOARD,
        since=dt.date(2026, 10, 21),
        issued_at=timezone.now(),
        snapshot={"changes": [worse.as_json(), {**worse.as_json(), "kind": "a_later_kind"}]},
    )
    html = client.get(reverse("documents:board_pack", args=[plan.slug, pack.pk])).content.decode()
    assert "2 changes, as issued" in html
    assert '<td class="govuk-table__cell">Status worse</td>' in html
    assert "Amber → Red (worse)" in html
    assert '<td class="govuk-table__cell">a_later_kind</td>' in html  # kept as it was


def test_a_pack_for_a_board_still_to_come_says_it_read_the_plan_as_at_its_issue(client, plan):
    signed_in(client, plan, Role.VIEWER, "board-member")
    pack = pack_issue(plan=plan, board_date=dt.date(2026, 12, 16), by=None)
    html = client.get(reverse("documents:board_pack", args=[plan.slug, pack.pk])).content.decode()
    assert "Board pack for 16 December 2026" in html
    assert "20 November 2026 (the day it was issued: the board was still to come)" in html
