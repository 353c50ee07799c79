"""compute_stats in process (median of runs) at 34,257 and 100,000 demo contacts, and the
whole ``rolodex stats`` process beside ``python -c pass`` measured in the same run.

    .venv/bin/python bench/bench_stats.py [--folder DIR] [--runs N]

The demo databases are built once into --folder (default: a temp folder) and reused.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median_process, median_time, ms, rolodex_bin  # noqa: E402

SIZES = (34_257, 100_000)


def ensure(path: Path, n: int) -> None:
    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import count_contacts

    if path.exists():
        s = Store(str(path))
        try:
            if count_contacts(s, include_archived=True) == n:
                return
        finally:
            s.close()
    subprocess.run([rolodex_bin(), "demo", "--no-tui", "--force", "--contacts", str(n),
                    "--db", str(path)], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    folder = Path(args.folder or tempfile.mkdtemp(prefix="rolodex-bench-stats-"))
    folder.mkdir(parents=True, exist_ok=True)
    from rolodex.core.db.store import Store
    from rolodex.core.stats import compute_stats

    base = median_process([sys.executable, "-c", "pass"], runs=args.runs)
    print(f"baseline python -c pass: {ms(base)}")
    for n in SIZES:
        path = folder / f"demo-{n}.db"
        ensure(path, n)
        store = Store(str(path))
        t = median_time(lambda s=store: compute_stats(s), runs=args.runs)
        store.close()
        p = median_process([rolodex_bin(), "stats", "--db", str(path)], runs=args.runs)
        print(f"{n:>7,} contacts: compute_stats {ms(t)}  rolodex stats process {ms(p)} "
              f"({p / base:.1f}x python -c pass)  medians of {args.runs}")


if __name__ == "__main__":
    main()
