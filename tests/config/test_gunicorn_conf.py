import os
import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parent.parent.parent / "config" / "gunicorn.conf.py"


def test_one_worker_per_core_by_default(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    conf = runpy.run_path(str(CONF))
    assert conf["workers"] == len(os.sched_getaffinity(0))
    assert conf["wsgi_app"] == "config.wsgi:application"
    assert conf["bind"] == "127.0.0.1:8000"


def test_web_concurrency_and_bind_override_the_defaults(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    monkeypatch.setenv("BIND", "0.0.0.0:8080")
    conf = runpy.run_path(str(CONF))
    assert conf["workers"] == 5
    assert conf["bind"] == "0.0.0.0:8080"
