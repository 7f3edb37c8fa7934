"""A test skipped for want of a tool says how to install it, and the README and CI agree."""

import re
from pathlib import Path

import pytest

from tests.tools import EXPORT_PACKAGES, INSTALL, require_tool

ROOT = Path(__file__).resolve().parent.parent


def test_a_missing_tool_is_skipped_with_the_apt_command(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        require_tool("no-such-tool-here")
    assert str(skipped.value) == (
        "no-such-tool-here is not installed. On Debian or Ubuntu: sudo apt-get install "
        "libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2 "
        "fonts-dejavu-core"
    )


def test_in_ci_a_missing_tool_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run this test"):
        require_tool("no-such-tool-here")


def test_ci_and_the_readme_install_the_same_packages():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = re.search(r"packages=\((.*?)\)", ci, re.S)
    assert listed is not None
    assert set(EXPORT_PACKAGES) <= set(listed[1].split())
    assert INSTALL in (ROOT / "README.md").read_text(encoding="utf-8")
