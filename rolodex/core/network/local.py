"""``build_around``: only the part of the graph one search needs (the one-shot CLI).

The vocabulary is read lazily, the query matched, then the ties of the matched people I
do not know directly and of their neighbours out to ``hops - 1`` steps are loaded whole
(knows, meetings, company), with my ties to everyone reached. A person I know directly
ranks by my tie alone, so their own neighbourhood is not needed. ``who_can`` on the result
gives the same answers as on a full build whenever at most ``cap`` such people match (the
answers are exact); a broad query ('sales manager': thousands of people) first scores the
people I know directly, drops everyone whose match cannot beat the ``limit``-th of those
(a path product is at most 1), and keeps the ``cap`` best matches of the rest (match, then
id), so the process stays near a second instead of loading the whole graph.
"""

from __future__ import annotations

import heapq

from sqlalchemy import select

from rolodex.core.db.fastread import my_tie_totals, on_session
from rolodex.core.db.models import Knows
from rolodex.core.db.models import Participant as P
from rolodex.core.db.store import Store
from rolodex.core.memory import collector_paused
from rolodex.core.network.bands import colleague_bands, my_view
from rolodex.core.network.graph import COMPANY_MAX, Network, meeting_sizes
from rolodex.core.text import fold
from rolodex.core.ties import strength_from_sum

CAP = 200  # at least; 10 x --limit when that is more


def build_around(store: Store, query: str, hops: int = 3, *, limit: int = 20,
                 cap: int | None = None) -> Network:
    """The network ``who_can(store, net, query, hops=hops, limit=limit)`` needs."""
    with collector_paused():  # tens of thousands of rows and ties: no cycles among them
        return _build_around(store, query, hops, limit, cap)


def _build_around(store: Store, query: str, hops: int, limit: int, cap: int | None
                  ) -> Network:
    cap = max(CAP, 10 * limit) if cap is None else cap
    net = Network(store)
    G = net.G
    comps: dict[tuple[int, int], list] = {}

    def tie(a: int, b: int) -> list:
        key = (a, b) if a < b else (b, a)
        got = comps.get(key)
        if got is None:  # made only when new: setdefault's default was 40,000 spare sets
            got = comps[key] = [0, set(), 0]
        return got

    with store.read() as session:
        s = session.connection()
        db = on_session(session)  # the big reads as plain driver tuples
        rows = db.rows("SELECT id, known_directly, closeness, company, owner FROM contact "
                       "WHERE NOT archived")  # a scan: the archived index is slower here
        net.add_contacts(r[0] for r in rows)
        net.vocab.load_lazy(s)
        net.vocab.prefetch(s, query)
        matches = net.vocab.match(query)
        scores, hit = matches.scores, matches.hit
        totals = my_tie_totals(db, net.now)  # my ties, kept by the writers
        closeness = _known(rows, net.login, totals)  # the people I know directly
        mine = {t: closeness[t] for t in scores if t in closeness}
        ties = _me_ties(totals, mine)
        targets = [t for t in scores if t not in closeness] if hops > 1 else []
        if len(targets) > cap:
            # who_can ranks by (parts matched whole, score): a target below the limit-th
            # person I know directly in the top group cannot be shown
            top = max(hit(t) for t in scores)
            best = heapq.nlargest(limit, (w * scores[t] for t, w in ties.items()
                                          if hit(t) == top))
            if len(best) >= limit:
                targets = [t for t in targets if hit(t) == top and scores[t] >= best[-1]]
            targets = sorted(targets, key=lambda t: (-hit(t), -scores[t], t))[:cap]
        nodes = set(targets)
        frontier = set(nodes)
        companies: dict[str, set[int]] = {}
        keys = {c: fold(c) for c in {r[3] for r in rows}}
        for r in rows:
            if keys[r[3]]:
                companies.setdefault(keys[r[3]], set()).add(r[0])
        groups: dict[int, list[int]] = {}  # meetings of 2-12 live people (a few thousand)
        met: dict[int, list[int]] = {}
        if hops > 1 and frontier:
            for iid, cid in _plain(db, s, select(P.interaction_id, P.contact_id)
                                   .where(P.interaction_id.in_(meeting_sizes()))):
                if cid in G:
                    groups.setdefault(iid, []).append(cid)
                    met.setdefault(cid, []).append(iid)
        for _ in range(hops - 1):
            if len(frontier) > len(rows) / 10:  # most of the graph: a full build is cheaper
                return Network.build(store, follow=False)
            found: set[int] = set()
            for chunk in _chunks(frontier):
                for col in (Knows.a_id, Knows.b_id):
                    for a, b, k in _plain(db, s, select(Knows.a_id, Knows.b_id,
                                                        Knows.strength)
                                          .where(col.in_(chunk))):
                        if a in G and b in G:
                            tie(a, b)[0] = k
                            found.update((a, b))
            for cid in frontier:
                for iid in met.get(cid, ()):
                    for other in groups[iid]:
                        if other != cid:
                            tie(cid, other)[1].add(iid)
                            found.add(other)
            for cid, _, _, company, _owner in rows:
                mates = companies.get(keys[company], ()) if cid in frontier else ()
                if 2 <= len(mates) <= COMPANY_MAX:
                    for other in mates:
                        if other != cid:
                            tie(cid, other)[2] = 1
                            found.add(other)
            frontier = found - nodes
            nodes |= found
        ties.update(_me_ties(totals, {c: closeness[c] for c in nodes
                                      if c in closeness and c not in ties}))
        if net.login is not None:
            bands = colleague_bands(store, s, nodes)
    for cid, w in ties.items():
        net.set_my_tie(cid, w)
    net.set_pairs((a, b, k, len(meetings), c) for (a, b), (k, meetings, c) in comps.items())
    if net.login is not None:
        net.add_bands(bands)
    return net


def _known(rows, login: str | None, totals: dict[int, float]) -> dict[int, int | None]:
    """id -> closeness of the people I know directly (graph.my_view); ``totals``: my
    stored ties, whose keys are the people in my own log."""
    if login is None:
        return {r[0]: r[2] for r in rows if r[1]}
    out = {}
    for cid, direct, closeness, _company, owner in rows:
        known, lift = my_view(login, direct, owner, closeness, cid in totals)
        if known:
            out[cid] = lift
    return out


def _me_ties(totals: dict[int, float], closeness: dict[int, int | None]) -> dict[int, float]:
    """My tie to each of these people I know directly (id -> closeness), from my stored
    ties (``totals``: core/db/my_ties.py, one row a person, not their log)."""
    return {cid: strength_from_sum(totals.get(cid, 0.0), c) for cid, c in closeness.items()}


def _plain(db, s, stmt) -> list[tuple]:
    """The rows of a select of plain columns as the driver's tuples (tens of thousands:
    SQLAlchemy's row processing would double the read); the values are bound inline."""
    return db.rows(str(stmt.compile(dialect=s.dialect, compile_kwargs={"literal_binds": True})))


def _chunks(ids, size: int = 10000):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]
