"""Checks every file passes before a reader parses it: size, what it really is, zip bombs.

A file's name says what it should be; its first bytes say what it is. A .docx or .xlsx
is a zip of XML parts: its directory is read first, to refuse one that says it would
expand beyond the limits, and then every part is streamed once (zipscan.py) to refuse
one that lies, is damaged, or holds more XML than any tracker, before any library
unpacks it. The limits are settings (limits.py).
"""

import io
import zipfile
from typing import Literal

from improvement_tracker.documents.importers.limits import import_limits, megabytes
from improvement_tracker.plans.plan_document import ImportProblem

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
# Office keeps password-protected .docx/.xlsx (and old .doc/.xls) in this container.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

OfficeKind = Literal["docx", "xlsx"]
_KINDS: dict[OfficeKind, tuple[str, str, str]] = {
    # kind: (what it is called, its main part, the older format's ending)
    "docx": ("a Word document", "word/document.xml", ".doc"),
    "xlsx": ("an Excel workbook", "xl/workbook.xml", ".xls"),
}


def check_size(size: int, name: str) -> None:
    if size == 0:
        raise ImportProblem(f"{name}: the file is empty.")
    largest = import_limits().file_bytes
    if size > largest:
        raise ImportProblem(
            f"{name}: the file is {size / 1024 / 1024:.1f} MB; files over "
            f"{megabytes(largest)} cannot be imported."
        )


def describe(data: bytes) -> str | None:
    """What the first bytes say the file is, in words, when it is not plain text."""
    if data.startswith(ZIP_SIGNATURES):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return "a damaged zip file"
        for kind, (what, part, _) in _KINDS.items():
            if part in names:
                return f"{what} (.{kind})"
        return "a zip file"
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTED_PACKAGE in data:
            return "a password-protected Office document"
        return "an old-format Office document (.doc or .xls)"
    if data.startswith(b"%PDF"):
        return "a PDF"
    return None


def open_office_zip(data: bytes, name: str, kind: OfficeKind) -> zipfile.ZipFile:
    """The file as a zip that is safe to unpack, or a message saying why it is not."""
    what, part, old_ending = _KINDS[kind]
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTED_PACKAGE in data:
            raise ImportProblem(
                f"{name}: the document is password-protected. Remove the password "
                "(in Office: File, Info, Protect, Encrypt with password) and upload it again."
            )
        raise ImportProblem(
            f"{name}: this is an old-format {old_ending} file, not .{kind}. "
            f"Open it and save it as .{kind}, then upload it again."
        )
    if not data.startswith(ZIP_SIGNATURES):
        found = describe(data) or "text or another kind of file"
        raise ImportProblem(f"{name}: this is not {what}: the file is {found}.")
    limits = import_limits()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
        raise ImportProblem(
            f"{name}: the file is damaged and cannot be opened as {what} ({error})."
        ) from error
    if len(entries) > limits.zip_parts:
        raise ImportProblem(
            f"{name}: the file holds {len(entries)} parts; more than {limits.zip_parts} "
            "is not a tracker. It was not opened."
        )
    # What the directory says first (it costs nothing); then what the parts really hold.
    unzipped = sum(entry.file_size for entry in entries)
    if unzipped > limits.unzipped_bytes:
        raise ImportProblem(
            f"{name}: the file would expand to {unzipped / 1024 / 1024:,.1f} MB, more than "
            f"{megabytes(limits.unzipped_bytes)}. It was not opened."
        )
    largest = max(entries, key=lambda entry: entry.file_size, default=None)
    if largest is not None and largest.file_size > limits.part_bytes:
        raise ImportProblem(
            f"{name}: its part {largest.filename} would expand to "
            f"{largest.file_size / 1024 / 1024:,.1f} MB, more than "
            f"{megabytes(limits.part_bytes)}. It was not opened."
        )
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ImportProblem(f"{name}: the document is password-protected. Remove the password.")
    names = {entry.filename for entry in entries}
    if part not in names:
        found = describe(data) or "a zip file"
        raise ImportProblem(f"{name}: this is not {what}: the file is {found}.")
    # Imported here: it loads lxml, which pages that never import a file need not hold.
    from improvement_tracker.documents.importers.zipscan import scan_parts

    scan_parts(archive, source=name, what=what, kind=kind, limits=limits)
    return archive


def refuse_binary(data: bytes, name: str) -> None:
    """A text or CSV file that is really a Word, Excel, PDF or zip file."""
    found = describe(data)
    if found is not None:
        raise ImportProblem(f"{name}: this is not a text file: it is {found}.")


def refuse_nul(text: str, name: str) -> None:
    """Text never holds a NUL character; a file that does is binary, or UTF-16 without its
    byte-order mark, and PostgreSQL could not store it."""
    at = text.find("\x00")
    if at >= 0:
        line = text.count("\n", 0, at) + 1
        raise ImportProblem(
            f"{name}, line {line}: the file holds a NUL character (a zero byte), which text "
            "never does. Save it again as UTF-8 text, then upload it again."
        )
