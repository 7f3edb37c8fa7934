"""Run an exporter in a process of its own (ADR 0017).

Writing a large plan as Word or Excel loads python-docx or openpyxl and lxml, and builds
tens of megabytes of XML objects; an app server that did it in its own process would
keep that memory for good. Here a fresh interpreter writes the file and ends, giving
everything back. The document goes to it pickled on standard input (it is our own
process talking to its own child, never outside data) and the file comes back on
standard output. Starting it costs about 0.1 s.
"""

import pickle
import subprocess
import sys
from pathlib import Path

from django.utils.module_loading import import_string

from improvement_tracker.plans.plan_document import PlanDocument

ROOT = Path(__file__).resolve().parents[3]
WRITERS = frozenset(
    {
        "improvement_tracker.documents.exporters.docx.write_docx",
        "improvement_tracker.documents.exporters.xlsx.write_xlsx",
    }
)
WRITE_SECONDS = 300


def write_apart(writer: str, document: PlanDocument) -> bytes:
    if writer not in WRITERS:
        raise ValueError(f"Not an exporter that runs apart: {writer}")
    written = subprocess.run(  # noqa: S603 - this interpreter, our own module, a fixed name
        [sys.executable, "-m", __name__, writer],
        input=pickle.dumps(document),
        capture_output=True,
        cwd=ROOT,
        timeout=WRITE_SECONDS,
        check=False,
    )
    if written.returncode != 0 or not written.stdout:
        problem = written.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"{writer} could not write the file: {' '.join(problem)}")
    return written.stdout


def _write(writer: str) -> None:
    if writer not in WRITERS:
        raise SystemExit(f"Not an exporter that runs apart: {writer}")
    document = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our parent process
    sys.stdout.buffer.write(import_string(writer)(document))


if __name__ == "__main__":
    _write(sys.argv[1])
