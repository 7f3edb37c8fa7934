"""Board packs issued and kept (issue 20): frozen as at the board, unchanged byte for byte
whatever is edited later, issued again by archiving, never deleting."""

import dataclasses
import datetime as dt
import hashlib
import io
import json

import docx
import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from improvement_tracker.audit.models import AuditEvent, Verb
from improvement_tracker.documents.exporters import FORMATS
from improvement_tracker.documents.exporters.board import change_cells
from improvement_tracker.documents.packs import PACK_FORMATS, pack_as_of, pack_issue, pack_store
from improvement_tracker.plans.changes import ChangeKind
from improvement_tracker.plans.charts import exceptions_chart, status_chart
from improvement_tracker.plans.models import BoardPack, BoardPackFile
from improvement_tracker.plans.rag import Status
from improvement_tracker.plans.selectors.changes import plan_changes
from improvement_tracker.plans.selectors.tracker import plan_tracker
from improvement_tracker.plans.selectors.trends import plan_trends
from improvement_tracker.plans.services.actions import action_edit
from improvement_tracker.plans.services.archiving import action_archive, plan_archive
from improvement_tracker.plans.services.rules import EditRefused
from tests.factories import ActionFactory, DomainFactory, UserFactory, record_update

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
BOARD = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def on_a_fixed_day():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def actions():
    """Two domains' actions: one off track and overdue, one on track, one not rated."""
    help_domain = DomainFactory(label="Help and Protection", position=1)
    care = DomainFactory(plan=help_domain.plan, label="Children in Care", position=2)
    late = ActionFactory(
        domain=help_domain, number="1", status=Status.ON_TRACK, timescale_text="01/04/2021"
    )
    steady = ActionFactory(
        domain=help_domain, number="2", status=Status.ON_TRACK, high_priority=True
    )
    unrated = ActionFactory(domain=care, number="1", timescale_text="31/12/2030")
    return late, steady, unrated


def downloaded(client, pack, kind):
    url = reverse("documents:board_pack_file", args=[pack.plan.slug, pack.pk, kind])
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_issuing_freezes_four_files_with_their_checksums(actions):
    plan = actions[0].domain.plan
    pack = pack_issue(plan=plan, board_date=BOARD, by=None)
    files = {file.kind: file for file in pack.files.all()}
    assert sorted(files) == sorted(PACK_FORMATS)
    for kind, file in files.items():
        content = bytes(file.content)
        assert file.sha256 == hashlib.sha256(content).hexdigest()
        assert file.name == f"{plan.slug}-board-pack-2026-11-18.{kind}"
    assert bytes(files["pdf"].content).startswith(b"%PDF")
    assert bytes(files["docx"].content).startswith(b"PK")
    assert bytes(files["csv"].content).startswith(b"\xef\xbb\xbf")
    assert (pack.board_date, pack.since, pack.archived_at) == (BOARD, None, None)


def test_the_snapshot_equals_the_trackers_tables_and_flags_as_at_the_board(actions):
    late, steady, _ = actions
    plan = late.domain.plan
    record_update(late, made_on=BOARD, status=Status.AT_RISK, progress="Slipping.")
    record_update(
        steady, made_on=BOARD + dt.timedelta(days=1), status=Status.COMPLETE, progress="Done."
    )
    pack = pack_issue(plan=plan, board_date=BOARD, by=None)
    tracker = plan_tracker(plan=plan, as_of=BOARD)
    snapshot = BoardPack.objects.get(pk=pack.pk).snapshot  # as read back from the database
    assert snapshot["as_of"] == "2026-11-18"
    assert snapshot["table1"] == {
        column: {row: counts[row] for row in tracker.table1_rows}
        for column, counts in tracker.table1.items()
    }
    assert snapshot["table1_rows"] == tracker.table1_rows
    assert snapshot["table2"] == tracker.table2
    # The update made after the board is not in the pack: action 2 is still on track.
    assert snapshot["table1"]["Totals"]["Green"] == 1
    assert snapshot["table1"]["Totals"]["Completed"] == 0
    assert snapshot["flags"]["total"] == tracker.flag_total > 0
    assert snapshot["flags"]["counts"] == tracker.flag_counts
    flagged = {(f["domain"], f["reference"], f["kind"]) for f in snapshot["flags"]["actions"]}
    assert ("Help and Protection", "1", "contradicts_key") in flagged
    assert snapshot["action_count"] == 3
    json.dumps(snapshot)  # plain JSON all through


