"""Every CLI command as a whole process, beside the floors measured in the same run, at
each size: ONE table of medians and ratios.

    .venv/bin/python bench/bench_cli.py [--sizes 34257 100000] [--dir /tmp/rolodex-bench]
                                        [--runs 5] [--db PATH]

The floors:

* **sqlite**: a Python process that opens the rolodex file and runs one query (a scan of the
  folded names): the floor of any Python tool on SQLite (budgets: ``show`` and ``search``
  6x, ``today``, ``who`` and ``stats`` 10x);
* **sqlmodel**: ``python -c "import sqlmodel"``, the stack we persist through (budget for
  ``log``, ``add``, ``edit`` and ``link``: 1.3x);
* **abook**: ``abook --mutt-query`` on the same people (every live contact with an email
  exported to an abook addressbook; budget for ``mutt-query``: 2x).

Each round runs every command once, in turn, so that a change of load falls on all of them
alike; the figure is the median over the rounds (the name-taking commands cycle through a
few real people). Writes run on a copy of the rolodex, so the bench's one is left as it
was. ``log a call, commit`` is timed in-process (budget 20 ms). The package's bytecode is
compiled first, as an install does (``$PYTHONDONTWRITEBYTECODE`` would otherwise make every
process compile it). Demo rolodexes are built with ``rolodex demo --no-tui`` when missing.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, rolodex_bin  # noqa: E402


def people(db: str, n: int = 3) -> list[str]:
    """``n`` live contacts with an email and a name nobody else has, spread over the ids."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = con.execute("SELECT max(id) FROM contact").fetchone()[0]
    out = []
    for k in range(n * 4):
        row = con.execute(
            "SELECT c.name FROM contact c WHERE NOT c.archived AND c.id >= ? AND EXISTS "
            "(SELECT 1 FROM contact_email e WHERE e.contact_id = c.id) AND (SELECT count(*) "
            "FROM contact d WHERE d.name_fold = c.name_fold) = 1 AND c.name_fold NOT LIKE "
            "'% % %' ORDER BY c.id LIMIT 1", (1 + k * top // (n * 4),)).fetchone()
        if row and row[0].isascii() and len(row[0].split()[-1]) >= 5:
            out.append(row[0])
        if len(out) == n:
            break
    con.close()
    return out


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


def copy_db(src: str, dest: Path) -> str:
    a = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    b = sqlite3.connect(dest)
    a.backup(b)
    a.close()
    b.close()
    return str(dest)


def demo_db(size: int, folder: Path) -> str:
    path = folder / f"demo{size}.db"
    if not path.exists():
        print(f"building a demo rolodex of {size:,} contacts at {path} ...", flush=True)
        subprocess.run([rolodex_bin(), "demo", "--no-tui", "--contacts", str(size), "--db",
                        str(path)], check=True, stdout=subprocess.DEVNULL)
    from rolodex.core.db.store import Store

    Store(str(path), create=False).close()  # upgrades an older schema
    return str(path)


def commit_times(db: str, name: str, runs: int) -> list[float]:
    """In-process: the commit of one logged call (the Store open and the resolve excluded)."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.interactions import log_interaction

    store = Store(db)
    cid = resolve(store, name)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        log_interaction(store, "call", [cid], "bench call")
        times.append(time.perf_counter() - t)
    store.close()
    return times


def measure(db: str, runs: int, tmp: Path) -> list[tuple]:
    """(command, median s, floor name, budget) rows for one rolodex, and the floors."""
    rolodex, py = rolodex_bin(), sys.executable
    names = people(db)
    if len(names) < 2:
        raise SystemExit(f"{db}: too few contacts with an email and a unique name")
    surnames = [n.split()[-1] for n in names]
    writes = copy_db(db, tmp / "writes.db")
    book = tmp / "addressbook"
    write_abook(db, book)
    abook = shutil.which("abook")
    floor_sql = ("import sqlite3; c = sqlite3.connect('file:' + {!r} + '?mode=ro', uri=True); "
                 "c.execute(\"SELECT count(*) FROM contact WHERE name_fold LIKE '%x%'\")"
                 ".fetchall()").format(db)

    def cmd(*args, on=db):
        return lambda k: [rolodex, "--db", on, *[a(k) if callable(a) else a for a in args]]

    def name(k):
        return names[k % len(names)]

    def other(k):
        return names[(k + 1) % len(names)]

    def surname(k):
        return surnames[k % len(surnames)]

    entries = [  # label, argv(k), floor, budget
        ("floor: python + sqlite3, one query", lambda k: [py, "-c", floor_sql], None, None),
        ("floor: python -c 'import sqlmodel'", lambda k: [py, "-c", "import sqlmodel"],
         None, None),
        ("rolodex mutt-query NAME", cmd("mutt-query", surname), "abook", 2.0),
        ("rolodex search NAME", cmd("search", surname), "sqlite", 6.0),
        ("rolodex search TYPO'D NAME", cmd("search", lambda k: typo(surname(k))), "sqlite",
         6.0),
        ("rolodex show 'FULL NAME'", cmd("show", name), "sqlite", 6.0),
        ("rolodex today", cmd("today"), "sqlite", 10.0),
        ("rolodex who kubernetes", cmd("who", "kubernetes"), "sqlite", 10.0),
        ("rolodex stats", cmd("stats"), "sqlite", 10.0),
        ("rolodex log call 'FULL NAME' -m ...", cmd("log", "call", name, "-m", "bench",
                                                     on=writes), "sqlmodel", 1.3),
        ("rolodex add NAME --email ...", cmd("add", lambda k: f"Bench Person {k}", "--email",
                                             lambda k: f"bench{k}@example.org", on=writes),
         "sqlmodel", 1.3),
        ("rolodex edit 'FULL NAME' --title ...", cmd("edit", name, "--title",
                                                     lambda k: f"Bench {k}", on=writes),
         "sqlmodel", 1.3),
        ("rolodex link 'NAME' 'NAME'", cmd("link", name, other, on=writes), "sqlmodel", 1.3),
    ]
    if abook:
        entries.insert(2, ("floor: abook --mutt-query NAME",
                           lambda k: [abook, "--datafile", str(book), "--mutt-query",
                                      surname(k)], None, None))
    times: dict[str, list[float]] = {e[0]: [] for e in entries}
    for k in range(runs + 1):  # the first round warms the page cache, not counted
        for label, argv, _floor, _budget in entries:
            t = time.perf_counter()
            subprocess.run(argv(k), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           check=False)
            if k:
                times[label].append(time.perf_counter() - t)
    med = {label: statistics.median(v) for label, v in times.items()}
    floors = {"sqlite": med[entries[0][0]], "sqlmodel": med[entries[1][0]],
              "abook": med.get("floor: abook --mutt-query NAME")}
    rows = [(label, med[label], floor, budget) for label, _a, floor, budget in entries]
    commit = statistics.median(commit_times(writes, names[0], max(runs, 10)))
    rows.append(("log a call: the commit, in-process", commit, None, 0.020))
    return rows, floors, names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[34257, 100000],
                    help="demo rolodexes of these many contacts (built when missing)")
    ap.add_argument("--dir", default=os.path.join(tempfile.gettempdir(), "rolodex-bench"),
                    help="where the demo rolodexes are kept")
    ap.add_argument("--db", nargs="+", help="measure these rolodex files instead of demos")
    ap.add_argument("--runs", type=int, default=5, help="rounds (median over them)")
    args = ap.parse_args()
    compileall.compile_dir(str(ROOT / "rolodex"), quiet=1)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    dbs = [os.path.abspath(d) for d in args.db] if args.db else [
        demo_db(n, folder) for n in args.sizes]
    load = os.getloadavg()[0]
    print(f"== rolodex CLI, whole processes: median of {args.runs} rounds (every command once "
          f"a round), load average {load:.1f} at the start")
    head = f"{'contacts':>9}  {'command':<38} {'median':>9}  {'against':<9} {'ratio':>7}  budget"
    print(head)
    print("-" * len(head))
    for db in dbs:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n = con.execute("SELECT count(*) FROM contact").fetchone()[0]
        con.close()
        with tempfile.TemporaryDirectory() as tmp:
            rows, floors, _names = measure(db, args.runs, Path(tmp))
        for label, t, floor, budget in rows:
            if floor is None:
                ratio, against = "", ""
                goal = f"< {budget * 1000:.0f} ms" if budget else ""
            elif floors.get(floor) is None:
                ratio, against, goal = "n/a", floor, f"{budget:g}x"
            else:
                r = t / floors[floor]
                ratio, against = f"{r:.2f}x", floor
                goal = f"{budget:g}x" + ("" if r <= budget else "  OVER")
            ms = f"{t * 1000:7.1f} ms" if t >= 0.001 else f"{t * 1000:7.2f} ms"
            print(f"{n:>9,}  {label:<38} {ms:>9}  {against:<9} {ratio:>7}  {goal}")
        print()
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
