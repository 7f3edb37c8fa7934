"""API benchmark (issue 21): the JSON API's read of the 1,000-action plan, the first read
after a change, and sixteen writers posting progress updates, through the production server.

Run with `.venv/bin/python bench/api.py [--quick] [--dataset FILE]`, against
DATABASE_URL if it is set, else a new SQLite file. It

1. builds the load benchmark's dataset (bench/load.py's `prepare`: 150 organisations and
   the 1,000-action plan; --quick for 10 organisations), or copies a SQLite file of it
   kept with --dataset (built there if missing), so that the writes never change the copy
   kept;
2. makes, through `api_token_create`, a read-only token for each connection of a member
   of the plan's organisation (no role), and a read-write token for each writer of a
   plan manager (tokens are throttled one by one: a client each, as sixteen real
   clients would be);
3. starts gunicorn with `config/gunicorn.conf.py` and the production settings, as
   bench/load.py does, with `API_THROTTLE_RATE` raised so the throttle counts every
   request but refuses none;
4. checks `GET /api/v1/plans/{slug}` once (200, JSON, every live action and both tables),
   then drives it from Python threads, one `http.client` connection each, at 1 and 16
   connections: every response is checked (status 200 and the checked answer's length);
5. times the first read after a change: an update posted through the API to one action
   (its version tracked), then the plan read, again and again; then the same actions as
   flat rows (`GET .../actions`, the feed Power BI and Excel read), which has no target;
6. runs sixteen writers for 30 s, each posting `POST .../actions/{id}/updates` to its own
   actions (their versions read from the plan's answer first, then tracked from each
   201), and afterwards counts the updates, status changes and audit events stored.

The load client runs in this process and shares the 2 cores with the server: its own CPU
time is printed beside each run. Figures are printed, never asserted; the exit status is
non-zero only if a response was wrong or an accepted update is missing. An endpoint that
answers 404 (not built yet) is printed as absent, with no figure.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    FULL,
    QUICK,
    SERVER_ENV,
    Server,
    database_name,
    django_setup,
    load_average,
    machine,
    prepare,
    run,
)

# High enough that no run is refused: the throttle still counts every request, as it
# would in production, but a benchmark measures the API, not its limit.
THROTTLE_RATE = "1000000/m"
TARGETS = {1: (30.0, None), 16: (None, 150.0)}  # connections -> (p50 ≤ ms, req/s ≥)
COLD_TARGET_MS = 100.0
# As bench/load.py: at least COLD_RUNS_MIN first reads after a change, then more while
# COLD_SECONDS last, up to COLD_RUNS_MAX.
COLD_RUNS_MIN, COLD_RUNS_MAX, COLD_SECONDS = 5, 21, 10
TIMEOUT = 60  # seconds a request may take before it counts as an error


# The client -------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    body: bytes
    ms: float

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One connection to the server, as one client program would hold it. gunicorn's sync
    workers close the connection after each answer; http.client then opens a new one."""

    def __init__(self, port: int, secret: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        self.headers = {"Authorization": f"Bearer {secret}", "Accept": "application/json"}

    def get(self, path: str) -> Answer:
        return self._send("GET", path, None)

    def post(self, path: str, data: dict[str, Any]) -> Answer:
        return self._send("POST", path, json.dumps(data).encode())

    def _send(self, method: str, path: str, body: bytes | None) -> Answer:
        headers = self.headers
        if body is not None:
            headers = {**headers, "Content-Type": "application/json"}
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            return Answer(0, str(error).encode(), (time.perf_counter() - started) * 1000)
        return Answer(response.status, content, (time.perf_counter() - started) * 1000)

    def close(self) -> None:
        self.connection.close()


@dataclass
class Run:
    """What one timed run saw: each answer's time, and any answer that was wrong."""

    connections: int
    seconds: float
    ms: list[float] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    client_cpu: float = 0.0  # seconds of this process's CPU time during the run
    server_cpu: float = 0.0
    machine_cpu: float = 0.0  # seconds of every core's busy time, whoever used it

    @property
    def others(self) -> float:
        """Cores' worth of CPU that neither the server nor this client used during the
        run: other people's work (and, on PostgreSQL, the database's own)."""
        return max(0.0, self.machine_cpu - self.server_cpu - self.client_cpu) / self.seconds

    @property
    def rate(self) -> float:
        return len(self.ms) / self.seconds

    def percentile(self, p: int) -> float:
        if not self.ms:
            return float("nan")
        ordered = sorted(self.ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def drive(
    clients: list[Client], work: Callable[[int, Client], str | None], seconds: float,
    server: Server,
) -> Run:  # fmt: skip
    """Each client in its own thread calls `work` until `seconds` have passed; `work`
    returns None for a right answer, else what was wrong. Times are `work`'s wall time."""
    result = Run(len(clients), seconds)
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)
    deadline = [0.0]

    def loop(index: int, client: Client) -> None:
        start.wait()
        while time.monotonic() < deadline[0]:
            began = time.perf_counter()
            problem = work(index, client)
            ms = (time.perf_counter() - began) * 1000
            with lock:
                result.ms.append(ms)
                if problem is not None:
                    result.wrong.append(problem)

    threads = [
        threading.Thread(target=loop, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    cpu, server_cpu, machine_cpu = time.process_time(), server.cpu_seconds(), busy_seconds()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join(timeout=seconds + TIMEOUT + 5)
    result.seconds = time.monotonic() - began
    result.client_cpu = time.process_time() - cpu
    result.server_cpu = server.cpu_seconds() - server_cpu
    result.machine_cpu = busy_seconds() - machine_cpu
    return result


def busy_seconds() -> float:
    """The CPU time every core has spent busy since boot (/proc/stat), whoever spent it."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


# The dataset, the people and their tokens -------------------------------------------------


@dataclass
class People:
    readers: list[str]  # read-only tokens of a member of the plan's organisation
    writers: list[str]  # read-write tokens of a manager of the plan


def the_large_plan() -> Any:
    from django.db.models import Count, Q

    from improvement_tracker.plans.models import Plan

    live = Count("domains__actions", filter=Q(domains__actions__archived_at__isnull=True))
    plan = Plan.objects.annotate(n=live).order_by("-n").first()
    assert plan is not None, "generate_demo_data made no plans"
    return plan


def make_people(plan: Any, readers: int, writers: int) -> People:
    """Tokens made as a person makes them: through `api_token_create`, audited."""
    from django.contrib.auth import get_user_model

    from improvement_tracker.accounts.models import Membership, PlanRole, Role
    from improvement_tracker.api.models import Scope
    from improvement_tracker.api.services import api_token_create

    users = get_user_model().objects
    reader, _ = users.get_or_create(username="bench-api-reader")
    writer, _ = users.get_or_create(username="bench-api-writer")
    for person in (reader, writer):
        Membership.objects.get_or_create(user=person, organisation=plan.organisation)
    PlanRole.objects.get_or_create(plan=plan, user=writer, role=Role.MANAGER)

    def tokens(person: Any, scope: Scope, count: int) -> list[str]:
        made = [
            api_token_create(user=person, name=f"bench {n + 1}", scope=scope, days=1, by=person)
            for n in range(count)
        ]
        return [secret for _, secret in made]

    return People(tokens(reader, Scope.READ, readers), tokens(writer, Scope.WRITE, writers))


def build_dataset(env: dict[str, str], args: argparse.Namespace, scratch: Path) -> str:
    """Fill the database; say what it holds."""
    sizes = QUICK if args.quick else FULL
    described = (
        f"{sizes['organisations']} organisations x {sizes['plans']} plans x "
        f"{sizes['actions']} actions x {sizes['updates']} updates, plus the "
        f"{sizes['large']:,}-action plan"
    )
    if "DATABASE_URL" in env:  # someone else's database (PostgreSQL, say): fill it here
        prepare(env, sizes, args.seed)
        return described
    database = scratch / "db.sqlite3"
    env["DATABASE_URL"] = f"sqlite:///{database}"
    if args.dataset is None:
        prepare(env, sizes, args.seed)
        return described
    if not args.dataset.exists():
        prepare({**env, "DATABASE_URL": f"sqlite:///{args.dataset.resolve()}"}, sizes, args.seed)
    shutil.copyfile(args.dataset, database)
    manage = [sys.executable, "manage.py"]
    run([*manage, "migrate", "--noinput", "--verbosity", "0"], env)
    run([*manage, "collectstatic", "--noinput", "--verbosity", "0"], env)
    return f"a copy of {args.dataset}"


# Reading the plan's answer ----------------------------------------------------------------


def actions_of(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [action for domain in answer.get("domains", []) for action in domain["actions"]]


def check_plan_answer(answer: Answer, live_actions: int) -> tuple[bool, str]:
    if answer.status != 200:
        return False, f"answered {answer.status}"
    try:
        plan = answer.json()
    except ValueError as error:
        return False, f"not JSON: {error}"
    found = len(actions_of(plan))
    tables = [name for name in ("table1", "table2") if plan.get(name)]
    ok = found == live_actions and len(tables) == 2
    return ok, f"{found} of {live_actions} actions, tables {', '.join(tables) or 'missing'}"


def version_in(answer: dict[str, Any]) -> int | None:
    """The action's version in a 201's answer or a 409 problem (`current_version`)."""
    for key in ("version", "current_version"):
        if isinstance(answer.get(key), int):
            return int(answer[key])
    for value in answer.values():  # the action itself, if the answer nests it
        if isinstance(value, dict) and isinstance(value.get("version"), int):
            return int(value["version"])
    return None


def update_id_in(answer: dict[str, Any]) -> int | None:
    update = answer.get("update", answer)
    found = update.get("id") if isinstance(update, dict) else None
    return found if isinstance(found, int) else None


class Poster(Protocol):
    def post(self, path: str, data: dict[str, Any]) -> Answer: ...


class Tracked:
    """Each action's version and status as this client last saw them: every update posted
    moves the action to the other of two statuses, so each is a status change too."""

    def __init__(self, slug: str, plan: dict[str, Any], statuses: tuple[str, str]) -> None:
        self.slug = slug
        self.versions = {int(a["id"]): int(a["version"]) for a in actions_of(plan)}
        self.current = {int(a["id"]): meaning_of(a.get("status")) for a in actions_of(plan)}
        self.statuses = statuses

    def post(self, client: Poster, action_id: int, words: str) -> tuple[Answer, str | None]:
        """Post the next update to `action_id`; the problem, or None if it was accepted."""
        status = self.statuses[self.current[action_id] == self.statuses[0]]
        body = {
            "status": status,
            "progress": words,
            "evidence": "Posted by bench/api.py",
            "reason": "Benchmark: the status alternates",
            "version": self.versions[action_id],
        }
        path = f"/api/v1/plans/{self.slug}/actions/{action_id}/updates"
        answer = client.post(path, body)
        try:
            found = answer.json() if answer.body else {}
        except ValueError:
            found = {}
        version = version_in(found) if isinstance(found, dict) else None
        if version is not None:
            self.versions[action_id] = version
        if answer.status == 201 and version is not None:
            self.current[action_id] = status
            return answer, None
        if answer.status == 201:
            return answer, "201 without the action's new version"
        return answer, f"{answer.status}: {answer.body[:300].decode(errors='replace')}"


def meaning_of(status: Any) -> str:
    """A status's meaning, whether the answer gives it alone or as a StatusOut."""
    return str(status.get("meaning", "")) if isinstance(status, dict) else str(status or "")


def statuses_for(plan: dict[str, Any]) -> tuple[str, str]:
    """Two meanings in the plan's own key, for updates to move between."""
    meanings = {entry.get("meaning") for entry in plan.get("key", [])}
    chosen = [m for m in ("on_track", "at_risk", "off_track", "complete") if m in meanings]
    return (chosen[0], chosen[1]) if len(chosen) > 1 else ("on_track", "at_risk")


# The measurements -------------------------------------------------------------------------


def figures(run: Run, target: tuple[float | None, float | None] | None) -> str:
    cpu_ms = run.server_cpu * 1000 / max(len(run.ms), 1)
    client = 100 * run.client_cpu / run.seconds
    line = (
        f"{run.connections:>6}{run.percentile(50):>9.1f}{run.percentile(90):>9.1f}"
        f"{run.percentile(99):>9.1f}{run.rate:>9.1f}{cpu_ms:>9.1f}{client:>8.0f}%"
        f"{run.others:>8.1f}"
    )
    notes = []
    p50_max, rate_min = target or (None, None)
    if p50_max is not None:
        notes.append(f"p50 ≤ {p50_max:g} ms {'met' if run.percentile(50) <= p50_max else 'MISSED'}")
    if rate_min is not None:
        notes.append(f"≥ {rate_min:g}/s {'met' if run.rate >= rate_min else 'MISSED'}")
    if run.wrong:
        notes.append(f"INVALID: {len(run.wrong)} of {len(run.ms)} wrong, first: {run.wrong[0]}")
    return f"{line}  {'; '.join(notes)}"


HEADER = (
    f"{'':<28}{'conns':>6}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'req/s':>9}"
    f"{'CPU ms':>9}{'client':>9}{'others':>8}"
)


def measure_reads(
    server: Server, people: People, path: str, length: int, connections: list[int],
    seconds: int, name: str = "plan read", targets: bool = True,
) -> bool:  # fmt: skip
    """A read at each number of connections; True if a response was wrong."""

    def read(index: int, client: Client) -> str | None:
        answer = client.get(path)
        if answer.status != 200 or len(answer.body) != length:
            return f"{answer.status}, {len(answer.body)} bytes, not {length}"
        return None

    def clients(count: int) -> list[Client]:
        return [Client(server.port, people.readers[i % len(people.readers)]) for i in range(count)]

    drive(clients(2), read, 2, server)  # warm both workers up; not reported
    failed = False
    for count in connections:
        result = drive(clients(count), read, seconds, server)
        target = TARGETS.get(count) if targets else None
        print(f"{'  ' + name:<28}{figures(result, target)}", flush=True)
        failed |= bool(result.wrong)
    if targets:
        # What the server's own CPU allows, which other work on the machine skews least.
        cpu_ms = max(result.server_cpu * 1000 / max(len(result.ms), 1), 0.01)
        print(
            f"{'':<28}(at {cpu_ms:.1f} ms of server CPU a read, {len(server.workers())} workers "
            f"with a core each to themselves could answer about "
            f"{1000 * len(server.workers()) / cpu_ms:.0f} a second)"
        )
    return failed


def measure_first_after_change(
    server: Server, people: People, slug: str, path: str, length: int
) -> bool:
    """Post an update through the API, then time the next read of the plan: the answer
    kept for the plan, if any, is no longer the plan's. True if a response was wrong."""
    reader, writer = Client(server.port, people.readers[0]), Client(server.port, people.writers[0])
    first = reader.get(path)
    plan = first.json()
    tracked = Tracked(slug, plan, statuses_for(plan))
    action_id = next(iter(tracked.versions))
    ms: list[float] = []
    posts: list[float] = []
    cpu_ms: list[float] = []
    wrong: list[str] = []
    began = time.monotonic()
    while len(ms) < COLD_RUNS_MIN or (
        len(ms) < COLD_RUNS_MAX and time.monotonic() - began < COLD_SECONDS
    ):
        posted, problem = tracked.post(writer, action_id, f"First read after a change, {len(ms)}")
        if problem is not None:
            print(f"{'  first read after a change':<28}not measured: the update {problem}")
            return posted.status != 404
        posts.append(posted.ms)
        cpu = server.cpu_seconds()
        answer = reader.get(path)
        ms.append(answer.ms)
        cpu_ms.append((server.cpu_seconds() - cpu) * 1000)
        # The plan changed, so its answer may grow or shrink by a few bytes (an update's
        # date, a status's label): a read is right if it is the whole plan again.
        ok, detail = check_plan_answer(answer, len(tracked.versions))
        if not ok:
            wrong.append(detail)
    p50 = statistics.median(ms)
    met = "met" if p50 <= COLD_TARGET_MS else "MISSED"
    line = (
        f"{'  first read after a change':<28}{1:>6}{p50:>9.1f}{'':>9}{max(ms):>9.1f}{'':>9}"
        f"{statistics.median(cpu_ms):>9.1f}{'':>9}  p50 ≤ {COLD_TARGET_MS:g} ms {met}"
        f" ({len(ms)} runs, the p99 column is the slowest; each after an update posted in"
        f" p50 {statistics.median(posts):.1f} ms)"
    )
    if wrong:
        line += f"  INVALID: {len(wrong)} wrong, first: {wrong[0]}"
    print(line, flush=True)
    return bool(wrong)


def measure_flat_rows(
    server: Server, people: People, path: str, live: int, connections: list[int], seconds: int
) -> bool:
    """The same actions as flat rows, the feed Power BI and Excel read (no target)."""
    rows_path = f"{path}/actions"
    first = Client(server.port, people.readers[0]).get(rows_path)
    if first.status != 200:
        print(f"{'  flat rows (/actions)':<28}absent: answered {first.status}; not measured")
        return first.status != 404
    found = first.json()
    rows = found if isinstance(found, list) else found.get("results", found.get("rows", []))
    if len(rows) != live:
        print(f"{'  flat rows (/actions)':<28}WRONG ANSWER: {len(rows)} rows for {live} actions")
        return True
    return measure_reads(
        server, people, rows_path, len(first.body), connections, seconds,
        name="flat rows (/actions)", targets=False,
    )  # fmt: skip


def measure_writers(
    server: Server, people: People, slug: str, path: str, writers: int, seconds: int
) -> bool:
    """Sixteen writers, each posting to its own actions; True if something is wrong."""
    from django.db import connection

    from improvement_tracker.audit.models import AuditEvent
    from improvement_tracker.plans.models import ActionUpdate, StatusChange

    plan = Client(server.port, people.readers[0]).get(path).json()
    statuses = statuses_for(plan)
    ids = [int(a["id"]) for a in actions_of(plan)]
    # Each writer its own actions, and its own view of their versions.
    own = [ids[i::writers] for i in range(writers)]
    tracked = [Tracked(slug, plan, statuses) for _ in range(writers)]
    turn = [0] * writers
    accepted: list[list[int]] = [[] for _ in range(writers)]
    plan_pk = _plan_pk(slug)

    def stored() -> tuple[int, int, int]:
        connection.close()  # a fresh read of what the server committed
        return (
            ActionUpdate.objects.filter(action__domain__plan_id=plan_pk).count(),
            StatusChange.objects.filter(action__domain__plan_id=plan_pk).count(),
            AuditEvent.objects.filter(plan_id=plan_pk).count(),
        )

    def write(index: int, client: Client) -> str | None:
        action_id = own[index][turn[index] % len(own[index])]
        turn[index] += 1
        answer, problem = tracked[index].post(client, action_id, f"Writer {index + 1}'s update")
        if problem is None:
            found = update_id_in(answer.json())
            accepted[index].append(found if found is not None else -1)
        return problem

    probe, problem = tracked[0].post(Client(server.port, people.writers[0]), own[0][0], "Probe")
    if problem is not None:
        print(f"{'  16 writers':<28}not measured: an update {problem}")
        return probe.status != 404
    before = stored()
    clients = [Client(server.port, people.writers[i % len(people.writers)]) for i in range(writers)]
    result = drive(clients, write, seconds, server)
    after = stored()
    posted = sum(len(a) for a in accepted)
    updates, changes, events = (a - b for a, b in zip(after, before, strict=True))
    print(f"{'  updates posted':<28}{figures(result, None)}", flush=True)
    wrong = list(result.wrong)
    ids_sent = [pk for each in accepted for pk in each if pk >= 0]
    missing = len(ids_sent) - ActionUpdate.objects.filter(pk__in=ids_sent).count()
    print(
        f"    {writers} writers for {result.seconds:.0f} s: {posted} updates accepted (201), "
        f"{posted / result.seconds:.1f} a second; {len(wrong)} errors"
        + (f" (first: {wrong[0]})" if wrong else "")
    )
    print(
        f"    stored afterwards: {updates} updates, {changes} status changes, {events} audit "
        f"events on the plan; of the {len(ids_sent)} update ids answered, {missing} missing"
    )
    whole = updates == posted and changes == posted and events >= posted and missing == 0
    print(
        f"    every accepted update stored: {'yes' if whole else 'NO'}"
        f" (each update here changes the status, so each is one status change too)"
    )
    return bool(wrong) or not whole


def _plan_pk(slug: str) -> int:
    from improvement_tracker.plans.models import Plan

    return int(Plan.objects.get(slug=slug).pk)


# Where the time goes ----------------------------------------------------------------------

PROFILE_RUNS = 20


def profile(plan: Any, people: People, kind: str) -> int:
    """One request in this process (Django's test client, the production settings): its
    wall and CPU time and queries, then cProfile's view of PROFILE_RUNS of them. "warm":
    the plan read answered again; "cold": the plan read after `plan_changed`, as every
    service calls it; "after-update": an update posted through the API, then the plan read
    (timed together); "write": an update posted to each of PROFILE_RUNS actions in turn."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test import Client as TestClient
    from django.test.utils import CaptureQueriesContext

    from improvement_tracker.plans.services.freshness import plan_changed

    def client(secret: str) -> TestClient:
        return TestClient(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")

    reader, writer = client(people.readers[0]), client(people.writers[0])
    path = f"/api/v1/plans/{plan.slug}"
    answer = reader.get(path)
    assert answer.status_code == 200, (path, answer.status_code)
    tracked = Tracked(plan.slug, answer.json(), statuses_for(answer.json()))
    ids = iter(list(tracked.versions) * 10)
    first_id = next(iter(tracked.versions))

    class Poster:
        def post(self, path: str, data: dict[str, Any]) -> Answer:
            response = writer.post(path, data, content_type="application/json")
            return Answer(response.status_code, response.content, 0.0)

    def request() -> None:
        if kind == "write":
            problem = tracked.post(Poster(), next(ids), "Profiled")[1]
            assert problem is None, problem
            return
        if kind == "cold":
            plan_changed(plan)
        elif kind == "after-update":  # changed as the benchmark changes it; not timed apart
            problem = tracked.post(Poster(), first_id, "Changed before a read")[1]
            assert problem is None, problem
        response = reader.get(path)
        assert response.status_code == 200, (path, response.status_code)

    request()  # the code's first run: imports, the forms' first render
    wall, cpu = [], []
    for _ in range(PROFILE_RUNS):
        began, used = time.perf_counter(), time.process_time()
        request()
        wall.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    with CaptureQueriesContext(connection) as queries:
        request()
    what = {
        "warm": "the plan read, answered again",
        "cold": "the plan read, first after a change",
        "after-update": "an update posted and the plan read after it",
        "write": "an update posted",
    }[kind]
    print(
        f"\n{what.capitalize()}, in this process: p50 {statistics.median(wall):.1f} ms wall, "
        f"{statistics.median(cpu):.1f} ms CPU, {len(queries)} queries; load {load_average()}"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(PROFILE_RUNS):
        request()
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    return 0


# The printout -----------------------------------------------------------------------------


def uptime() -> str:
    return f"load average {load_average()} (from /proc/loadavg: 1, 5 and 15 minutes)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 organisations, not 150")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument(
        "--dataset",
        type=Path,
        help="a SQLite file of the dataset, built there if missing, copied for each run",
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per read run")
    parser.add_argument("--connections", default="1,16")
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--write-seconds", type=int, default=30)
    parser.add_argument(
        "--profile",
        choices=["warm", "cold", "after-update", "write"],
        help="no server: cProfile's view in this process of the plan read answered again "
        "(warm), the first after a change (cold; after-update: an update posted, then the "
        "read, timed together), or an update posted (write)",
    )
    args = parser.parse_args()
    connections = [int(c) for c in args.connections.split(",")]

    scratch = Path(tempfile.mkdtemp(prefix="improvement-tracker-bench-api-"))
    env = {
        **os.environ,
        **SERVER_ENV,
        "MEDIA_ROOT": str(scratch / "media"),
        "API_THROTTLE_RATE": THROTTLE_RATE,
        "LOG_LEVEL": "ERROR",
    }
    started = time.monotonic()
    try:
        described = build_dataset(env, args, scratch)
        return benchmark(env, described, connections, args, started)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def benchmark(
    env: dict[str, str], described: str, connections: list[int], args: argparse.Namespace,
    started: float,
) -> int:  # fmt: skip
    django_setup(env)
    from django.db import connection

    from improvement_tracker.plans.models import Action, ActionUpdate, Plan

    plan = the_large_plan()
    live = Action.objects.filter(domain__plan=plan, archived_at__isnull=True).count()
    described += (
        f": {Plan.objects.count():,} plans, {Action.objects.count():,} actions, "
        f"{ActionUpdate.objects.count():,} updates"
    )
    people = make_people(plan, readers=max(connections), writers=args.writers)
    if args.profile:
        return profile(plan, people, args.profile)
    vendor = database_name(connection)
    connection.close()
    path = f"/api/v1/plans/{plan.slug}"

    server = Server(env)
    try:
        print(f"\nAPI benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"Machine:  {machine()}")
        print(f"Load at the start: {uptime()}; other work here skews figures")
        print(
            f"Database: {vendor}; server: gunicorn (config/gunicorn.conf.py, production "
            f"settings), {len(server.workers())} sync workers; API_THROTTLE_RATE="
            f"{THROTTLE_RATE} in its environment (a token per connection, every request "
            f"counted, none refused)"
        )
        print(f"Dataset:  {described}")
        print(
            "Client:   Python threads in this process, one http.client connection each "
            "(gunicorn's sync workers close it after each answer, so each request connects "
            "anew), sharing the cores with the server: its CPU is the 'client' column, as "
            "a share of one core; 'others' is the cores' worth of CPU that other work used "
            "meanwhile (other people's, and PostgreSQL's own); 'CPU ms' is the server's "
            f"(gunicorn's) per request; {args.duration} s per read run after 2 s of warm-up\n"
        )
        me = Client(server.port, people.readers[0]).get("/api/v1/me")
        print(f"GET /api/v1/me: {me.status}, {me.body[:120].decode(errors='replace')}")
        failed = me.status != 200
        first = Client(server.port, people.readers[0]).get(path)
        ok, detail = check_plan_answer(first, live)
        if first.status == 404:
            print(f"GET {path}: absent, answered 404 (not built yet); not measured")
        elif not ok:
            print(f"GET {path}: WRONG ANSWER: {detail}; not measured")
            failed = True
        else:
            print(f"GET {path}: checked: 200, {detail}, {len(first.body):,} bytes\n")
            print(HEADER + "  targets")
            failed |= measure_reads(
                server, people, path, len(first.body), connections, args.duration
            )
            failed |= measure_first_after_change(server, people, plan.slug, path, len(first.body))
            failed |= measure_flat_rows(server, people, path, live, connections, args.duration)
            print(
                f"\nWriters: POST {path}/actions/{{id}}/updates, read-write tokens of a plan "
                "manager, each writer its own actions"
            )
            print(HEADER)
            failed |= measure_writers(
                server, people, plan.slug, path, args.writers, args.write_seconds
            )
    finally:
        server.stop()
    print(f"\nLoad at the end: {uptime()}")
    print(f"Whole benchmark: {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
