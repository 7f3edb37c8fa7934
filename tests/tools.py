"""Real clients the tests open exported files with (LibreOffice, pdftotext).

With CI=true a missing tool fails the test: CI installs them (.ci/run) and every test
must run there. On a developer's machine without them the test is skipped, saying why.
"""

import os
import shutil

import pytest


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is not None:
        return path
    message = f"{name} is not installed (Debian: see the packages .ci/run installs)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}; CI must run this test.")
    pytest.skip(message)
