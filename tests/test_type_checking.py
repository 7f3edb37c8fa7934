"""Strict mypy (run by `make lint`) reads every module of the application, and nothing
in its configuration checks one of them less strictly (ADR 0031)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("improvement_tracker", "config")


def _mypy_settings() -> dict[str, object]:
    with (ROOT / "pyproject.toml").open("rb") as config:
        settings: dict[str, object] = tomllib.load(config)["tool"]["mypy"]
    return settings


def _listed(path: Path, files: list[str]) -> bool:
    return any(path == ROOT / entry or (ROOT / entry) in path.parents for entry in files)


def test_mypy_reads_every_module_of_the_application():
    settings = _mypy_settings()
    files = settings["files"]
    assert isinstance(files, list)
    modules = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
    assert len(modules) > 100
    unread = [str(path.relative_to(ROOT)) for path in modules if not _listed(path, files)]
    assert unread == []


def test_mypy_is_strict_and_no_override_relaxes_it_for_our_modules():
    settings = _mypy_settings()
    assert settings["strict"] is True
    assert "ignore-without-code" in settings["enable_error_code"]
    overrides = settings.get("overrides", [])
    assert isinstance(overrides, list)
    relaxed = [
        module
        for override in overrides
        for module in (
            override["module"] if isinstance(override["module"], list) else [override["module"]]
        )
        if module.split(".")[0] in PACKAGES
    ]
    assert relaxed == []
