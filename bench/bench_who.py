"""Bench "who can X": graph build, warm query, and `rolodex who` as a whole process.

    .venv/bin/python bench/bench_who.py [--sizes 34257,100000] [--runs 5] [--data DIR]

For each size it makes (once, kept in --data) a demo rolodex with the demo generator
(34,257 contacts ~171,000 knows-edges; 100,000 contacts ~500,000 knows-edges), then prints:
- graph build time (Network.build, median of --runs) and the graph's size;
- the network's memory: resident growth (RSS) of one build in a fresh process, and the
  bytes Python holds for it (tracemalloc, measured in a second fresh process);
- warm query: median over several queries x runs of who_can (goal < 100 ms; one- to
  three-part queries, the slowest named), and the
  ratio against a plain ``networkx.single_source_dijkstra`` from me with the same 3-hop
  cutoff (unit weights, cutoff=3) on the same graph, measured in the same run;
- at 34,257: ``rolodex who QUERY --db ...`` as a whole process (median of --runs), with
  ``rolodex --version`` (start-up floor) measured in the same run.
Figures only, never assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUERIES = ["kubernetes", "python", "kubernets", "sales manager", "berlin", "accounting",
           "marketing", "python developer berlin", "machine learning", "cooking",
           # two- and three-part queries (issue 13): the broadest conjunctive ones
           "cfo london", "kubernetes berlin", "sales director paris", "python london",
           "sales manager london", "marketing manager new york"]
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import rss_mb  # noqa: E402


def demo_db(folder: Path, n: int) -> Path:
    path = folder / f"who-demo-{n}.db"
    if path.exists():
        return path
    from rolodex.core.db.store import Store
    from rolodex.demo import build_demo

    print(f"  making a {n:,}-contact demo rolodex in {path} (once)...", flush=True)
    part = path.with_suffix(".part.db")
    part.unlink(missing_ok=True)
    store = Store(str(part))
    build_demo(store, contacts=n, seed=2003)
    store.close()
    os.replace(part, path)
    return path


MEMORY = """
import gc, sys, tracemalloc
sys.path.insert(0, {bench!r})
from common import rss_mb
from rolodex.core.network.graph import Network
from rolodex.core.db.store import Store
import rolodex.core.network.introducer, rapidfuzz  # noqa: the imports are not the network
store = Store({path!r}, create=False)
gc.collect()
before = rss_mb()
if {trace}:
    tracemalloc.start()
net = Network.build(store, follow=False)
gc.collect()
print(tracemalloc.get_traced_memory()[0] / 2**20 if {trace} else rss_mb() - before)
"""


def network_memory(path: Path) -> tuple[float, float]:
    """(MB resident growth, MB held by Python objects) for one build in a fresh process."""
    got = []
    for trace in (False, True):
        code = MEMORY.format(bench=str(ROOT / "bench"), path=str(path), trace=trace)
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                             text=True, cwd=tempfile.gettempdir()).stdout  # not ./rolodex
        got.append(float(out.split()[-1]))
    return got[0], got[1]


def median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def bench_size(path: Path, runs: int) -> None:
    import networkx as nx

    from rolodex.core.db.store import Store
    from rolodex.core.network.graph import ME, Network
    from rolodex.core.network.introducer import who_can

    store = Store(str(path), create=False)
    before = rss_mb()
    builds = []
    network = None
    for _ in range(max(2, runs // 2)):
        network = None
        t = time.perf_counter()
        network = Network.build(store, follow=False)
        builds.append(time.perf_counter() - t)
    g = network.G
    knows = sum(1 for _, _, d in g.edges(data=True) if d.get("k"))
    print(f"  graph build      median {statistics.median(builds):.2f} s  "
          f"({g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges of which "
          f"{knows:,} knows; RSS here +{rss_mb() - before:.0f} MB after {len(builds)} builds)")
    resident, traced = network_memory(path)
    print(f"  network memory   +{resident:.0f} MB resident for one build in a fresh process, "
          f"{traced:.0f} MB held by Python objects (tracemalloc)")
    per_query = {}
    for q in QUERIES:
        who_can(store, network, q)  # warm: the first query of a word fills the memo
        per_query[q] = median_ms(lambda q=q: who_can(store, network, q), runs)
    all_ms = statistics.median(per_query.values())
    worst = max(per_query, key=per_query.get)
    dijkstra = median_ms(lambda: nx.single_source_dijkstra(g, ME, cutoff=3, weight=lambda *a: 1),
                         max(3, runs // 2))
    print(f"  warm who_can     median {all_ms:.1f} ms over {len(QUERIES)} queries "
          f"(slowest '{worst}' {per_query[worst]:.1f} ms)")
    print("                   " + ", ".join(f"{q} {ms:.1f}" for q, ms in per_query.items()))
    print(f"  baseline         networkx.single_source_dijkstra(me, cutoff=3 hops) "
          f"{dijkstra:.0f} ms  -> who_can is {dijkstra / all_ms:.0f}x faster")
    store.close()


def bench_process(path: Path, runs: int) -> None:
    exe = str(Path(sys.executable).with_name("rolodex"))

    def run(*args):
        subprocess.run([exe, *args], check=True, stdout=subprocess.DEVNULL)

    floor = median_ms(lambda: run("--version"), runs)
    who = median_ms(lambda: run("who", "kubernetes", "--db", str(path)), runs)
    who_json = median_ms(lambda: run("who", "sales manager", "--json", "--db", str(path)), runs)
    broad = median_ms(lambda: run("who", "marketing", "--db", str(path)), runs)
    print(f"  `rolodex who kubernetes`         median {who / 1000:.2f} s as a whole process")
    print(f"  `rolodex who 'sales manager' --json` median {who_json / 1000:.2f} s")
    print(f"  `rolodex who marketing`          median {broad / 1000:.2f} s")
    print(f"  `rolodex --version` (start-up floor) {floor / 1000:.2f} s  "
          f"-> who = {who / floor:.1f}x the floor")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="34257,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "rolodex-bench"))
    args = ap.parse_args()
    folder = Path(args.data)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"bench_who: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    for n in [int(x) for x in args.sizes.split(",")]:
        path = demo_db(folder, n)
        print(f"{n:,} contacts ({path})")
        bench_size(path, args.runs)
        if n == 34257:
            bench_process(path, args.runs)


if __name__ == "__main__":
    main()
