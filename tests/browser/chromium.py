"""Where the browser tests find Chromium, and what to say when they cannot."""

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
INSTALL_HINT = "Browser tests need Chromium: sudo apt-get install chromium (Debian) — see README"
# The closed network here refuses Chromium's background calls; these flags stop it trying.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make setup installs it)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"there is no Chromium at {CHROMIUM}"
    return None


def report_header() -> str:
    problem = browser_missing()
    return f"browser tests: {'skipped, ' + problem if problem else f'Chromium at {CHROMIUM}'}"
