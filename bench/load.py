"""Load benchmark: the production-like server on loopback, driven by wrk, on a generated dataset.

Run with `make bench-sqlite` or `make bench-postgres` (that one starts a throw-away
PostgreSQL cluster); by hand: `.venv/bin/python bench/load.py [--quick]`, against
DATABASE_URL if it is set, else a new SQLite file. It

1. migrates a new database and fills it with generate_demo_data (150 organisations x
   5 plans x 60 actions x 24 updates, the last 12 months of them in monthly update rounds
   with their boards' packs, plus the 1,000-action plan; --quick for less),
   then imports a layered 1,000-action plan with five extra fields (bench/layered_plan.py);
2. signs a user in by making a session in the database, and starts gunicorn with the
   production settings on 127.0.0.1 (throw-away loopback secrets, as `make serve`);
3. requests every endpoint in ENDPOINTS once and checks it is the real page (status 200,
   every row present), then drives each one that passed with wrk at 1 and 16
   connections in bounded runs. A Lua script checks every response wrk receives:
   status 200 and the same length as the checked page. An endpoint that does not
   answer 200 (not built yet) is printed as absent, with no figure;
4. prints p50/p90/p99 latency and requests per second against the issue's targets,
   the server's CPU time per request (which other work on the machine does not skew),
   the queries each page makes for a small and a large plan, and the server
   processes' memory before and after the load.

Figures are printed, never asserted; the exit status is non-zero only if a required
page fails its check or a run saw wrong responses.
"""

import argparse
import csv
import datetime as dt
import html
import io
import logging
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WRK_CHECK = Path(__file__).resolve().parent / "wrk_check.lua"
WRK = shutil.which("wrk") or "/usr/bin/wrk"

# As `make serve`: the production settings with THROW-AWAY values for loopback only.
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "loopback-only-throw-away-not-a-secret",
    "AUDIT_CHAIN_KEY": "loopback-only-throw-away-audit-key",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": "http://127.0.0.1:8000",
    "SECURE_SSL_REDIRECT": "false",
}
# "history": the last months of updates as monthly update rounds with their boards' packs.
SIZES = {"plans": 5, "actions": 60, "updates": 24, "history": 12, "large": 1000}
FULL = {"organisations": 150, **SIZES}
QUICK = {"organisations": 10, **SIZES}


# What each endpoint must contain to count as the real page -----------------------------


@dataclass
class Page:
    status: int
    content_type: str
    body: bytes
    location: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Dataset:
    """What the checks compare pages with, read from the database once."""

    large_slug: str
    small_slug: str
    large_anchors: list[str]
    small_anchors: list[str]
    layered_slug: str  # section → objective → action → activity, five extra fields
    layered_anchors: list[str]
    plan_slugs: list[str]
    first_page_slugs: list[str]  # the plan list's first page
    action: dict[str, object]
    action_history: list[str]


Check = Callable[[Page, Dataset], tuple[bool, str]]


def tracker_rows(page: Page, data: Dataset) -> tuple[bool, str]:
    return _rows_present(page, data.large_anchors)


def small_tracker_rows(page: Page, data: Dataset) -> tuple[bool, str]:
    return _rows_present(page, data.small_anchors)


def layered_tracker_rows(page: Page, data: Dataset) -> tuple[bool, str]:
    """Every action row, and the layers and fields shown: objectives, activities, fields."""
    ok, detail = _rows_present(page, data.layered_anchors)
    shown = ["Objective 1.1: ", "Activity 1 of action 1.", "<strong>Level for Action:</strong>"]
    missing = [text for text in shown if text not in page.text]
    return ok and not missing, detail + (f"; missing {missing}" if missing else ", with layers")


def _rows_present(page: Page, anchors: list[str]) -> tuple[bool, str]:
    missing = [a for a in anchors if f'id="{a}"' not in page.text]
    return not missing, f"{len(anchors) - len(missing)} of {len(anchors)} action rows"


