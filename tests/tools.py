"""Real clients the tests open exported files with (LibreOffice, pdftotext).

With CI=true a missing tool fails the test: CI installs them (.ci/run) and every test
must run there. On a developer's machine without them the test is skipped, and the
message says what to install.
"""

import os
import shutil

import pytest

# Debian's packages for the export tests: LibreOffice opens the Word and Excel files,
# poppler-utils reads the PDFs, and the PDF is laid out in Liberation Sans (DejaVu Sans
# for the characters it lacks). .ci/run installs the same packages; so does the README.
EXPORT_PACKAGES = (
    "libreoffice-writer-nogui",
    "libreoffice-calc-nogui",
    "poppler-utils",
    "fonts-liberation2",
    "fonts-dejavu-core",
)
INSTALL = "sudo apt-get install " + " ".join(EXPORT_PACKAGES)


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is not None:
        return path
    message = f"{name} is not installed. On Debian or Ubuntu: {INSTALL}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must run this test.")
    pytest.skip(message)
