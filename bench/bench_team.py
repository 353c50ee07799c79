"""Bench the team rolodex: who-can as a member of a team of 10 over the 34,257 demo, and
what row-level security costs.

    .venv/bin/python bench/bench_team.py [--db ADMIN_URL] [--members 10] [--runs 5]

The database (default ``rolodex_bench_team`` on the test server; it must exist) is built
once with ``rolodex demo --team N`` (each member a demo-shaped log of their own, all
sharing ties) and kept. Then, connected as the second member (the server trusts local
logins, as the tests' does):
- the TUI's graph build (Network.build) and warm ``who_can`` over several queries (goal
  < 100 ms), with how many answers start with a colleague;
- the graph's queries, and logging a call, as the member (row-level security on) side by
  side with the same SQL as the administrator, who bypasses row security, restricted by
  hand to the same rows (the member's own log), measured in the same run;
- opening the rolodex as the member with no band due to decay, and as the first open of
  a day, which recomputes the bands that decayed since (so that they are true today).
Figures only, never assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import median_time  # noqa: E402

QUERIES = ["kubernetes", "python", "kubernets", "sales manager", "berlin", "accounting",
           "marketing", "python developer berlin", "machine learning", "cooking"]
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/rolodex_bench_team"


def median_ms(fn, runs: int) -> float:
    return median_time(fn, runs=runs) * 1000


def ensure_team(admin_url: str, members: int, prefix: str) -> list[str]:
    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import count_contacts
    from rolodex.demo.team import TEAM, build_team_demo

    store = Store(admin_url)
    try:
        if not count_contacts(store, include_archived=True):
            print(f"  building the team demo ({members} members) once...", flush=True)
            s = build_team_demo(store, members, prefix=prefix)
            print(f"  built in {s.seconds:.0f} s: {s.contacts:,} cards, {s.interactions:,} "
                  f"interactions, {s.bands:,} bands")
        return [f"{prefix}_{short}" for short, _ in TEAM[:members]]
    finally:
        store.close()


def graph_and_who(url: str, runs: int) -> None:
    from rolodex.core.db.store import Store
    from rolodex.core.network.graph import Network
    from rolodex.core.network.introducer import who_can

    store = Store(url, create=False)
    builds, network = [], None
    for _ in range(max(2, runs // 2)):
        t = time.perf_counter()
        network = Network.build(store, follow=False)
        builds.append(time.perf_counter() - t)
    g = network.G
    print(f"  graph build (TUI)  median {statistics.median(builds):.2f} s: "
          f"{g.number_of_nodes():,} nodes ({len(network.colleagues)} colleagues), "
          f"{g.number_of_edges():,} edges ({len(network.bands):,} colleague bands)")
    per, colleague = {}, 0
    for q in QUERIES:
        colleague += sum(r.colleague is not None for r in who_can(store, network, q))
        per[q] = median_ms(lambda q=q: who_can(store, network, q), runs)
    worst = max(per, key=per.get)
    print(f"  warm who_can       median {statistics.median(per.values()):.1f} ms over "
          f"{len(QUERIES)} queries (slowest '{worst}' {per[worst]:.1f} ms); "
          f"{colleague} of {20 * len(QUERIES)} answers start with a colleague")
    print("                     " + ", ".join(f"{q} {v:.1f}" for q, v in per.items()))
    store.close()


SQL = [
    ("contacts (the list, the graph)",
     "SELECT id, known_directly, closeness, owner FROM contact WHERE NOT archived", ""),
    ("knows-edges", "SELECT a_id, b_id, strength FROM knows", ""),
    ("emails of every card", "SELECT contact_id, norm FROM contact_email", ""),
    ("my one-to-one touches",
     "SELECT p.contact_id, i.kind, i.at FROM interaction_participant p JOIN interaction i "
     "ON i.id = p.interaction_id WHERE NOT i.one_to_many", " AND i.owner = %(me)s"),
    ("one contact's log",
     "SELECT i.id, i.kind, i.at, i.summary FROM interaction i JOIN interaction_participant p "
     "ON p.interaction_id = i.id WHERE p.contact_id = %(cid)s", " AND i.owner = %(me)s"),
    ("colleagues' bands", "SELECT login, contact_id, band FROM shared_tie", ""),
]


def rls_cost(admin_url: str, member_url: str, me: str, runs: int) -> None:
    import psycopg

    from rolodex.core.paths import libpq_url

    member = psycopg.connect(libpq_url(member_url), autocommit=True)
    admin = psycopg.connect(libpq_url(admin_url), autocommit=True)
    cid = member.execute("SELECT p.contact_id FROM interaction_participant p GROUP BY 1 "
                         "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    params = {"me": me, "cid": cid}
    print(f"  {'query':<32} {'member (RLS)':>14} {'admin (none)':>14} {'ratio':>7}   rows")
    def run(conn, text):
        return conn.execute(text, params).fetchall()

    for label, sql, same in SQL:
        m_rows = len(run(member, sql))
        a_rows = len(run(admin, sql + same))
        m = median_ms(lambda sql=sql: run(member, sql), runs)
        a = median_ms(lambda sql=sql, same=same: run(admin, sql + same), runs)
        print(f"  {label:<32} {m:11.1f} ms {a:11.1f} ms {m / a:6.2f}x   {m_rows:,}"
              + ("" if m_rows == a_rows else f" (admin {a_rows:,})"))
    member.close()
    admin.close()


def log_cost(admin_url: str, member_url: str, runs: int) -> None:
    """Logging a call (the writer path: RLS checks, the band refresh) as the member, and the
    same through rolodex as the administrator (no team for it: no checks, no bands). Each
    call is deleted again after."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.interactions import delete_interaction, log_interaction

    got = {}
    for who, url in (("member", member_url), ("admin", admin_url)):
        store = Store(url, create=False)
        with store.read() as s:
            from sqlalchemy import text

            cid = s.execute(text("SELECT min(id) FROM contact")).scalar()
        made = []
        got[who] = median_ms(lambda store=store, cid=cid, made=made: made.append(
            log_interaction(store, "call", [cid], "bench call")), runs)
        for iid in made:
            delete_interaction(store, iid)
        store.close()
    print(f"  logging a call     member {got['member']:.1f} ms, admin {got['admin']:.1f} ms "
          f"({got['member'] / got['admin']:.2f}x; the member's includes refreshing their band)")


