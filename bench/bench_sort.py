"""The contact list's sorts (core/sorting.py) on a demo rolodex, printed as medians beside
the index load of the same run (what the list already pays once at start).

    .venv/bin/python bench/bench_sort.py --db /tmp/demo-100000.db [--runs 3]

1. ``compute`` of each sort over the whole index (once per change of the data, in a
   worker), with the reads it needs (``my_ties`` for tie strength, ``follow_ups`` for
   overdue first); ratio to loading the index.
2. ``Order.apply`` to a filter's matches (each keystroke with a sort chosen), beside the
   filter itself: what a keystroke costs more.
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

from bench.common import ms  # noqa: E402

QUERIES = ("a", "ma", "smith", "berlin", "python", "gabriella")


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="an SQLite rolodex (rolodex demo --no-tui)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from rolodex.core.db.store import Store
    from rolodex.core.network.strengths import my_ties
    from rolodex.core.search.index import ContactIndex
    from rolodex.core.sorting import SORTS, compute
    from rolodex.core.today import follow_ups

    store = Store("sqlite:///" + os.path.abspath(args.db))
    now = datetime.now()
    load, index = timed(lambda: ContactIndex.load(store), args.runs)
    print(f"{len(index):,} contacts; loading the index: median {ms(load)}  "
          f"[median of {args.runs}]")
    orders = {}
    for sort in SORTS[1:]:
        def run(sort=sort):
            ties = my_ties(store, now) if sort == "tie" else None
            fus = follow_ups(store) if sort == "overdue" else None
            return compute(sort, index, now, ties=ties, follow_ups=fus)

        t, orders[sort] = timed(run, args.runs)
        print(f"  sort {sort:<8} whole list: median {ms(t)}, {t / load:.2f}x the index load")
    for q in QUERIES:
        tf, ids = timed(lambda q=q: index.filter(q), args.runs)
        ta, _ = timed(lambda ids=ids: orders["touch"].apply(ids), args.runs)
        print(f"  filter {q!r:<12} {len(ids):>6,} matches: filter {ms(tf)}, "
              f"sorting them by last touch {ms(ta)} more ({ta / tf:.2f}x the filter)")
    store.close()


if __name__ == "__main__":
    main()
