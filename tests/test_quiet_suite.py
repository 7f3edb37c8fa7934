"""The suite's progress output is pytest's alone: no test writes past its capture.

A test that prints with capture disabled (`capsys.disabled()`, `capfd.disabled()`) or to
the real terminal (`sys.__stdout__`) breaks the line of dots with its own text on every
run. What a test wants to show belongs in its assertion's message, shown when it fails.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
CAPTURE_FIXTURES = {"capsys", "capfd", "capsysbinary", "capfdbinary"}
REAL_STREAMS = {"__stdout__", "__stderr__"}


def writes_past_capture(source: str) -> list[int]:
    """The lines of `source` that step around pytest's capture."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute):
            owner = node.value
            if (
                node.attr == "disabled"
                and isinstance(owner, ast.Name)
                and owner.id in CAPTURE_FIXTURES
            ) or (node.attr in REAL_STREAMS and isinstance(owner, ast.Name) and owner.id == "sys"):
                found.append(node.lineno)
    return found


def test_the_check_finds_printing_past_capture():
    assert writes_past_capture("with capsys.disabled():\n    print('table')\n") == [1]
    assert writes_past_capture("import sys\nsys.__stdout__.write('x')\n") == [2]
    assert writes_past_capture("print('captured, shown only on failure')\n") == []


def test_no_test_prints_into_the_progress_output():
    offenders = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__) and (lines := writes_past_capture(path.read_text("utf-8")))
    }
    assert offenders == {}