def plan_list_rows(page: Page, data: Dataset) -> tuple[bool, str]:
    """The list's first page: its plans, in the list's order, and the count of them all."""
    missing = [s for s in data.first_page_slugs if f'href="/plans/{s}/"' not in page.text]
    found = len(data.first_page_slugs) - len(missing)
    total = len(data.plan_slugs)
    counted = f"of {total}</caption>" in page.text or f"{total} plans</caption>" in page.text
    shown = f"{found} of the first {len(data.first_page_slugs)} plans listed"
    return not missing and counted, shown + (f", of {total}" if counted else ", no count")


def action_page(page: Page, data: Dataset) -> tuple[bool, str]:
    if html.escape(str(data.action["text"])) not in page.text:
        return False, "the action's text is missing"
    missing = [p for p in data.action_history if html.escape(p) not in page.text]
    found = len(data.action_history) - len(missing)
    return not missing, f"action text and {found} of {len(data.action_history)} updates"


def csv_rows(page: Page, data: Dataset) -> tuple[bool, str]:
    if "csv" not in page.content_type:
        return False, f"content type {page.content_type}"
    rows = list(csv.reader(io.StringIO(page.body.decode("utf-8-sig"))))
    expected = len(data.large_anchors)
    return len(rows) - 1 >= expected, f"{len(rows) - 1} data rows for {expected} actions"


def pdf_document(page: Page, data: Dataset) -> tuple[bool, str]:
    ok = page.body.startswith(b"%PDF-") and b"%%EOF" in page.body[-1024:]
    return ok, f"a PDF of {len(page.body):,} bytes (rows not counted in a PDF)"


def docx_rows(page: Page, data: Dataset) -> tuple[bool, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(page.body)) as docx:
            document = docx.read("word/document.xml").decode()
    except (zipfile.BadZipFile, KeyError) as error:
        return False, f"not a Word document: {error}"
    rows = len(re.findall(r"<w:tr[ >]", document))
    expected = len(data.large_anchors)
    return rows >= expected, f"{rows} table rows for {expected} actions"


@dataclass
class Endpoint:
    """One page to load. Add a line to ENDPOINTS to measure a new page."""

    name: str
    path: str  # formatted with the Dataset's fields and the action's
    check: Check
    required: bool = False  # a required page failing its check fails the benchmark
    targets: dict[int, tuple[float | None, float | None]] = field(default_factory=dict)
    # connections -> (p50 at most, ms; requests/s at least)
    cold_target: float | None = None  # p50 at most, ms, of the first request after a change
    plan: str = "large"  # the plan the page shows, changed before each cold request

    def url_path(self, data: Dataset) -> str:
        return self.path.format(
            large=data.large_slug, small=data.small_slug, layered=data.layered_slug, **data.action
        )

    def plan_slug(self, data: Dataset) -> str:
        slugs = {"small": data.small_slug, "layered": data.layered_slug}
        return slugs.get(self.plan, data.large_slug)


ENDPOINTS = [
    Endpoint(
        "tracker, 1,000 actions",
        "/plans/{large}/",
        tracker_rows,
        required=True,
        targets={1: (40, None), 16: (None, 100)},
    ),
    Endpoint(
        "action page with history",
        "/plans/{large}/actions/{position}/{number}/",
        action_page,
        targets={1: (5, None), 16: (None, 400)},
    ),
    # Issue 18's shape: 1,000 actions under objectives, 2,000 activities, 5 extra fields.
    Endpoint(
        "tracker, 1,000 layered",
        "/plans/{layered}/",
        layered_tracker_rows,
        required=True,
        targets={1: (40, None), 16: (None, 100)},
        plan="layered",
    ),
    # The smallest plan is the first organisation's: its rows are among the oldest of a
    # large database, which a query can find slowly where the newest plan's are quick.
    Endpoint("tracker, a 60-action plan", "/plans/{small}/", small_tracker_rows, plan="small"),
    Endpoint("plan list", "/", plan_list_rows, required=True),
    Endpoint(
        "CSV export", "/plans/{large}/export.csv", csv_rows, targets={1: (50, None)}, cold_target=50
    ),
    Endpoint(
        "PDF export",
        "/plans/{large}/export.pdf",
        pdf_document,
        targets={1: (1000, None)},
        cold_target=1000,
    ),
    Endpoint(
        "Word export",
        "/plans/{large}/export.docx",
        docx_rows,
        targets={1: (1000, None)},
        cold_target=1000,
    ),
]


