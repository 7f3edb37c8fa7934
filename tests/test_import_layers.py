"""The layers the code keeps (docs/architecture.md, ADR 0032) are import-linter contracts in
pyproject.toml. `make lint` runs them; so does this test, so that pytest alone (the
PostgreSQL run too) fails on an import that runs against them, and says which."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_runs_down_the_layers(monkeypatch):
    monkeypatch.chdir(ROOT)
    broken = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert broken == 0, "An import runs against the layers: see the contract report above"


def _contract(contract_id):
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["id"] == contract_id)


def _modules(*endings):
    """Every module of the app whose file name ends in one of `endings` (dotted names)."""
    package = ROOT / "improvement_tracker"
    return {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and path.stem.endswith(endings)
    }


PAGES = ("views", "archive_page")
FORMS = ("forms",)


def test_services_may_import_no_page_and_no_form_however_the_module_is_named():
    """A new `*_views.py` or `*_forms.py` is held by the contract without anyone
    remembering to list it."""
    forbidden = set(_contract("services")["forbidden_modules"])
    assert _modules(*PAGES, *FORMS) - forbidden == set()


def test_selectors_and_the_hot_path_may_import_no_page():
    for contract_id in ("reads", "hotpath"):
        forbidden = set(_contract(contract_id)["forbidden_modules"])
        assert _modules(*PAGES) - forbidden == set(), contract_id
