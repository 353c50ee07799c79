""""Who do I know that can X?": match, find the warmest path, rank, and say why.

The query is split into the parts it names and matched against the vocabulary
(core/network/vocab.py), each matching person's max-product path from me within ``hops``
edges is found backwards from them (core/network/paths.py), and score = path product x
match. People matching every part come first, then those matching fewer (each group by
score): the answer says when no one within reach matches every part ("no one within 3 ties
is a CFO in London"), and each result names every part and how it matched. A person I know
directly needs no introducer and ranks by my tie to them. Archived contacts are not in the
network at all.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from operator import itemgetter

from sqlalchemy import select

from rolodex.core.db.models import Contact
from rolodex.core.db.store import Store
from rolodex.core.errors import UsageError
from rolodex.core.network.bands import Band
from rolodex.core.network.explain import BandTie, MyTie, PairTie, last_words, reasons, words
from rolodex.core.network.graph import ME, Network, is_colleague
from rolodex.core.network.local import build_around
from rolodex.core.network.match import LIMIT, lacking_line

__all__ = ["Hop", "Result", "Answer", "IntroducerGroup", "who_can", "build_around",
           "top_targets", "group_by_introducer", "tie_summary", "colleague_summary", "MAX_HOPS",
           "LIMIT"]

MAX_HOPS = 6


@dataclass
class Hop:
    """One person on a path; ``tie`` is the tie from the previous node (me for the first),
    ``reason`` why it is that strong, ``why`` the two worded ('0.81: 8 calls, last ...')."""

    id: int
    name: str
    tie: float
    why: str
    reason: MyTie | PairTie | BandTie


@dataclass
class Result:
    target: dict  # {id, name, company, title}
    matched: str
    match: float  # 0-1
    introducer: Hop | None
    path: list[Hop]  # first hop .. target, me left out
    score: float
    why: str
    reason: str = ""  # every part and how it matched: 'Kubernetes (skill, exact) · ...'
    full: bool = True  # matches every part of the query
    lacks: list[str] = field(default_factory=list)  # the parts not matched whole
    parts: list = field(default_factory=list)  # PartMatch for each part
    # a team rolodex: the path starts with this colleague's shared tie to path[0]
    colleague: Band | None = None

    def to_json(self) -> dict:
        intro, c = self.introducer, self.colleague
        return {
            "target": self.target, "matched": self.matched, "match": round(self.match, 4),
            "full": self.full, "reason": self.reason, "lacks": self.lacks,
            "parts": [{"part": p.part.shown, "matched": p.labels, "fields": p.fields,
                       "read_as": p.read_as or None, "quality": round(p.quality, 4),
                       "lacks": list(p.lacks) if p.labels else [p.part.shown]}
                      for p in self.parts],
            "introducer": None if intro is None else {
                "id": intro.id, "name": intro.name, "tie": round(intro.tie, 4)},
            "colleague": None if c is None else {"login": c.login, "name": c.name,
                                                 "band": c.band},
            "path": [{"id": h.id, "name": h.name} for h in self.path],
            "score": round(self.score, 4), "why": self.why,
        }


class Answer(list):
    """The results (a list, best first) and what the query was read as: ``parts`` (each
    a core.network.match.Part), ``unknown`` (query words nothing in the vocabulary has),
    ``full`` (how many results match every part) and ``lacking`` ("no one within 3 ties
    is a CFO in London", or '' when someone within reach matches every part)."""

    def __init__(self, results=(), parts=(), unknown=(), hops: int = 3):
        super().__init__(results)
        self.parts, self.unknown, self.hops = list(parts), tuple(unknown), hops
        self.full = sum(1 for r in self if r.full)
        self.lacking = lacking_line(self.parts, hops) if self and not self.full else ""


@dataclass
class IntroducerGroup:
    introducer: Hop | None  # None: people I know directly (or, with colleague, theirs)
    results: list[Result] = field(default_factory=list)
    best: float = 0.0
    full: bool = False  # one of them matches every part
    colleague: Band | None = None  # ask this colleague first (their tie to path[0])


def who_can(store: Store, network: Network, query: str, *, limit: int = LIMIT,
            hops: int = 3) -> Answer:
    """The best warm paths to people matching ``query``: those matching every part
    first, each group best first."""
    if limit < 1:
        raise UsageError(f"--limit: {limit} is not a positive number")
    if not 1 <= hops <= MAX_HOPS:
        raise UsageError(f"--hops: {hops} is not between 1 and {MAX_HOPS}")
    if not query.strip():
        return Answer()
    if network.stale:
        network.refresh()
    with network.lock:
        matches = network.vocab.match(query)
        ranked = []
        for group in matches.groups():
            ranked += top_targets(network, group, hops, limit - len(ranked))
            if len(ranked) >= limit:
                break
        if not ranked:
            return Answer((), matches.parts, matches.unknown, hops)
        paths = network.best_paths([-neg for _, _, neg in ranked], hops)
    ids = {x for _, _, neg in ranked for x in paths[-neg][1] if not is_colleague(x)}
    with store.read() as s:
        people = {r[0]: r for r in s.execute(select(
            Contact.id, Contact.name, Contact.company, Contact.title).where(Contact.id.in_(ids)))}
    pairs = []
    for _, _, neg in ranked:
        nodes = [ME, *paths[-neg][1]]
        pairs += [p for p in zip(nodes, nodes[1:], strict=False)
                  if not any(map(is_colleague, p))]
    why = reasons(network, pairs)
    for _, _, neg in ranked:  # a colleague's tie: their band, all they share
        nodes = paths[-neg][1]
        if is_colleague(nodes[0]):
            b = network.bands[(nodes[0], nodes[1])]
            why[(nodes[0], nodes[1])] = BandTie(b.name, b.band, b.month)
    words_of = {p: words(r) for p, r in why.items()}
    out = Answer((), matches.parts, matches.unknown, hops)
    for score, m, neg in ranked:
        t = -neg
        nodes = [ME, *paths[t][1]]
        colleague = None
        if is_colleague(nodes[1]):
            colleague = network.bands[(nodes[1], nodes[2])]
            nodes = nodes[1:]
        hop_list = [Hop(b, people[b][1], network.tie(a, b),
                        f"{network.tie(a, b):.2f}: {words_of[(a, b)]}", why[(a, b)])
                    for a, b in zip(nodes, nodes[1:], strict=False)]
        _, name, company, title = people[t]
        match = matches.detail(t)
        out.append(Result(
            target={"id": t, "name": name, "company": company, "title": title},
            matched=", ".join(match.labels[:3]), match=m,
            introducer=hop_list[0] if len(hop_list) > 1 and colleague is None else None,
            path=hop_list, score=score, why=_why(match, hop_list, words_of, nodes, colleague),
            reason=match.reason(), full=match.full, lacks=match.lacks, parts=match.parts,
            colleague=colleague))
    return Answer(out, matches.parts, matches.unknown, hops)


def top_targets(network: Network, scores: dict[int, float], hops: int, limit: int
                ) -> list[tuple[float, float, int]]:
    """The ``limit`` best (score, match, -id) for targets with these match scores, best
    first. Targets are taken in falling match order and skipped once even a perfect path
    (or their strongest tie) could not reach the current top ``limit``: a broad query
    ('sales', thousands of people) searches paths for a few hundred of them."""
    paths = network.paths()
    adj, me = paths.adj, paths.me
    heap: list[tuple[float, float, int]] = []
    for t, m in sorted(scores.items(), key=itemgetter(1), reverse=True):
        full = len(heap) >= limit
        if full and m < heap[0][0]:
            break
        d = me.get(t)
        if d is not None:
            score = d.w * m
        elif hops < 2 or t not in adj:
            continue
        else:
            if full and m * max((e.w for e in adj[t].values()), default=0.0) < heap[0][0]:
                continue
            score = paths.product(t, hops) * m
        if score <= 0:
            continue
        item = (score, m, -t)
        if not full:
            heapq.heappush(heap, item)
        elif item > heap[0]:
            heapq.heapreplace(heap, item)
    return sorted(heap, reverse=True)


def _why(match, hop_list: list[Hop], words: dict, nodes: list,
         colleague: Band | None = None) -> str:
    head = match.reason()
    if colleague is not None:
        steps = [f"{h.name} ({h.tie:.2f}: {words[(a, h.id)]})"
                 for a, h in zip(nodes[1:], hop_list[1:], strict=False)]
        return (f"{head}; ask {colleague_summary(colleague, hop_list[0].name)}"
                + "".join(f" -> {s}" for s in steps))
    if len(hop_list) == 1:
        h = hop_list[0]
        return f"{head}; you know {h.name} directly ({h.tie:.2f}: {words[(ME, h.id)]})"
    steps = [f"{h.name} ({h.tie:.2f}: {words[(a, h.id)]})"
             for a, h in zip(nodes, hop_list, strict=False)]
    return f"{head}; you -> " + " -> ".join(steps)


def colleague_summary(band: Band, contact_name: str) -> str:
    """'your colleague Alice Wong (strong tie to Raj Patel, last touch Nov 2026)'."""
    return (f"your colleague {band.name} ({band.band} tie to {contact_name}, "
            f"last touch {band.month})")


def tie_summary(hop: Hop) -> str:
    """'tie 0.81, last call 4 days ago' (or the whole reason when nothing was logged)."""
    return f"tie {hop.tie:.2f}, {last_words(hop.reason)}"


def group_by_introducer(results: list[Result]) -> list[IntroducerGroup]:
    """Results grouped by their first hop (None = known directly; a colleague's tie its own
    group), best group first: the groups with someone matching every part, then the rest."""
    groups: dict[object, IntroducerGroup] = {}
    for r in results:
        c = r.colleague
        key = (c.login, c.contact_id) if c else (r.introducer.id if r.introducer else None)
        g = groups.setdefault(key, IntroducerGroup(r.introducer, colleague=c))
        g.results.append(r)
        if r.full and not g.full:
            g.full, g.best = True, r.score
        elif r.full or not g.full:
            g.best = max(g.best, r.score)
    return sorted(groups.values(), key=lambda g: (not g.full, -g.best))
