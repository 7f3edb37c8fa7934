"""What the README says the make targets do is what the Makefile does."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(target: str) -> str:
    """What `make TARGET` would run, printed by make without running it."""
    return subprocess.run(  # noqa: S603 - a fixed command in the project's own directory
        ["make", "--dry-run", target],  # noqa: S607 - make as the README runs it
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_make_setup_migrates_and_loads_no_example_as_the_readme_says():
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    setup, run = commands("setup"), commands("run")
    assert "manage.py migrate" in setup and "load_example" not in setup
    assert "load_example" in run
    assert "`make setup` installs, builds and migrates only: it neither loads the example" in readme
