"""Time `send_reminders` for 1,000 and then 10,000 people in open update rounds, through a
real SMTP server on loopback (aiosmtpd), and print its memory at each: it should stay flat
(ADR 0055). Issue 20's target: 10,000 leads within 60 s.

Run with `.venv/bin/python bench/reminders.py [--plans 10] [--leads-per-plan 1000]`. It
builds its own throw-away SQLite database: `--plans` plans of `--leads-per-plan` actions,
each action with a lead of its own whom one person acts for. The first runs open a round
on one plan; the next open a round on every plan, so they email every person once. Each
size runs once untimed by tracemalloc (its seconds) and once traced (its Python peak). Each
email sent is also an audit event, as in production. Figures are printed, never asserted.
"""

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="improvement-tracker-reminders-"))
parser = argparse.ArgumentParser()
parser.add_argument("--plans", type=int, default=10)
parser.add_argument("--leads-per-plan", type=int, default=1000)
ARGS = parser.parse_args()
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'db.sqlite3'}"

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from improvement_tracker.accounts.models import Membership, Organisation  # noqa: E402
from improvement_tracker.notices.sending import send_due_notices  # noqa: E402
from improvement_tracker.plans.leads import lead_key  # noqa: E402
from improvement_tracker.plans.models import (  # noqa: E402
    Action,
    Domain,
    Lead,
    Plan,
    RagKeyEntry,
    UpdateRound,
)
from improvement_tracker.plans.numbering import natural_key  # noqa: E402
from improvement_tracker.plans.rag import EXAMPLE_KEY  # noqa: E402
from improvement_tracker.plans.services.rounds import round_open  # noqa: E402
from improvement_tracker.plans.services.status_key import key_entries  # noqa: E402
from tests.notices.smtp import free_port  # noqa: E402

BATCH = 2000


def rss_mib() -> float:
    """This process's resident memory now (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(plans: int, leads: int) -> list[Plan]:
    """`plans` plans of one organisation, each of `leads` actions led by a lead of its own,
    each lead with one person, a member of the organisation with an email address."""
    council = Organisation.objects.create(name="Benchmark Council", slug="benchmark-council")
    built = []
    for p in range(plans):
        plan = Plan.objects.create(
            organisation=council, title=f"Children's services plan {p + 1}", slug=f"plan-{p + 1}"
        )
        RagKeyEntry.objects.bulk_create(key_entries(plan, EXAMPLE_KEY))
        domain = Domain.objects.create(plan=plan, position=1, title="HELP", label="Help")
        for first in range(0, leads, BATCH):
            numbers = range(first + 1, min(first + BATCH, leads) + 1)
            users = User.objects.bulk_create(
                User(
                    username=f"lead-{p}-{n}",
                    email=f"lead-{p}-{n}@example.org",
                    password="!",  # noqa: S106 - unusable: nobody signs in here
                    first_name=f"Lead {n}",
                )
                for n in numbers
            )
            Membership.objects.bulk_create(Membership(user=u, organisation=council) for u in users)
            made = Lead.objects.bulk_create(
                Lead(organisation=council, name=f"Lead {p}-{n}", key=lead_key(f"Lead {p}-{n}"))
                for n in numbers
            )
            Lead.people.through.objects.bulk_create(
                Lead.people.through(lead_id=lead.pk, user_id=user.pk)
                for lead, user in zip(made, users, strict=True)
            )
            actions = Action.objects.bulk_create(
                Action(
                    domain=domain,
                    number=str(n),
                    number_order=natural_key(str(n)),
                    text=f"Action {n}: improve the quality of practice and report to the board.",
                    timescale_kind="none",
                )
                for n in numbers
            )
            Action.leads.through.objects.bulk_create(
                Action.leads.through(action_id=action.pk, lead_id=lead.pk)
                for action, lead in zip(actions, made, strict=True)
            )
        built.append(plan)
    return built


@contextmanager
def smtp_server() -> Iterator[int]:
    """aiosmtpd on a free loopback port, in a process of its own as a mail relay would be
    (in this one it would share the interpreter lock with the run it serves), accepting
    and discarding every message (its Sink handler)."""
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(label: str, *, traced: bool = False) -> None:
    """One send_reminders run, with its time, emails and memory. Traced (tracemalloc), it
    counts every Python allocation, and runs several times slower: its time is not the
    figure, so the timed runs are not traced."""
    if traced:
        tracemalloc.start()
        tracemalloc.reset_peak()
    started, cpu = time.perf_counter(), time.process_time()
    summary = send_due_notices()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    memory = f"RSS {rss_mib():.0f} MiB (peak {peak_rss_mib():.0f} MiB)"
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        memory = f"Python peak {peak / 2**20:.1f} MiB (tracemalloc), {memory}"
    print(
        f"{label}: {summary.sent:,} sent, "
        f"{summary.failed} failed, in {seconds:.1f} s ({cpu:.1f} s of this process's CPU; "
        f"{summary.sent / max(seconds, 0.001):,.0f}/s); {memory}"
    )


def main() -> None:
    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        plans = build(ARGS.plans, ARGS.leads_per_plan)
        people = ARGS.plans * ARGS.leads_per_plan
        print(
            f"{connection_vendor()}: {len(plans)} plans, {people:,} leads and people, built "
            f"in {time.perf_counter() - started:.0f} s; RSS {rss_mib():.0f} MiB; batch "
            f"{settings.NOTICE_BATCH_SIZE}, {settings.NOTICE_CONNECTIONS} connections at once"
        )
        today = timezone.localdate()
        with smtp_server() as port:
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
            settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port

            def open_rounds(chosen: list[Plan]) -> None:
                """Close each plan's open round, if any, and open a new one."""
                UpdateRound.objects.filter(closed_at__isnull=True).update(closed_at=timezone.now())
                for plan in chosen:
                    round_open(
                        plan=plan,
                        board_date=today + dt.timedelta(days=21),
                        deadline=today + dt.timedelta(days=14),
                        by=None,
                    )

            for chosen in (plans[:1], plans):
                size = f"{len(chosen) * ARGS.leads_per_plan:,} people"
                open_rounds(chosen)
                run(f"{size} ({len(chosen)} rounds)")
                run("  again at once (nothing due)")
                open_rounds(chosen)
                run(f"{size} again, traced", traced=True)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def connection_vendor() -> str:
    from django.db import connection

    return connection.vendor


if __name__ == "__main__":
    main()
