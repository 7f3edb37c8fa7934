import gc
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


def test_workers_hide_their_start_up_objects_from_the_garbage_collector():
    conf = runpy.run_path(str(CONF))
    try:
        conf["post_worker_init"](worker=None)
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