def open_cost(admin_url: str, member_url: str, runs: int) -> None:
    """Opening the rolodex as a member (Store + team_login): with no band due to decay (one
    cheap query), and as the first open of a day, when the database recomputes the bands
    of every sharing member that decayed since (a day going by: the administrator moves
    every band's ``until`` a day back before each run, outside the timing)."""
    import psycopg

    from rolodex.core.db.store import Store
    from rolodex.core.paths import libpq_url

    def open_once() -> float:
        t = time.perf_counter()
        store = Store(member_url, create=False)
        store.team_login()
        took = time.perf_counter() - t
        store.close()
        return took

    admin = psycopg.connect(libpq_url(admin_url), autocommit=True)
    sharing, bands = admin.execute("SELECT (SELECT count(*) FROM member WHERE share_ties), "
                                   "(SELECT count(*) FROM shared_tie)").fetchone()
    open_once()  # bands fresh from here on
    fresh = statistics.median(open_once() for _ in range(runs)) * 1000
    stale, due = [], []
    for _ in range(runs):
        admin.execute("UPDATE shared_tie SET until = until - interval '1 day'")
        due.append(admin.execute("SELECT count(*) FROM shared_tie WHERE until <= "
                                 "localtimestamp").fetchone()[0])
        stale.append(open_once())
    day = statistics.median(stale) * 1000
    admin.close()
    print(f"  open as a member   no band due {fresh:.1f} ms; first open of a day "
          f"(recomputes a median {statistics.median(due):,.0f} of {bands:,} bands, "
          f"{sharing} members) {day:.1f} ms ({day / fresh:.2f}x)")


def main() -> None:
    from sqlalchemy.engine import make_url

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=DEFAULT_DB)
    ap.add_argument("--members", type=int, default=10)
    ap.add_argument("--roles", default="rbench")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"bench_team: python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    logins = ensure_team(args.db, args.members, args.roles)
    me = logins[1]
    member_url = make_url(args.db).set(username=me).render_as_string(hide_password=False)
    print(f"team of {len(logins)} over the demo, as {me}")
    graph_and_who(member_url, args.runs)
    rls_cost(args.db, member_url, me, args.runs)
    log_cost(args.db, member_url, args.runs)
    open_cost(args.db, member_url, args.runs)


if __name__ == "__main__":
    main()
