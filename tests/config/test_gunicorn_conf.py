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


def _rss_kib():
    return int(Path("/proc/self/status").read_text().split("VmRSS:")[1].split()[0])


def test_workers_give_freed_memory_back_after_a_heavy_request():
    conf = runpy.run_path(str(CONF))
    assert conf["_malloc_trim"] is not None  # glibc, as on Debian

    class Worker:
        pass

    worker = Worker()
    conf["pre_request"](worker, req=None)
    # What a heavy request leaves behind: many mid-sized blocks, freed, in glibc's heap,
    # below something that outlives the request (a cached page), so glibc cannot simply
    # shrink the heap from the top by itself.
    blocks = [bytearray(4000) for _ in range(20_000)]
    kept = bytearray(4000)
    grown = _rss_kib()
    del blocks
    worker.request_started -= conf["HEAVY_REQUEST_SECONDS"]  # as if it took that long
    conf["post_request"](worker, req=None, environ={}, resp=None)
    assert _rss_kib() < grown - 40_000  # most of the 80 MB is given back
    assert kept


def test_quick_requests_are_not_slowed_by_trimming(monkeypatch):
    conf = runpy.run_path(str(CONF))
    calls = []
    conf["post_request"].__globals__["_malloc_trim"] = lambda pad: calls.append(pad)
    worker = type("Worker", (), {})()
    conf["pre_request"](worker, req=None)
    conf["post_request"](worker, req=None, environ={}, resp=None)
    assert calls == []
    worker.request_started -= 1
    conf["post_request"](worker, req=None, environ={}, resp=None)
    assert calls == [0]
