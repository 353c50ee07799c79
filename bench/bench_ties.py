"""`rolodex who` and `rolodex stats` as whole processes beside the Python+SQLite floor, with
my ties read from the table the writer path keeps (my_tie, schema 7); optionally beside
the same commands of an older checkout that summed the log (schema 6), in the same run.

    .venv/bin/python bench/bench_ties.py --db /tmp/demo7.db [--runs 3] \\
        [--before-src /tmp/old --before-db /tmp/demo6.db]

The floor (issue 14) is a Python process that opens the SQLite file and runs one query;
the budget for `who` and `stats` is within 10x of it. ``--before-src`` is a source tree
of the older rolodex (``git archive main | tar -x -C DIR``), run with PYTHONPATH=DIR on
``--before-db`` (the same demo at its schema; open a copy with this code to get --db).
Runs of every command are interleaved, so load on the machine falls on all alike.
Figures only, never assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COMMANDS = (("who kubernetes", ["who", "kubernetes"]), ("who sales manager --json",
            ["who", "sales manager", "--json"]), ("stats", ["stats"]))


def floor_argv(db: str) -> list[str]:
    return [sys.executable, "-c",
            "import sqlite3; c = sqlite3.connect('file:' + __import__('sys').argv[1] + "
            "'?mode=ro', uri=True); c.execute('SELECT count(*) FROM contact').fetchone()", db]


def rolodex_argv(db: str, args: list[str]) -> list[str]:
    return [sys.executable, "-m", "rolodex", "--db", db, *args]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="an SQLite rolodex at this code's schema")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--before-src", help="source tree of the older rolodex")
    ap.add_argument("--before-db", help="the same rolodex at the older schema")
    args = ap.parse_args()
    args.db = str(Path(args.db).resolve())
    if args.before_db:
        args.before_db = str(Path(args.before_db).resolve())
    home = {"HOME": os.environ.get("HOME", "/tmp")}
    jobs: dict[str, tuple[list[str], dict]] = {"floor": (floor_argv(args.db), {})}
    for name, argv in COMMANDS:
        jobs[name] = (rolodex_argv(args.db, argv), {})
        if args.before_src and args.before_db:
            jobs[f"{name} (before)"] = (rolodex_argv(args.before_db, argv),
                                        {"PYTHONPATH": args.before_src,
                                         "PYTHONDONTWRITEBYTECODE": "1"})
    times: dict[str, list[float]] = {k: [] for k in jobs}
    for i in range(args.runs + 1):  # the first round warms the page cache, not counted
        for name, (argv, env) in jobs.items():
            t = time.perf_counter()
            # cwd: not a checkout, or ``-m rolodex`` would import the rolodex found there
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env={**os.environ, **home, **env}, check=False, cwd="/")
            if i:
                times[name].append(time.perf_counter() - t)
    floor = statistics.median(times["floor"])
    print(f"medians of {args.runs} runs, interleaved")
    print(f"{'Python+SQLite floor (one query)':34} {floor * 1000:8.1f} ms")
    for name in jobs:
        if name == "floor":
            continue
        m = statistics.median(times[name])
        print(f"{'rolodex ' + name:34} {m * 1000:8.1f} ms  {m / floor:5.1f}x the floor")


if __name__ == "__main__":
    main()
