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