def test_issued_files_are_unchanged_byte_for_byte_after_later_edits(actions, client):
    late, steady, unrated = actions
    plan = late.domain.plan
    pack = pack_issue(plan=plan, board_date=BOARD, by=None)
    issued = {f.kind: (bytes(f.content), f.sha256) for f in BoardPackFile.objects.filter(pack=pack)}
    snapshot = BoardPack.objects.get(pk=pack.pk).snapshot

    record_update(late, made_on=BOARD, status=Status.COMPLETE, progress="All done after all.")
    steady.refresh_from_db()
    action_edit(
        action=steady, text="Words changed after the board.", lead_text="Someone else",
        leads=[], timescale_text="31/03/2027", high_priority=False,
        expected_version=steady.version, by=None,
    )  # fmt: skip
    unrated.refresh_from_db()
    action_archive(action=unrated, by=None, expected_version=unrated.version)

    user = UserFactory(is_superuser=True)
    client.force_login(user)
    for kind, (content, sha256) in issued.items():
        response = downloaded(client, pack, kind)
        assert response.content == content, kind
        assert hashlib.sha256(response.content).hexdigest() == sha256
    assert BoardPack.objects.get(pk=pack.pk).snapshot == snapshot
    # A pack issued now reads the edits: the frozen one did not.
    again = pack_issue(plan=plan, board_date=BOARD, by=None)
    assert again.files.get(kind="csv").sha256 != issued["csv"][1]


def test_issuing_again_for_the_same_board_archives_the_earlier_pack_and_keeps_both(actions, client):
    plan = actions[0].domain.plan
    first = pack_issue(plan=plan, board_date=BOARD, by=None)
    record_update(actions[0], made_on=BOARD, status=Status.COMPLETE, progress="Done now.")
    second = pack_issue(plan=plan, board_date=BOARD, by=None)
    first.refresh_from_db()
    assert first.archived_at is not None
    assert second.archived_at is None
    assert BoardPack.objects.filter(plan=plan).count() == 2
    client.force_login(UserFactory(is_superuser=True))
    for pack in (first, second):
        for kind in PACK_FORMATS:
            stored = pack.files.get(kind=kind)
            assert downloaded(client, pack, kind).content == bytes(stored.content)
    archived = AuditEvent.objects.get(verb=Verb.ARCHIVE, object_type="plans.boardpack")
    assert archived.object_id == str(first.pk)
    issued = AuditEvent.objects.filter(verb=Verb.CREATE, object_type="plans.boardpack")
    assert issued.count() == 2
    assert issued.order_by("id").last().after["replaces"] == [first.pk]


def test_since_is_the_previous_live_packs_board_date(actions):
    plan = actions[0].domain.plan
    october = pack_issue(plan=plan, board_date=dt.date(2026, 10, 21), by=None)
    assert october.since is None
    november = pack_issue(plan=plan, board_date=BOARD, by=None)
    assert november.since == dt.date(2026, 10, 21)
    assert november.snapshot["since"] == "2026-10-21"
    # Issuing November again still runs from October, not from the pack it archives.
    assert pack_issue(plan=plan, board_date=BOARD, by=None).since == dt.date(2026, 10, 21)


def test_a_board_still_to_come_reads_the_plan_as_at_today(actions):
    plan = actions[0].domain.plan
    december = dt.date(2026, 12, 16)
    assert pack_as_of(december, dt.date(2026, 11, 20)) == dt.date(2026, 11, 20)
    assert pack_as_of(BOARD, dt.date(2026, 11, 20)) == BOARD
    record_update(actions[0], made_on=dt.date(2026, 11, 19), status=Status.COMPLETE, progress="x")
    pack = pack_issue(plan=plan, board_date=december, by=None)
    assert pack.snapshot["as_of"] == "2026-11-20"
    assert pack.snapshot["table1"]["Totals"]["Completed"] == 1


def test_an_archived_plan_issues_nothing(actions):
    plan = actions[0].domain.plan
    plan_archive(plan=plan, by=None)
    plan.refresh_from_db()
    with pytest.raises(EditRefused, match="archived"):
        pack_issue(plan=plan, board_date=BOARD, by=None)
    assert not BoardPack.objects.exists()
    assert not BoardPackFile.objects.exists()


def test_issuing_is_audited_with_each_files_checksum(actions):
    plan = actions[0].domain.plan
    manager = UserFactory()
    pack = pack_issue(plan=plan, board_date=BOARD, by=manager)
    event = AuditEvent.objects.get(verb=Verb.CREATE, object_type="plans.boardpack")
    assert (event.actor, event.plan_id, event.object_id) == (manager, plan.pk, str(pack.pk))
    assert event.summary == "Issued the board pack for 18 November 2026"
    assert event.after["files"] == {f.name: f.sha256 for f in pack.files.all()}
    assert pack.issued_by == manager
    assert pack.issued_at == timezone.now()


# The command: the same service, clear errors.


def run(*args):
    out = io.StringIO()
    call_command("issue_pack", *args, stdout=out)
    return out.getvalue()


