"""Bad files get a clear message naming the file, and change nothing stored."""

import io
import re
import zipfile

import pytest
from django.core.management import CommandError, call_command

from improvement_tracker.documents.importers import read_plan_bytes, read_plan_file
from improvement_tracker.documents.importers.files import OLE_SIGNATURE
from improvement_tracker.documents.importers.limits import import_limits
from improvement_tracker.plans.models import Action, Domain, Plan
from improvement_tracker.plans.plan_document import ImportProblem
from tests.documents.builders import Domain as WordDomain
from tests.documents.builders import Row, csv_tracker, excel_tracker, word_tracker

WORD = word_tracker([WordDomain("HELP AND PROTECTION", [[Row("1", "Do the thing.")]])])
EXCEL = excel_tracker([{"No": 1, "Action": "Do the thing."}])


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A .docx whose document part is 301 MB of zeros, squeezed into about 300 KB."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        chunk = bytes(1024 * 1024)
        for _ in range(301):
            part.write(chunk)
    return out.getvalue()


ENCRYPTED = OLE_SIGNATURE + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(100)

BAD_FILES = [
    ("plan.docx", b"Council\nPlan\n", "plan.docx: this is not a Word document: the file is text"),
    ("plan.docx", b"%PDF-1.7 ...", "plan.docx: this is not a Word document: the file is a PDF."),
    ("plan.docx", EXCEL, "plan.docx: this is not a Word document: the file is an Excel workbook"),
    ("plan.xlsx", WORD, "plan.xlsx: this is not an Excel workbook: the file is a Word document"),
    ("plan.csv", WORD, "plan.csv: this is not a text file: it is a Word document (.docx)."),
    ("plan.txt", EXCEL, "plan.txt: this is not a text file: it is an Excel workbook (.xlsx)."),
    ("plan.docx", WORD[: len(WORD) // 2], "plan.docx: the file is damaged and cannot be opened"),
    (
        "plan.docx",
        zipped({"word/document.xml": b"<w:document><w:body>"}),
        "plan.docx: the document is damaged and cannot be read",
    ),
    ("plan.xlsx", zipped({"xl/workbook.xml": b"<nonsense"}), "plan.xlsx: the workbook is damaged"),
    ("plan.docx", ENCRYPTED, "plan.docx: the document is password-protected."),
    ("plan.xlsx", ENCRYPTED, "plan.xlsx: the document is password-protected."),
    (
        "plan.docx",
        OLE_SIGNATURE + bytes(600),
        "plan.docx: this is an old-format .doc file, not .docx.",
    ),
    ("plan.docx", b"", "plan.docx: the file is empty."),
    ("plan.xlsx", b"", "plan.xlsx: the file is empty."),
    ("plan.csv", b"", "plan.csv: the file is empty."),
    ("plan.csv", b"\r\n \r\n", "plan.csv: the file is empty."),
    (
        "plan.docx",
        zipped({f"part{n}.xml": b"" for n in range(import_limits().zip_parts + 1)}),
        f"plan.docx: the file holds {import_limits().zip_parts + 1} parts",
    ),
    (
        "plan.xlsx",
        excel_tracker([{"Name": "x", "Thing": "y"}]),
        "plan.xlsx: no sheet has a recognisable header row in its first 30 rows",
    ),
    (
        "plan.csv",
        csv_tracker([["Name", "Thing"], ["1", "x"]]),
        "plan.csv: no row has a recognisable header row",
    ),
    ("plan.pdf", b"%PDF-1.7", "plan.pdf: files ending '.pdf' cannot be imported"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_naming_it(name, data, message):
    with pytest.raises(ImportProblem) as raised:
        read_plan_bytes(data, name=name)
    assert str(raised.value).startswith(message), str(raised.value)


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    data = zip_bomb()
    assert len(data) < 2 * 1024 * 1024
    with pytest.raises(ImportProblem, match=r"^plan.docx: the file would expand to 301.0 MB"):
        read_plan_bytes(data, name="plan.docx")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.docx"
    with big.open("wb") as file:
        file.truncate(import_limits().file_bytes + 1)  # sparse: no 20 MB written to disk
    with pytest.raises(ImportProblem, match=re.escape("big.docx: the file is 20.0 MB; files over")):
        read_plan_file(big)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES[:12])
def test_import_plan_with_a_bad_file_changes_nothing(example_plan, tmp_path, name, data, message):
    before = (Plan.objects.count(), Domain.objects.count(), Action.objects.count())
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match="^" + re.escape(message)):
        call_command("import_plan", str(path), "--replace")
    assert (Plan.objects.count(), Domain.objects.count(), Action.objects.count()) == before
    assert Plan.objects.get(pk=example_plan.pk).archived_at is None
