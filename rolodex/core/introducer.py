""""Who do I know that can X?": match, find the warmest path, rank, and say why.

The query is matched against the vocabulary (core/vocab.py), each matching person's
max-product path from me within ``hops`` edges is found backwards from them
(Network.best_paths), and score = path product x match. A person I know directly needs no
introducer and ranks by my tie to them. Archived contacts are not in the network at all.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy import and_, func, or_, select

from .errors import UsageError
from .models import Contact, Interaction, Knows
from .models import Participant as P
from .network import COMPANY_MAX, ME, Network, _meeting_sizes
from .store import Store
from .text import fold
from .ties import KIND_WEIGHT, strength_from_sum, touch_weight
from .when import ago_words

MAX_HOPS = 6


@dataclass
class Hop:
    """One person on a path; ``tie`` is the tie from the previous node (me for the first)."""

    id: int
    name: str
    tie: float
    why: str


@dataclass
class Result:
    target: dict  # {id, name, company, title}
    matched: str
    match: float  # 0-1
    introducer: Hop | None
    path: list[Hop]  # first hop .. target, me left out
    score: float
    why: str

    def to_json(self) -> dict:
        intro = self.introducer
        return {
            "target": self.target, "matched": self.matched, "match": round(self.match, 4),
            "introducer": None if intro is None else {
                "id": intro.id, "name": intro.name, "tie": round(intro.tie, 4)},
            "path": [{"id": h.id, "name": h.name} for h in self.path],
            "score": round(self.score, 4), "why": self.why,
        }


@dataclass
class IntroducerGroup:
    introducer: Hop | None  # None: people I know directly
    results: list[Result] = field(default_factory=list)
    best: float = 0.0


def who_can(store: Store, network: Network, query: str, *, limit: int = 20,
            hops: int = 3) -> list[Result]:
    """The best warm paths to people matching ``query``, best first."""
    if limit < 1:
        raise UsageError(f"--limit: {limit} is not a positive number")
    if not 1 <= hops <= MAX_HOPS:
        raise UsageError(f"--hops: {hops} is not between 1 and {MAX_HOPS}")
    if not query.strip():
        return []
    if network.stale:
        network.refresh()
    with network.lock:
        matches = network.vocab.match(query)
        ranked = top_targets(network, matches.scores, hops, limit)
        if not ranked:
            return []
        paths = network.best_paths([-neg for _, _, neg in ranked], hops)
    ids = {x for _, _, neg in ranked for x in paths[-neg][1]}
    with store.read() as s:
        people = {r[0]: r for r in s.execute(select(
            Contact.id, Contact.name, Contact.company, Contact.title).where(Contact.id.in_(ids)))}
    pairs = []
    for _, _, neg in ranked:
        nodes = [ME, *paths[-neg][1]]
        pairs += list(zip(nodes, nodes[1:], strict=False))
    words = explain_many(network, pairs, bodies=True)
    out = []
    for score, m, neg in ranked:
        t = -neg
        nodes = [ME, *paths[t][1]]
        hop_list = [Hop(b, people[b][1], network.tie(a, b),
                        f"{network.tie(a, b):.2f}: {words[(a, b)]}")
                    for a, b in zip(nodes, nodes[1:], strict=False)]
        _, name, company, title = people[t]
        match = matches.detail(t)
        out.append(Result(
            target={"id": t, "name": name, "company": company, "title": title},
            matched=", ".join(match.labels[:3]), match=m,
            introducer=hop_list[0] if len(hop_list) > 1 else None, path=hop_list,
            score=score, why=_why(match, hop_list, words, nodes)))
    return out


def build_around(store: Store, query: str, hops: int = 3) -> Network:
    """Only what one search needs (the one-shot CLI): the vocabulary, then the ties of the
    matched people and of their neighbours out to ``hops - 1`` steps, each loaded whole
    (knows, meetings, company), and my ties to everyone reached. ``who_can`` on it gives
    the same answers as on a full build, reading a fraction of the edges for most queries.
    """
    net = Network(store)
    adj = net.G._adj
    comps: dict[tuple[int, int], list] = {}

    def tie(a: int, b: int) -> list:
        return comps.setdefault((min(a, b), max(a, b)), [0, set(), 0])

    with store.read() as session:
        s = session.connection()
        rows = s.execute(select(Contact.id, Contact.known_directly, Contact.closeness,
                                Contact.company, Contact.title, Contact.location)
                         .where(Contact.archived == False)).all()  # noqa: E712
        net.G.add_nodes_from(r[0] for r in rows)
        net.vocab.load_lazy(s)
        net.vocab.prefetch(s, query)
        nodes = set(net.vocab.match(query).scores)
        frontier = set(nodes)
        companies: dict[str, set[int]] = {}
        keys = {c: fold(c) for c in {r[3] for r in rows}}
        for r in rows:
            if keys[r[3]]:
                companies.setdefault(keys[r[3]], set()).add(r[0])
        groups: dict[int, list[int]] = {}  # meetings of 2-12 live people (a few thousand)
        met: dict[int, list[int]] = {}
        if hops > 1:
            for iid, cid in s.execute(select(P.interaction_id, P.contact_id)
                                      .where(P.interaction_id.in_(_meeting_sizes()))):
                if cid in adj:
                    groups.setdefault(iid, []).append(cid)
                    met.setdefault(cid, []).append(iid)
        for _ in range(hops - 1):
            if len(frontier) > len(rows) / 10:  # a broad query: the whole graph is cheaper
                return Network.build(store, follow=False)
            found: set[int] = set()
            for chunk in _chunks(frontier):
                for col in (Knows.a_id, Knows.b_id):
                    for a, b, k in s.execute(select(Knows.a_id, Knows.b_id, Knows.strength)
                                             .where(col.in_(chunk))):
                        if a in adj and b in adj:
                            tie(a, b)[0] = k
                            found.update((a, b))
            for cid in frontier:
                for iid in met.get(cid, ()):
                    for other in groups[iid]:
                        if other != cid:
                            tie(cid, other)[1].add(iid)
                            found.add(other)
            for cid, _, _, company, *_ in rows:
                mates = companies.get(keys[company], ()) if cid in frontier else ()
                if 2 <= len(mates) <= COMPANY_MAX:
                    for other in mates:
                        if other != cid:
                            tie(cid, other)[2] = 1
                            found.add(other)
            frontier = found - nodes
            nodes |= found
        direct = {r[0]: r[2] for r in rows if r[1] and r[0] in nodes}
        totals: dict[int, float] = dict.fromkeys(direct, 0.0)
        for chunk in _chunks(direct):
            for cid, kind, at in s.execute(Network._touch_q().where(P.contact_id.in_(chunk))):
                totals[cid] += touch_weight(kind, at, net.now)
    for cid, closeness in direct.items():
        adj[ME][cid] = adj[cid][ME] = {"w": strength_from_sum(totals[cid], closeness)}
    for (a, b), (k, meetings, c) in comps.items():
        net._set_pair(a, b, k, len(meetings), c)
    return net


def _chunks(ids, size: int = 10000):
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def top_targets(network: Network, scores: dict[int, float], hops: int, limit: int
                ) -> list[tuple[float, float, int]]:
    """The ``limit`` best (score, match, -id) for targets with these match scores, best
    first. Targets are taken in falling match order and skipped once even a perfect path
    (or their strongest tie) could not reach the current top ``limit``: a broad query
    ('sales', thousands of people) searches paths for a few hundred of them."""
    adj = network.G._adj
    me = adj[ME]
    memo = network.cache.setdefault("best", {})
    heap: list[tuple[float, float, int]] = []
    for t, m in sorted(scores.items(), key=itemgetter(1), reverse=True):
        full = len(heap) >= limit
        if full and m < heap[0][0]:
            break
        d = me.get(t)
        if d is not None:
            score = d["w"] * m
        elif hops < 2 or t not in adj:
            continue
        else:
            if full and m * max((e["w"] for e in adj[t].values()), default=0.0) < heap[0][0]:
                continue
            score = network._best(hops, t, memo)[0] * m
        if score <= 0:
            continue
        item = (score, m, -t)
        if not full:
            heapq.heappush(heap, item)
        elif item > heap[0]:
            heapq.heapreplace(heap, item)
    return sorted(heap, reverse=True)


def _why(match, hop_list: list[Hop], words: dict, nodes: list) -> str:
    what = ", ".join(f"{lab} ({fld})" for lab, fld in zip(match.labels[:3], match.fields[:3],
                                                         strict=False))
    if match.endorsements:
        n = match.endorsements
        what += f", endorsed {n} time{'s' if n != 1 else ''}"
    head = f"matches {what}: {match.score:.0%}"
    if len(hop_list) == 1:
        h = hop_list[0]
        return f"{head}; you know {h.name} directly ({h.tie:.2f}: {words[(ME, h.id)]})"
    steps = [f"{h.name} ({h.tie:.2f}: {words[(a, h.id)]})"
             for a, h in zip(nodes, hop_list, strict=False)]
    return f"{head}; you -> " + " -> ".join(steps)


def tie_summary(hop: Hop) -> str:
    """'tie 0.81, last call 4 days ago' (or the whole reason when nothing was logged)."""
    body = hop.why.split(": ", 1)[-1]
    if ", last " in body:
        body = "last " + body.split(", last ", 1)[1]
    return f"tie {hop.tie:.2f}, {body}"


def group_by_introducer(results: list[Result]) -> list[IntroducerGroup]:
    """Results grouped by their first hop (None = known directly), best group first."""
    groups: dict[int | None, IntroducerGroup] = {}
    for r in results:
        key = r.introducer.id if r.introducer else None
        g = groups.setdefault(key, IntroducerGroup(r.introducer))
        g.results.append(r)
        g.best = max(g.best, r.score)
    return sorted(groups.values(), key=lambda g: -g.best)


# -- explaining ties ----------------------------------------------------------------------
PLURAL = {"call": "calls", "email": "emails", "meeting": "meetings", "message": "messages",
          "note": "notes", "other": "other touches"}
ONE = {"call": "a call", "email": "an email", "meeting": "a meeting", "message": "a message",
       "note": "a note", "other": "one other touch"}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def explain_many(network: Network, pairs, *, bodies: bool = False) -> dict:
    """(a, b) -> '0.72: 8 calls and a meeting, last call 3 days ago' for each pair; ``me``
    is ``ME``. With ``bodies`` the '0.72: ' prefix is left off."""
    pairs = list(dict.fromkeys(pairs))
    mine = {b if a == ME else a for a, b in pairs if ME in (a, b)}
    cc = {(min(a, b), max(a, b)) for a, b in pairs if ME not in (a, b)}
    people = mine | {x for p in cc for x in p}
    how: dict[tuple[int, int], tuple[int, str]] = {}
    kinds: dict[int, list] = {}
    with network.store.read() as s:
        info = {r[0]: r for r in s.execute(select(
            Contact.id, Contact.known_directly, Contact.closeness, Contact.company)
            .where(Contact.id.in_(people)))} if people else {}
        if mine:
            for cid, kind, n, last in s.execute(
                    select(P.contact_id, Interaction.kind, func.count(), func.max(Interaction.at))
                    .join(Interaction, Interaction.id == P.interaction_id)
                    .where(P.contact_id.in_(mine), Interaction.one_to_many == False)  # noqa: E712
                    .group_by(P.contact_id, Interaction.kind)):
                kinds.setdefault(cid, []).append((kind, n, last))
        if cc:
            for a, b, k, text in s.execute(select(Knows.a_id, Knows.b_id, Knows.strength,
                                                  Knows.how)
                                           .where(or_(*[and_(Knows.a_id == a, Knows.b_id == b)
                                                        for a, b in cc]))):
                how[(a, b)] = (k, text)  # OR of pairs: one (a_id, b_id) index seek each
    out = {}
    for a, b in pairs:
        if ME in (a, b):
            body = _me_words(network, a if b == ME else b, info, kinds)
        else:
            body = _pair_words(network, a, b, info, how)
        out[(a, b)] = body if bodies else f"{network.tie(a, b):.2f}: {body}"
    return out


def _me_words(network: Network, cid: int, info: dict, kinds: dict) -> str:
    row = info.get(cid)
    if row is None or not row[1]:
        return "not known directly"
    got = sorted(kinds.get(cid, []), key=lambda x: (-x[1], -KIND_WEIGHT.get(x[0], 0.2)))
    parts = []
    if got:
        counts = [ONE[k] if n == 1 else f"{n} {PLURAL[k]}" for k, n, _ in got[:3]]
        if len(got) > 3:
            counts.append(f"{sum(n for _, n, _ in got[3:])} more")
        kind, _, last = max(got, key=lambda x: x[2])
        kind = "other touch" if kind == "other" else kind
        parts.append(f"{_and(counts)}, last {kind} {ago_words(last, network.now)}")
    closeness = row[2]
    if closeness and closeness / 5.0 >= network.tie(ME, cid) - 1e-9:
        parts.append(f"closeness {closeness}/5")
    return "; ".join(parts) or "no logged contact yet"


def _pair_words(network: Network, a: int, b: int, info: dict, how: dict) -> str:
    d = network.G._adj.get(a, {}).get(b)
    if not d:
        return "no tie"
    parts = []
    k, text = how.get((min(a, b), max(a, b)), (d["k"], ""))
    if d["k"]:
        parts.append(f"knows (strength {k}, '{text}')" if text else f"knows (strength {k})")
    if d["m"]:
        parts.append("a shared meeting" if d["m"] == 1 else f"{d['m']} shared meetings")
    if d["c"]:
        parts.append(f"both at {info[a][3]}" if a in info else "same company")
    return "; ".join(parts)
