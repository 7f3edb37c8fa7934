"""App servers load the heavy libraries only when a page needs them (docs/performance.md).

python-docx, openpyxl and lxml (Word and Excel files), mozilla-django-oidc with requests
and cryptography (single sign-on) together cost a worker about 20 MiB it would keep for
good. Typst (PDF) is never loaded by an app server at all: it lays out in a process of
its own.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["docx", "openpyxl", "lxml", "requests", "cryptography", "jwt", "typst"]

PROBE = """
import json, sys
import django
django.setup()
import config.urls  # every view module, as the first request loads them
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded_after_start_up(probe: str = PROBE) -> set[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_no_heavy_library_is_loaded_by_the_url_configuration():
    assert loaded_after_start_up().isdisjoint(HEAVY)


def test_the_probe_would_see_a_heavy_library():
    probe = PROBE.replace("import config.urls", "import config.urls, openpyxl")
    assert "openpyxl" in loaded_after_start_up(probe)