def test_issue_pack_command_issues_and_prints_each_file(actions):
    plan = actions[0].domain.plan
    printed = run(plan.slug, "--board-date", "2026-11-18")
    pack = BoardPack.objects.get(plan=plan)
    assert printed.startswith(
        f"Issued the board pack for 2026-11-18 of {plan.slug} (the plan as at 2026-11-18):"
    )
    for file in pack.files.all():
        assert f"{file.name}  sha256 {file.sha256}" in printed
    assert pack.issued_by is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-plan", "--board-date", "2026-11-18"], "There is no plan 'no-such-plan'."),
        (
            ["{slug}", "--board-date", "18/11/2026"],
            "'18/11/2026' is not a date written as YYYY-MM-DD",
        ),
    ],
)
def test_issue_pack_command_refuses_clearly(actions, args, message):
    plan = actions[0].domain.plan
    with pytest.raises(CommandError, match=message):
        run(*(arg.format(slug=plan.slug) for arg in args))
    assert not BoardPack.objects.exists()


def test_issue_pack_command_refuses_an_archived_plan(actions):
    plan = actions[0].domain.plan
    plan_archive(plan=plan, by=None)
    with pytest.raises(CommandError, match="is archived and cannot be changed"):
        run(plan.slug, "--board-date", "2026-11-18")
    assert not BoardPack.objects.exists()


def unwritable(document):
    raise RuntimeError("Typst could not lay out the PDF")


def test_a_file_that_cannot_be_written_leaves_nothing_issued(actions, monkeypatch):
    plan = actions[0].domain.plan
    earlier = pack_issue(plan=plan, board_date=BOARD, by=None)
    events = AuditEvent.objects.count()

    broken = dataclasses.replace(FORMATS["pdf"], writer=f"{__name__}.unwritable")
    monkeypatch.setitem(FORMATS, "pdf", broken)
    with pytest.raises(RuntimeError, match="Typst"):
        pack_issue(plan=plan, board_date=BOARD, by=None)
    assert list(BoardPack.objects.values_list("pk", "archived_at")) == [(earlier.pk, None)]
    assert BoardPackFile.objects.count() == len(PACK_FORMATS)
    assert AuditEvent.objects.count() == events


def test_a_pack_issued_for_an_earlier_board_meanwhile_refuses_the_one_being_written(actions):
    plan = actions[0].domain.plan
    pack_issue(plan=plan, board_date=dt.date(2026, 10, 21), by=None)  # while ours was written
    with pytest.raises(EditRefused, match="Another board pack was issued"):
        pack_store(plan=plan, board_date=BOARD, since=None, snapshot={}, files=[], by=None)
    assert not BoardPack.objects.filter(board_date=BOARD).exists()


# The board section: what changed (plans/selectors/changes.py) and the trends
# (plans/selectors/trends.py, plans/charts.py), read to the day the pack reads the plan.


def test_a_pack_after_an_earlier_board_carries_what_changed_and_the_trends(actions):
    late, steady, _ = actions
    plan = late.domain.plan
    october = dt.date(2026, 10, 21)
    pack_issue(plan=plan, board_date=october, by=None)
    record_update(steady, made_on=dt.date(2026, 11, 2), status=Status.OFF_TRACK, progress="Stuck.")
    pack = pack_issue(plan=plan, board_date=BOARD, by=None)

    expected = plan_changes(plan, since=october, until=BOARD)
    assert pack.snapshot["changes"] == [change.as_json() for change in expected]
    worse = [c for c in expected if c.kind is ChangeKind.STATUS_WORSE]
    assert [(c.domain, c.reference, c.before, c.after) for c in worse] == [
        ("Help and Protection", "2", "Green", "Red")
    ]
    trends = plan_trends(plan, dates=[october, BOARD])
    charts = [status_chart(trends)]
    charts += [status_chart(trends, domain=domain) for domain in trends.domains]
    charts.append(exceptions_chart(trends))
    kept = [(c["title"], c["headers"], c["rows"]) for c in pack.snapshot["charts"]]
    assert kept == [(c.title, list(c.headers), [list(r) for r in c.rows]) for c in charts]
    # The plan's chart counts Table 1's totals as at each board.
    totals = {row[0]: row[-1] for row in pack.snapshot["charts"][0]["rows"]}
    assert totals == {"21 October 2026": "3", "18 November 2026": "3"}

    word = docx.Document(io.BytesIO(bytes(pack.files.get(kind="docx").content)))
    assert len(word.inline_shapes) == len(charts) == 4
    rows = [[cell.text for cell in row.cells] for table in word.tables for row in table.rows]
    assert change_cells(worse[0]) in rows
    workbook = load_workbook(io.BytesIO(bytes(pack.files.get(kind="xlsx").content)))
    assert workbook.sheetnames[-2:] == ["What changed", "Trends"]


def test_a_plans_first_pack_has_no_changes_and_trends_over_the_last_year(actions):
    plan = actions[0].domain.plan
    pack = pack_issue(plan=plan, board_date=BOARD, by=None)
    assert pack.snapshot["changes"] == []
    dates = [row[0] for row in pack.snapshot["charts"][0]["rows"]]
    assert len(dates) == 13  # each month end of the last year, and the board
    assert dates[-2:] == ["31 October 2026", "18 November 2026"]
