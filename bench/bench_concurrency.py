"""Three writers and an import at once on one SQLite rolodex: nothing refused, nothing lost.

    .venv/bin/python bench/bench_concurrency.py [--calls 10] [--contacts 3000]

Three threads each run `rolodex log call ...` as a whole process, one after the other,
while a fourth runs `rolodex import csv` of N new contacts; all four start together. Before
that, in the same run, the baselines: one `rolodex log` alone (median of 7) and the import
alone. Prints the writes per second, the longest `rolodex log` and its wait beyond the
baseline (the time it spent waiting for the others' write lock), and checks every count:
each exit code 0, every call logged exactly once, every contact imported.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ms, rolodex_bin  # noqa: E402


def run(argv: list[str]) -> tuple[float, int, str]:
    t = time.perf_counter()
    r = subprocess.run(argv, capture_output=True, text=True)
    return time.perf_counter() - t, r.returncode, r.stderr.strip()


def count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=10, help="calls logged by each writer")
    ap.add_argument("--contacts", type=int, default=3000, help="contacts in the import")
    args = ap.parse_args()
    rolodex = rolodex_bin()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        csv = Path(tmp) / "people.csv"
        csv.write_text("Name,E-mail,Company\n" + "".join(
            f"Person {i:05d},p{i}@example.com,Firm {i % 97}\n" for i in range(args.contacts)),
            encoding="utf-8")
        other = Path(tmp) / "other.db"
        for target in (db, other):
            _, code, err = run([rolodex, "add", "Ann Alder", "--db", str(target)])
            assert code == 0, err

        def log(tag: str) -> tuple[float, int, str]:
            return run([rolodex, "log", "call", "#1", "-m", tag, "--db", str(db)])

        alone = [log(f"alone-{i}") for i in range(8)][1:]  # the first one warms the caches
        base = statistics.median(t for t, _, _ in alone)
        t_import_alone, code, err = run([rolodex, "import", "csv", str(csv), "--db",
                                         str(other)])
        assert code == 0, err

        times: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        result: dict[str, float] = {}

        def writer(w: int) -> None:
            for i in range(args.calls):
                t, code, err = log(f"w{w}-{i}")
                with lock:
                    times.append(t)
                    if code:
                        failures.append(err)

        def importer() -> None:
            t, code, err = run([rolodex, "import", "csv", str(csv), "--db", str(db)])
            result["import"] = t
            if code:
                failures.append(err)

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(3)]
        threads.append(threading.Thread(target=importer))
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start

        logged = count(db, "SELECT count(*) FROM interaction WHERE summary LIKE 'w%'")
        distinct = count(db, "SELECT count(DISTINCT summary) FROM interaction "
                             "WHERE summary LIKE 'w%'")
        contacts = count(db, "SELECT count(*) FROM contact")
        # the import alone, on a rolodex of one contact too, says how many it adds (the
        # importer's dedupe may fold a few of the file's people together)
        expected = count(other, "SELECT count(*) FROM contact")
        integrity = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
        want = 3 * args.calls
        print(f"rolodex log alone:          median {ms(base)} (7 runs)")
        print(f"import of {args.contacts:,} alone:     {ms(t_import_alone)}")
        print(f"3 writers x {args.calls} + import: {elapsed:6.1f} s, "
              f"{want / elapsed:5.1f} writes/s (whole processes)")
        print(f"rolodex log under load:     median {ms(statistics.median(times))} "
              f"({statistics.median(times) / base:.2f}x alone), longest {ms(max(times))}")
        print(f"longest wait beyond alone:  {ms(max(times) - base)}")
        print(f"import under load:          {ms(result['import'])} "
              f"({result['import'] / t_import_alone:.2f}x alone)")
        print(f"checked: {len(failures)} refused, {logged}/{want} calls logged "
              f"({distinct} distinct), {contacts - 1:,} contacts imported "
              f"(alone: {expected - 1:,} of the file's {args.contacts:,}), "
              f"integrity {integrity}")
        ok = (not failures and logged == distinct == want and contacts == expected
              and integrity == "ok")
        if not ok:
            for f in failures[:5]:
                print("  refused:", f)
            sys.exit(1)


if __name__ == "__main__":
    main()