# The dataset, the session and the server ----------------------------------------------


def run(cmd: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - our own tools, fixed arguments
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    if result.stdout.strip():
        print(result.stdout.rstrip())


def prepare(env: dict[str, str], sizes: dict[str, int], seed: int) -> None:
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "--verbosity", "0"], env)
    run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env)
    run(
        [
            *manage,
            "generate_demo_data",
            f"--organisations={sizes['organisations']}",
            f"--plans-per-organisation={sizes['plans']}",
            f"--actions-per-plan={sizes['actions']}",
            f"--updates-per-action={sizes['updates']}",
            f"--history-months={sizes['history']}",
            f"--large-plan-actions={sizes['large']}",
            f"--seed={seed}",
        ],
        env,
    )


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def read_dataset() -> Dataset:
    from django.db.models import Count

    from bench.layered_plan import LAYERED_TITLE
    from improvement_tracker.plans.models import Action, ActionUpdate, Plan
    from improvement_tracker.plans.selectors.plans import plan_list
    from improvement_tracker.plans.views import PLANS_PER_PAGE

    plans = Plan.objects.filter(archived_at__isnull=True).annotate(n=Count("domains__actions"))
    layered = Plan.objects.get(title=LAYERED_TITLE)
    large = plans.exclude(pk=layered.pk).order_by("-n").first()
    small = plans.filter(n__gt=0).order_by("n", "slug").first()
    assert large is not None and small is not None, "generate_demo_data made no plans"
    actions = Action.objects.filter(domain__plan=large).select_related("domain")

    def anchors_of(plan: Plan) -> list[str]:
        found = Action.objects.filter(domain__plan=plan, archived_at__isnull=True)
        return [f"action-{a.domain.position}-{a.number}" for a in found.select_related("domain")]

    first = actions.order_by("domain__position", "number_order").first()
    assert first is not None
    history = list(ActionUpdate.objects.filter(action=first).values_list("progress", flat=True))
    return Dataset(
        large_slug=large.slug,
        small_slug=small.slug,
        large_anchors=anchors_of(large),
        small_anchors=anchors_of(small),
        layered_slug=layered.slug,
        layered_anchors=anchors_of(layered),
        plan_slugs=list(plans.values_list("slug", flat=True)),
        first_page_slugs=list(plan_list().values_list("slug", flat=True)[:PLANS_PER_PAGE]),
        action={"position": first.domain.position, "number": first.number, "text": first.text},
        action_history=history,
    )


