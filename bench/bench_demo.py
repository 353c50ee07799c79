"""Demo build time at 34,257 and 100,000 contacts, and ``rolodex stats`` on each.

    .venv/bin/python bench/bench_demo.py [--runs N] [--big-runs N] [--keep DIR]

Each build is a whole ``rolodex demo --no-tui`` process into a fresh file (medians of
--runs builds at 34,257, of --big-runs at 100,000). ``rolodex stats`` is timed as a whole
process beside ``python -c pass`` and ``python -c "import sqlalchemy"`` measured in the same
run. The demo's ``stats --json`` is printed at the end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median_process, ms, rolodex_bin  # noqa: E402

SIZES = (34_257, 100_000)


def build(path: Path, n: int) -> float:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    t = time.perf_counter()
    subprocess.run([rolodex_bin(), "demo", "--no-tui", "--contacts", str(n), "--db", str(path)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3, help="builds at 34,257 (median)")
    ap.add_argument("--big-runs", type=int, default=1, help="builds at 100,000 (median)")
    ap.add_argument("--stat-runs", type=int, default=5)
    ap.add_argument("--keep", help="folder to keep the demo databases in")
    args = ap.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="rolodex-bench-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    base = median_process([py, "-c", "pass"], runs=args.stat_runs)
    sqla = median_process([py, "-c", "import sqlalchemy"], runs=args.stat_runs)
    print(f"baseline python -c pass            {ms(base)}")
    print(f"baseline python -c 'import sqlalchemy' {ms(sqla)}")
    dbs = {}
    for n, runs in zip(SIZES, (args.runs, args.big_runs), strict=True):
        path = folder / f"demo-{n}.db"
        times = [build(path, n) for _ in range(max(1, runs))]
        kind = f"median of {len(times)}" if len(times) > 1 else "single run"
        print(f"rolodex demo --contacts {n:>7,}: {statistics.median(times):6.1f} s ({kind}; "
              f"all: {', '.join(f'{t:.1f}' for t in times)})")
        dbs[n] = path
    for n, path in dbs.items():
        t = median_process([rolodex_bin(), "stats", "--db", str(path)], runs=args.stat_runs)
        print(f"rolodex stats at {n:>7,}: {ms(t)} median of {args.stat_runs} "
              f"({t / base:.1f}x python -c pass)")
    out = subprocess.run([rolodex_bin(), "stats", "--json", "--db", str(dbs[SIZES[0]])],
                         check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    data.pop("losing_touch", None)
    data.pop("touches_per_week", None)
    data.pop("top_ties", None)
    print(f"stats --json at {SIZES[0]:,} (losing_touch, touches_per_week, top_ties left out):")
    print(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
