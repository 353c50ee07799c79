"""ContactIndex: load time and filter time per keystroke, beside `fzf --filter`.

    .venv/bin/python bench/bench_search.py --db /tmp/bench34k.db [--db /tmp/bench100k.db]
    .venv/bin/python bench/bench_search.py --make 34257 --make 100000   # build test dbs

Per keystroke = typing each query one letter at a time on a warm index (as the TUI list
does: each keystroke narrows the previous answer when it can), median over all keystrokes
of all queries and over several rounds. "cold" = each query alone with no previous query.
fzf is measured as a whole process on the same lines (name, company, title, emails,
skills, tags), once per keystroke prefix, the way a shell pipeline would call it.

Memory: resident size (VmRSS) after ``load`` + ``warm`` minus before (rapidfuzz imported
first), so it is the index and its typo vocabulary. "typo after an edit" = the first
typo'd query after ``put`` of one contact (the vocabulary must not be rebuilt).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import make_db, median_time, ms, rss_mb  # noqa: E402

QUERIES = ["jane doe", "smith", "kubernetes", "garcia", "müller", "jnae", "kubernets",
           "acme", "python", "anna", "zoe angstrom", "mar"]


def keystrokes(q: str) -> list[str]:
    return [q[:k] for k in range(1, len(q) + 1)]


def bench_index(db: str, rounds: int) -> dict:
    import gc

    import rapidfuzz.distance.OSA  # noqa: F401  (imported before the memory baseline)
    import rapidfuzz.process  # noqa: F401

    from rolodex.core.search.index import ContactIndex

    gc.collect()
    before = rss_mb()
    t = time.perf_counter()
    idx = ContactIndex.load(db)
    load = time.perf_counter() - t
    t = time.perf_counter()
    idx.warm()
    warm = time.perf_counter() - t
    gc.collect()
    mem = rss_mb() - before
    edit = []
    for cid in idx.all_ids()[:: max(1, len(idx) // 5)][:5]:
        idx.put(idx.row(cid), [])
        t = time.perf_counter()
        idx.filter("kubernets")
        edit.append(time.perf_counter() - t)
    per_key = []
    for _ in range(rounds):
        for q in QUERIES:
            idx.filter("")
            for prefix in keystrokes(q):
                t = time.perf_counter()
                idx.filter(prefix)
                per_key.append(time.perf_counter() - t)
    cold = {}
    for q in QUERIES:
        def one(q=q):
            idx.filter("")
            idx._changed()  # drop every cache: the query starts from nothing
            idx.filter(q)
        cold[q] = median_time(one, runs=5)
    lines = [idx.filter(q, limit=3) for q in QUERIES]
    return {"n": len(idx), "load": load, "warm": warm, "per_key": per_key, "cold": cold,
            "mem": mem, "edit": statistics.median(edit),
            "idx": idx, "top": lines}


def fzf_lines(idx) -> list[str]:
    out = []
    for i, cid in enumerate(idx.all_ids()):
        f = idx._fields(i)
        out.append(" ".join(x for x in (idx.row(cid).name, f[1], f[2]) if x))
    return out


def bench_fzf(idx, rounds: int) -> list[float] | None:
    fzf = shutil.which("fzf")
    if not fzf:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.txt"
        path.write_text("\n".join(fzf_lines(idx)) + "\n", encoding="utf-8")
        times = []
        for _ in range(max(1, rounds // 2)):
            for q in QUERIES:
                for prefix in keystrokes(q)[::2] + [q]:
                    with open(path, "rb") as fh:
                        t = time.perf_counter()
                        subprocess.run([fzf, "--filter", prefix], stdin=fh,
                                       stdout=subprocess.DEVNULL, check=False)
                        times.append(time.perf_counter() - t)
        return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", action="append", default=[], help="rolodex database (repeatable)")
    ap.add_argument("--make", action="append", type=int, default=[],
                    help="build /tmp/bench_<N>.db with N contacts and bench it")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-fzf", action="store_true", help="skip the fzf comparison")
    args = ap.parse_args()
    dbs = list(args.db) + [make_db(f"/tmp/bench_{n}.db", n) for n in args.make]
    if not dbs:
        ap.error("give --db or --make")
    for db in dbs:
        r = bench_index(db, args.rounds)
        key = statistics.median(r["per_key"])
        p90 = sorted(r["per_key"])[int(len(r["per_key"]) * 0.9)]
        print(f"\n== {db}: {r['n']:,} contacts")
        print(f"load (plain selects, no ORM)  {ms(r['load'])}")
        print(f"typo index build (warm)       {ms(r['warm'])}")
        print(f"index + typo vocabulary RSS   {r['mem']:8.1f} MB")
        print(f"typo after an edit, median    {ms(r['edit'])}")
        print(f"filter per keystroke, median  {ms(key)}   (p90 {p90 * 1000:.1f} ms, "
              f"{len(r['per_key'])} keystrokes)")
        for q, t in r["cold"].items():
            top = [r["idx"].row(c).name for c in r["idx"].filter(q, limit=2)]
            print(f"  cold {q!r:16} {ms(t)}   top: {', '.join(top)}")
        f = None if args.no_fzf else bench_fzf(r["idx"], args.rounds)
        if f:
            fz = statistics.median(f)
            print(f"fzf --filter per keystroke    {ms(fz)}   (whole process, same lines)")
            print(f"ratio index/fzf               {key / fz:8.2f}")


if __name__ == "__main__":
    main()
