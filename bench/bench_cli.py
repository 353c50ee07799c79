"""Whole-process CLI figures, each beside a baseline measured in the same run.

    .venv/bin/python bench/bench_cli.py --db /tmp/bench34k.db [--runs 15]

* `rolodex search NAME` (and a typo'd name) vs `python -c pass` (budget: under 0.5 s);
* `rolodex mutt-query NAME` vs `abook --datafile F --mutt-query NAME` on the same people
  (every contact with an email exported to an abook addressbook in a temp dir; budget:
  within 2x of abook);
* logging a call: `log_interaction` commit time in-process (budget: under 20 ms), on a
  copy of the database so the bench rolodex is left as it was;
* which heavy modules `rolodex search` imports (python -X importtime): none of sqlmodel,
  sqlalchemy, textual, networkx, faker may appear.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import heavy_imports, median_process, ms, rolodex_bin  # noqa: E402

HEAVY = ("sqlmodel", "sqlalchemy", "textual", "networkx", "faker")


def pick_names(db: str, n: int = 5) -> list[str]:
    """``n`` real surnames of contacts that have an email, spread over the alphabet."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    total = con.execute("SELECT count(*) FROM contact").fetchone()[0]
    names = []
    for k in range(n):
        row = con.execute(
            "SELECT c.name FROM contact c JOIN contact_email e ON e.contact_id = c.id "
            "WHERE NOT c.archived AND c.id >= ? ORDER BY c.id LIMIT 1",
            (1 + k * total // n,)).fetchone()
        if row:
            names.append(row[0].split()[-1])
    con.close()
    return names


def typo(word: str) -> str:
    """Swap two letters in the middle: 'garcia' -> 'gracia'."""
    if len(word) < 4:
        return word
    i = len(word) // 2 - 1
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def write_abook(db: str, path: Path) -> int:
    """Every live contact with an email, as an abook addressbook; returns the count."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT c.id, c.name, group_concat(e.value, ',') FROM contact c "
        "JOIN contact_email e ON e.contact_id = c.id WHERE NOT c.archived "
        "GROUP BY c.id ORDER BY c.id").fetchall()
    con.close()
    out = ["[format]", "program=abook", "version=0.6.1", ""]
    for i, (_cid, name, emails) in enumerate(rows):
        out += [f"[{i}]", f"name={name}", f"email={emails}", ""]
    path.write_text("\n".join(out), encoding="utf-8")
    return len(rows)


def log_call_times(db: str, runs: int) -> list[float]:
    from rolodex.core.db.store import Store
    from rolodex.core.records.interactions import log_interaction

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        src = Store(db, create=False)
        src.backup(copy)
        src.close()
        store = Store(str(copy))
        with store.engine.connect() as c:
            from sqlalchemy import text

            ids = [r[0] for r in c.execute(text("SELECT id FROM contact ORDER BY id LIMIT 50"))]
        times = []
        for k in range(runs):
            t = time.perf_counter()
            log_interaction(store, "call", [ids[k % len(ids)]], "bench call")
            times.append(time.perf_counter() - t)
        store.close()
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True, help="an SQLite rolodex (e.g. rolodex demo --no-tui)")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    db = os.path.abspath(args.db)
    rolodex = rolodex_bin()
    names = pick_names(db)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    n = con.execute("SELECT count(*) FROM contact WHERE NOT archived").fetchone()[0]
    con.close()
    print(f"== {db}: {n:,} contacts; names: {', '.join(names)}; runs: {args.runs}")

    base = median_process([sys.executable, "-c", "pass"], runs=args.runs)
    print(f"python -c pass                       {ms(base)}")
    s_times = [median_process([rolodex, "--db", db, "search", nm], runs=args.runs)
               for nm in names]
    s = statistics.median(s_times)
    print(f"rolodex search NAME                  {ms(s)}   ({s / base:.1f}x python -c pass; "
          f"budget 500 ms)")
    t_times = [median_process([rolodex, "--db", db, "search", typo(nm)], runs=args.runs)
               for nm in names]
    print(f"rolodex search TYPO'D NAME           {ms(statistics.median(t_times))}   "
          f"({', '.join(typo(nm) for nm in names)})")
    heavy = heavy_imports(db, ("search", names[0]), HEAVY)
    print(f"heavy imports in `rolodex search`    {', '.join(heavy) if heavy else 'none'}")

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "addressbook"
        people = write_abook(db, book)
        abook = shutil.which("abook")
        m = statistics.median([median_process([rolodex, "--db", db, "mutt-query", nm],
                                              runs=args.runs) for nm in names])
        print(f"rolodex mutt-query NAME              {ms(m)}")
        if abook:
            a = statistics.median([median_process(
                [abook, "--datafile", str(book), "--mutt-query", nm], runs=args.runs)
                for nm in names])
            print(f"abook --mutt-query NAME ({people:,} people) {ms(a)}   "
                  f"ratio rolodex/abook {m / a:.2f} (budget 2.0)")
        else:
            print("abook not installed: no baseline")

    times = log_call_times(db, max(args.runs, 20))
    print(f"log a call (commit, in-process)      {ms(statistics.median(times))}   "
          f"(p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.1f} ms; budget 20 ms)")


if __name__ == "__main__":
    main()
