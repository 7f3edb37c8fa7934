"""The docs say what is there: every path docs/architecture.md names exists (with the
function it names, where it names one), every ADR says whether it stands, and every
section of docs/performance.md the code cites is there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "improvement_tracker"
DECISIONS = ROOT / "docs" / "decisions"
FILE = r"[\w.-]+\.(?:py|md|html|scss|typ|txt|toml|json|conf\.py)"
# Where a file named on its own, in a row about its directory, is looked for.
SEARCHED = [APP, ROOT / "config", ROOT / "bench", ROOT / "tests", ROOT / ".ci"]


def named_paths(markdown: str) -> set[str]:
    """What a Markdown text names as a path: `code` with a slash or a file's ending, and
    the paths in its fenced blocks. Addresses (`/healthz`) and commands are not paths."""
    fenced = re.findall(r"```.*?```", markdown, re.S)
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
    names = set(re.findall(rf"[\w/-]+/{FILE}", "".join(fenced)))
    for code in re.findall(r"`([^`\n]+)`", prose):
        if code.startswith("/") or " " in code.split(": ")[0]:
            continue
        if "/" in code or re.fullmatch(FILE, code.split(": ")[0]):
            names.add(code)
    return names


def located(path: str) -> list[Path]:
    if "/" in path:
        return [root / path for root in (ROOT, APP) if (root / path).exists()]
    at_the_top = [ROOT / path] if (ROOT / path).exists() else []
    return at_the_top + [hit for root in SEARCHED for hit in root.rglob(path)]


def missing(name: str) -> str | None:
    """Why `name` does not resolve, or None. `plans/views.py: _cached_parts` and
    `core/middleware.no_store` name a function in a module as well."""
    path, _, attribute = name.partition(": ")
    found = located(path)
    if not found and "." in path.rsplit("/", 1)[-1]:  # module.attribute
        path, attribute = path.rsplit(".", 1)
        path += ".py"
        found = located(path)
    if not found:
        return f"{path} does not exist"
    if attribute:
        defined = re.compile(rf"^\s*(def|class)\s+{re.escape(attribute)}\b|^{attribute}\s*=", re.M)
        if not any(defined.search(hit.read_text(encoding="utf-8")) for hit in found):
            return f"{path} defines no {attribute}"
    return None


def test_the_check_finds_drifted_paths():
    named = named_paths(
        "`plans/rag.py` `tests/plans/test_none.py` `/healthz` `make test` `rows.py`\n"
        "`core/middleware.no_store` `plans/views.py: nothing_here`\n"
        "```\n→ services (plans/services/actions.py: one transaction each)\n```\n"
    )
    assert named == {
        "plans/rag.py",
        "tests/plans/test_none.py",
        "rows.py",
        "core/middleware.no_store",
        "plans/views.py: nothing_here",
        "plans/services/actions.py",
    }
    assert {name: missing(name) for name in sorted(named)} == {
        "core/middleware.no_store": None,
        "plans/rag.py": None,
        "plans/services/actions.py": None,
        "plans/views.py: nothing_here": "plans/views.py defines no nothing_here",
        "rows.py": None,
        "tests/plans/test_none.py": "tests/plans/test_none.py does not exist",
    }


def test_every_path_the_architecture_names_exists():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = named_paths(text)
    assert len(named) > 80  # the check reads the document's tables, not nothing
    problems = {name: why for name in sorted(named) if (why := missing(name))}
    assert problems == {}


STATUS = re.compile(r"Status: (Accepted|Superseded by (\d{4})|Amended by (\d{4}(?:, \d{4})*))")


def test_every_decision_says_whether_it_stands():
    numbers = {path.name[:4] for path in DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md")}
    problems = []
    for path in sorted(DECISIONS.glob("[0-9][0-9][0-9][0-9]-*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        status = STATUS.match(lines[2]) if len(lines) > 2 and lines[1] == "" else None
        if status is None:
            problems.append(f"{path.name}: the line after its title is not a Status line")
            continue
        later = re.findall(r"\d{4}", status[0])
        problems += [f"{path.name}: no ADR {n}" for n in later if n not in numbers]
        problems += [f"{path.name}: {n} is not later" for n in later if n <= path.name[:4]]
    assert problems == []


def test_every_section_of_performance_md_the_code_cites_is_there():
    headings = [
        line.lstrip("#").strip()
        for line in (ROOT / "docs" / "performance.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    cited = {
        (str(path.relative_to(ROOT)), section)
        for root in SEARCHED
        for path in root.rglob("*.py")
        for section in re.findall(
            r'docs/performance\.md,\s+"([^"]+)"', path.read_text(encoding="utf-8")
        )
    }
    assert cited, "the code cites sections of performance.md; the search found none"
    absent = {
        (where, section)
        for where, section in cited
        if not any(heading.startswith(section) for heading in headings)
    }
    assert absent == set()