def sign_in() -> str:
    """A signed-in session made in the database, as the sign-in form would make it.

    The person is no superuser: they are a member of the large plan's organisation and a
    viewer of every other plan (as a provider's board-support officer might be), so every
    page goes through the real permission checks.
    """
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count

    from bench.layered_plan import LAYERED_TITLE
    from improvement_tracker.accounts.models import Membership, PlanRole, Role
    from improvement_tracker.plans.models import Plan

    user, created = get_user_model().objects.get_or_create(username="bench")
    if created:
        plans = Plan.objects.annotate(n=Count("domains__actions")).order_by("-n")
        large = plans.exclude(title=LAYERED_TITLE).first()
        assert large is not None
        Membership.objects.create(user=user, organisation=large.organisation)
        PlanRole.objects.bulk_create(
            PlanRole(plan=plan, user=user, role=Role.VIEWER) for plan in plans.exclude(pk=large.pk)
        )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "improvement_tracker.accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def query_counts(data: Dataset, session_key: str) -> list[tuple[str, list[int | None]]]:
    """Queries per page for the smallest and the largest plan, in this process.

    Each page is counted twice: cold (nothing cached, the first request after a change)
    and warm (the same request again). A first request refreshes the session, so that
    its once-a-minute write is not counted against a page.
    """
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    logging.getLogger("django.request").setLevel(logging.ERROR)  # absent pages are expected
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = session_key
    client.get("/")
    rows = []
    for endpoint in ENDPOINTS:
        counts: list[int | None] = []
        # The layered plan's page against the smallest plan's; the others', the largest's.
        largest = data.layered_slug if endpoint.plan == "layered" else data.large_slug
        for slug in (data.small_slug, largest):
            path = endpoint.path.format(large=slug, small=slug, layered=slug, **data.action)
            cache.clear()
            for _cold_then_warm in range(2):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(path)
                counts.append(len(queries) if response.status_code == 200 else None)
        rows.append((endpoint.name, counts))
    return rows


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, cookie: str) -> Page:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - loopback
    try:
        # Long enough for a 1,000-action PDF behind a queue of them.
        with opener.open(request, timeout=300) as response:
            cookies = dict(
                c.split(";", 1)[0].split("=", 1) for c in response.headers.get_all("Set-Cookie", [])
            )
            return Page(
                response.status,
                response.headers.get("Content-Type", ""),
                response.read(),
                cookies=cookies,
            )
    except urllib.error.HTTPError as error:
        return Page(
            error.code,
            error.headers.get("Content-Type", ""),
            error.read(),
            error.headers.get("Location", ""),
        )


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - read if start-up fails
        self.process = subprocess.Popen(  # noqa: S603 - our own gunicorn
            [str(VENV_BIN / "gunicorn"), "--config", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "BIND": f"127.0.0.1:{self.port}"},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(f"{self.base}/healthz", "").status == 200 and len(self.workers()) > 0:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        self.log.seek(0)
        sys.exit(f"gunicorn did not start:\n{self.log.read().decode()}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def memory(self) -> dict[str, float]:
        """RSS and PSS in MiB of the master and its workers (PSS shares shared pages out)."""
        rss = pss = 0
        for pid in [self.process.pid, *self.workers()]:
            rss += _kib(Path(f"/proc/{pid}/status"), "VmRSS:")
            pss += _kib(Path(f"/proc/{pid}/smaps_rollup"), "Pss:")
        return {"processes": 1 + len(self.workers()), "rss": rss / 1024, "pss": pss / 1024}

    def cpu_seconds(self) -> float:
        """CPU time the master and workers have used, with their child processes': unlike
        latency, other work here does not inflate it."""
        ticks = 0
        for pid in [self.process.pid, *self.workers()]:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            # utime, stime, and cutime, cstime: the processes they ran and waited for
            # (the PDF layout, Word and Excel writers), whose CPU the export costs too.
            ticks += sum(int(f) for f in fields[11:15])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _kib(path: Path, key: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(key):
            return int(line.split()[1])
    return 0


# wrk ------------------------------------------------------------------------------------


@dataclass
class Result:
    connections: int
    p50: float
    p90: float
    p99: float
    rps: float
    requests: int
    checked: int
    wrong: int
    errors: str


def wrk(url: str, cookie: str, connections: int, seconds: int, length: int) -> Result:
    out = subprocess.run(  # noqa: S603 - Debian's wrk, fixed arguments, loopback only
        [
            WRK,
            "--threads=1",
            f"--connections={connections}",
            f"--duration={seconds}s",
            "--timeout=10s",
            "--latency",
            f"--header=Cookie: {cookie}",
            f"--script={WRK_CHECK}",
            url,
            "--",
            str(length),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    latency = {m[1]: _ms(m[2]) for m in re.finditer(r"^\s+(50|90|99)%\s+(\S+)\s*$", out, re.M)}
    requests = int(re.search(r"(\d+) requests in", out)[1])  # type: ignore[index]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])  # type: ignore[index]
    checked, wrong = map(int, re.search(r"CHECKED (\d+) WRONG (\d+)", out).groups())  # type: ignore[union-attr]
    errors = ", ".join(
        line.strip() for line in out.splitlines() if "errors" in line or "Non-2xx" in line
    )
    if not latency:  # not one response finished within the run
        errors = errors or "no response finished within the run"
    nan = float("nan")
    return Result(
        connections, latency.get("50", nan), latency.get("90", nan), latency.get("99", nan),
        rps, requests, checked, wrong, errors,
    )  # fmt: skip


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


# The printout ---------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = _kib(Path("/proc/meminfo"), "MemTotal:") / 1024 / 1024
    return f"{os.cpu_count()} cores ({model}), {mem:.1f} GiB, {platform.platform()}"


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def database_name(connection: object) -> str:
    vendor = connection.vendor  # type: ignore[attr-defined]
    if vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"  # type: ignore[attr-defined]
    major, minor = divmod(connection.pg_version, 10000)  # type: ignore[attr-defined]
    return f"PostgreSQL {major}.{minor}"


def verdict(endpoint: Endpoint, result: Result) -> str:
    p50_max, rps_min = endpoint.targets.get(result.connections, (None, None))
    if result.rps <= 0:
        # wrk finished no request in its run (each took longer than the run): no figure.
        return "no request completed in the run: NOT MEASURED"
    notes = []
    if p50_max is not None:
        notes.append(f"p50 ≤ {p50_max:g} ms {'met' if result.p50 <= p50_max else 'MISSED'}")
    if rps_min is not None:
        notes.append(f"≥ {rps_min:g}/s {'met' if result.rps >= rps_min else 'MISSED'}")
    return "; ".join(notes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 organisations, not 150")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="1,16")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--only", default="", help="load only endpoints whose name has this")
    args = parser.parse_args()
    if not Path(WRK).exists():
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    sizes = QUICK if args.quick else FULL
    connections = [int(c) for c in args.connections.split(",")]

    scratch = Path(tempfile.mkdtemp(prefix="improvement-tracker-bench-"))
    env = {**os.environ, **SERVER_ENV, "MEDIA_ROOT": str(scratch / "media")}
    env.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'db.sqlite3'}")
    started = time.monotonic()
    endpoints = [e for e in ENDPOINTS if args.only in e.name]
    try:
        return benchmark(env, sizes, endpoints, connections, args.duration, args.seed, started)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def benchmark(
    env: dict[str, str], sizes: dict[str, int], endpoints: list[Endpoint],
    connections: list[int], seconds: int, seed: int, started: float,
) -> int:  # fmt: skip
    prepare(env, sizes, seed)
    django_setup(env)
    from django.db import connection

    from bench.layered_plan import make_layered_plan

    print(f"Layered plan: /plans/{make_layered_plan(sizes['large'])}/")
    data = read_dataset()
    session_key = sign_in()
    counts_by_page = query_counts(data, session_key)
    vendor = database_name(connection)
    connection.close()

    server = Server(env)
    try:
        before = server.memory()
        # A browser sends its CSRF cookie back; take it from the first page, as one would.
        first = fetch(f"{server.base}/", f"sessionid={session_key}")
        cookie = f"sessionid={session_key}; csrftoken={first.cookies.get('csrftoken', '')}"
        print(f"\nLoad benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"Machine:  {machine()}")
        print(f"Load average at the start: {load_average()} (other work here skews figures)")
        print(f"Database: {vendor}; server: gunicorn, {len(server.workers())} sync workers")
        print(
            f"Dataset:  {sizes['organisations']} organisations x {sizes['plans']} plans x "
            f"{sizes['actions']} actions x {sizes['updates']} updates (the last "
            f"{sizes['history']} months in update rounds), plus one plan of "
            f"{sizes['large']:,} actions and one layered plan of as many "
            f"({len(data.plan_slugs)} plans); "
            f"wrk: {seconds} s per run, 1 thread\n"
        )
        columns = ("conns", "p50 ms", "p90 ms", "p99 ms", "req/s", "CPU ms")
        print(f"{'endpoint':<26}" + "".join(f"{c:>9}" for c in columns) + "  targets")
        failed = False
        for endpoint in endpoints:
            failed |= measure(endpoint, server, cookie, data, connections, seconds)
        after = server.memory()
    finally:
        server.stop()

    print("\nServer memory (gunicorn master and workers), MiB:")
    for label, m in (("before the load", before), ("after the load", after)):
        print(
            f"  {label:<16} RSS {m['rss']:7.1f}  PSS {m['pss']:7.1f}  "
            f"({m['processes']:g} processes)"
        )
    print(f"  target ≤ 200 MiB RSS after the load: {'met' if after['rss'] <= 200 else 'MISSED'}")
    print(
        f"\nQueries per page (in-process), smallest plan ({data.small_slug}) vs largest,"
        " cold (nothing cached) and warm:"
    )
    for name, counts in counts_by_page:
        if None in counts:
            print(f"  {name:<26} absent")
        else:
            cold_small, warm_small, cold_large, warm_large = counts
            same = "same" if (cold_small, warm_small) == (cold_large, warm_large) else "GROWS"
            print(
                f"  {name:<26} cold {cold_small:>3} vs {cold_large:>3}, "
                f"warm {warm_small:>3} vs {warm_large:>3}  {same}"
            )
    print(f"\nLoad average at the end: {load_average()}")
    print(f"Whole benchmark: {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


def measure(
    endpoint: Endpoint, server: Server, cookie: str, data: Dataset, connections: list[int],
    seconds: int,
) -> bool:  # fmt: skip
    """Check the page once, then load it; True if something is wrong that must fail."""
    url = server.base + endpoint.url_path(data)
    page = fetch(url, cookie)
    if page.status != 200:
        where = f" to {page.location}" if page.location else ""
        print(f"{endpoint.name:<26} absent: answered {page.status}{where}; not measured")
        return endpoint.required
    ok, detail = endpoint.check(page, data)
    if not ok:
        print(f"{endpoint.name:<26} WRONG PAGE: {detail}; not measured")
        return True
    print(f"{endpoint.name:<26} checked: 200, {detail}, {len(page.body):,} bytes")
    wrk(url, cookie, 2, 2, len(page.body))  # warm both workers up; not reported
    failed = False
    for conns in connections:
        cpu = server.cpu_seconds()
        r = wrk(url, cookie, conns, seconds, len(page.body))
        cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(r.requests, 1)
        figures = "".join(f"{x:>9.1f}" for x in (r.p50, r.p90, r.p99, r.rps, cpu_ms))
        line = f"{'':<26}{conns:>9}{figures}  {verdict(endpoint, r)}"
        if r.wrong or r.checked < r.requests or r.errors:
            line += f"  INVALID: {r.wrong} of {r.checked} responses wrong; {r.errors}"
            failed = True
        print(line)
    return failed | cold(endpoint, server, cookie, data, url, page)


# The first request after a change is timed at least COLD_RUNS_MIN times and then again
# while COLD_SECONDS last, up to COLD_RUNS_MAX: a median of five quick pages moved by a
# third between runs on a shared host, and twenty-one of them cost a second or two.
COLD_RUNS_MIN, COLD_RUNS_MAX, COLD_SECONDS = 5, 21, 10


def cold(
    endpoint: Endpoint, server: Server, cookie: str, data: Dataset, url: str, checked: Page
) -> bool:
    """The first request after a change, several times: wrk above asks for the same
    page again and again, which after its first request the cache answers (ADR 0015).

    Each run changes the plan as every service does (its updated_at moves, as
    audit_record does), so the next request finds nothing cached and builds the page.
    """
    from django.utils import timezone

    from improvement_tracker.plans.models import Plan

    wall, cpu, wrong = [], [], 0
    started_all = time.monotonic()
    while len(wall) < COLD_RUNS_MIN or (
        len(wall) < COLD_RUNS_MAX and time.monotonic() - started_all < COLD_SECONDS
    ):
        Plan.objects.filter(slug=endpoint.plan_slug(data)).update(updated_at=timezone.now())
        before = server.cpu_seconds()
        started = time.perf_counter()
        page = fetch(url, cookie)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((server.cpu_seconds() - before) * 1000)
        wrong += page.status != 200 or not endpoint.check(page, data)[0]
    p50, worst, cpu_ms = statistics.median(wall), max(wall), statistics.median(cpu)
    p90 = statistics.quantiles(wall, n=10, method="inclusive")[-1]  # never above the slowest
    target = ""
    if endpoint.cold_target is not None:
        met = "met" if p50 <= endpoint.cold_target else "MISSED"
        target = f"p50 ≤ {endpoint.cold_target:g} ms {met}"
    figures = f"{p50:>9.1f}{p90:>9.1f}{worst:>9.1f}{'':>9}{cpu_ms:>9.1f}"
    line = f"{'  first after a change':<26}{1:>9}{figures}  {target}"
    if wrong:
        line += f"  INVALID: {wrong} of {len(wall)} responses wrong"
    print(line + f"  ({len(wall)} runs; the p99 column is the slowest)")
    return wrong > 0 and checked.status == 200


if __name__ == "__main__":
    sys.exit(main())
