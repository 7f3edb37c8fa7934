import re
import subprocess
from pathlib import Path

import pytest

from improvement_tracker.documents.importers import read_plan_file
from improvement_tracker.plans.rag import EXAMPLE_KEY
from tests.conftest import EXAMPLE
from tests.tools import require_tool


@pytest.fixture(scope="module")
def board_document():
    """The example plan with every status and some high priorities, as a board sees it."""
    document = read_plan_file(EXAMPLE)
    statuses = EXAMPLE_KEY.statuses
    for domain in document.domains:
        for index, action in enumerate(domain.actions):
            action.status = statuses[index % len(statuses)]
            action.high_priority = index % 4 == 0
    from tests.documents.test_round_trip import with_tables

    return with_tables(document)


def squeezed(text: str) -> str:
    """Text without spaces, line breaks or hyphens: how a table wraps it is not its content
    (pdftotext also joins words hyphenated across lines)."""
    return re.sub(r"[\s\-]", "", text)


def libreoffice_convert(path: Path, target: str, tmp_path: Path) -> Path:
    """Open the file in LibreOffice (headless) and save it as `target`, as a user would."""
    soffice = require_tool("soffice")
    out = tmp_path / "converted"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own temporary files
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = out / f"{path.stem}.{target.split(':')[0]}"
    assert converted.exists(), f"LibreOffice could not open {path.name}: {result.stderr}"
    return converted
