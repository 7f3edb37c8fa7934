"""Time the demo history as `make run` makes it, and generate_demo_data's history at scale.

Run with `.venv/bin/python bench/demo_history.py [--organisations N]`. In a new SQLite file
(the local settings, as `make run`), it times `load_demo_history` made and then found again,
and `generate_demo_data` with and without `--history-months 12` (N organisations x 5 plans
x 60 actions x 24 updates, plus the 1,000-action plan; the load benchmark uses 150). Each
command runs in its own process, timed whole, start-up included, as a person waits for it.
Figures are printed, never asserted (ADR 0060).
"""

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def manage(env: dict[str, str], *args: str) -> tuple[str, str]:
    """Run a command; its wall and CPU seconds in words, and what it printed."""
    started, cpu = time.perf_counter(), children_cpu()
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = f"{time.perf_counter() - started:5.1f} s wall, {children_cpu() - cpu:5.1f} s CPU"
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return seconds, result.stdout


def fresh(directory: str, name: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": f"sqlite:///{directory}/{name}.sqlite3",
    }
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=10)
    organisations = parser.parse_args().organisations
    print(f"Load average at the start: {os.getloadavg()[0]:.2f} (other work here skews figures)")
    with tempfile.TemporaryDirectory() as directory:
        env = fresh(directory, "demo")
        made, output = manage(env, "load_demo_history")
        said = re.search(r"board packs in ([\d.]+) s", output)
        found, _ = manage(env, "load_demo_history")
        inside = said[1] if said else "?"
        print(f"load_demo_history, made:  {made} ({inside} s inside the command)")
        print(f"load_demo_history, found: {found} (nothing changed)")
        sizes = [
            f"--organisations={organisations}",
            "--plans-per-organisation=5",
            "--actions-per-plan=60",
            "--updates-per-action=24",
            "--seed=2020",
        ]
        for history in ("0", "12"):
            env = fresh(directory, f"generated-{history}")
            months = f"--history-months={history}"
            seconds, output = manage(env, "generate_demo_data", *sizes, months)
            inserted = re.search(r"Inserted ([\d,]+) rows in ([\d.]+) s", output)
            rows = f"{inserted[1]} rows in {inserted[2]} s" if inserted else "?"
            rounds = re.search(r"plans\.UpdateRound\s+([\d,]+)", output)
            packs = re.search(r"plans\.BoardPack\s+([\d,]+)", output)
            print(
                f"generate_demo_data {months:<18}: {seconds}; {rows}, "
                f"{rounds[1] if rounds else 0} rounds, {packs[1] if packs else 0} packs"
            )


if __name__ == "__main__":
    main()
