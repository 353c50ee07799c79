"""`rolodex today` as a whole process, beside the Python+SQLite floor of the same run.

    .venv/bin/python bench/bench_today.py --db /tmp/bench34k.db [--runs 7]

The floor (issue 14) is a Python process that opens the SQLite file and runs one query;
the budget for `today` is within 10x of it. Also `today --json`, the in-process time of
``core.today.today`` alone, and which heavy modules `rolodex today` imports (none of
sqlmodel, sqlalchemy, typer, textual, networkx may appear).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import heavy_imports, median_process, ms, rolodex_bin  # noqa: E402

HEAVY = ("sqlmodel", "sqlalchemy", "typer", "textual", "networkx")


def floor_argv(db: str) -> list[str]:
    return [sys.executable, "-c",
            "import sqlite3; c = sqlite3.connect('file:' + __import__('sys').argv[1] + "
            "'?mode=ro', uri=True); c.execute('SELECT count(*) FROM contact').fetchone()", db]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="an SQLite rolodex (rolodex demo --no-tui)")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    db = os.path.abspath(args.db)
    rolodex = rolodex_bin()
    print(f"== {db}; runs: {args.runs}")
    floor = median_process(floor_argv(db), runs=args.runs)
    print(f"Python+SQLite floor (one query)  {ms(floor)}")
    t = median_process([rolodex, "--db", db, "today"], runs=args.runs)
    print(f"rolodex today                    {ms(t)}   ({t / floor:.1f}x the floor; budget 10x)")
    j = median_process([rolodex, "--db", db, "today", "--json"], runs=args.runs)
    print(f"rolodex today --json             {ms(j)}   ({j / floor:.1f}x the floor)")
    from rolodex.core.today import today

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        today(db, datetime.now())
        times.append(time.perf_counter() - start)
    print(f"core.today.today in-process      {ms(statistics.median(times))}")
    heavy = heavy_imports(db, ("today",), HEAVY)
    print(f"heavy imports in `rolodex today` {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()
