"""The who-knows-whom graph: ``me`` plus every non-archived contact, in networkx.

me - contact (only where ``known_directly``): core/ties.py from the one-to-one log, closeness
as a floor, 0.05 with no history. contact - contact = min(1, knows strength/5 + 0.3 per
shared meeting of 2-12 people (at most 0.6) + 0.15 for the same current company, only in
companies of at most 20 live contacts: on the 34,257 demo a cap of 50 gives 125,700
company edges, 20 gives 56,800; 5,000 staff would be 12.5 million).

Memory (100,000 contacts, 686,000 edges: ~150 MB resident, was ~280): edge data
``{'w': tie, 'k': knows, 'm': meetings, 'c': company}`` is one shared dict per distinct
(k, m, c), my ties one shared ``{'w': tie}`` per distinct value, every node's attribute
dict is one shared empty dict, and each node id is one int object (edges reuse it). So:
read the graph, never mutate its edge or node dicts. Names and companies stay in the store
(read for the few people shown); the reasons come from the store (network_explain.py).
Public methods hold ``self.lock``.
"""

from __future__ import annotations

import gc
import threading
from collections import defaultdict
from itertools import combinations

import networkx as nx
from sqlalchemy import func, select

from . import ties
from .models import Contact, Interaction, Knows
from .models import Participant as P
from .network_paths import ME, PathSearch
from .store import BULK_EVENT, Store
from .vocab import Vocab

MEETING_CAP = 0.6
MAX_MEETING_SIZE = 12
COMPANY_MAX = 20
_NO_ATTRS: dict = {}  # every contact node's attribute dict (never written)


def pair_weight(k: int, m: int, c: int) -> float:
    return ties.combine(ties.knows_tie(k) if k else 0.0,
                        min(ties.SHARED_MEETING * m, MEETING_CAP),
                        ties.SHARED_COMPANY if c else 0.0)


def _meeting_sizes():
    return (select(P.interaction_id).join(Interaction, Interaction.id == P.interaction_id)
            .where(Interaction.kind == "meeting", Interaction.one_to_many == False)  # noqa: E712
            .group_by(P.interaction_id)
            .having(func.count() <= MAX_MEETING_SIZE, func.count() >= 2))


class Network(PathSearch):
    """Build with ``Network.build(store)``; query with core.introducer.who_can."""

    def __init__(self, store: Store):
        self.store = store
        self.G = nx.Graph()
        self.G.add_node(ME)
        self.vocab = Vocab()
        self.lock = threading.RLock()
        self.version = 0
        self.stale = False
        self.now = store.now()
        self._shared: dict[tuple[int, int, int], dict] = {}
        self._mine: dict[float, dict] = {}
        self._plock = threading.Lock()
        self._pending: list | None = None
        self.cache: dict = {}  # search memo, valid for one version

    # -- building
    @classmethod
    def build(cls, store: Store, *, follow: bool = True) -> Network:
        """Load with plain column selects. With ``follow`` (the TUI): subscribe first so
        changes committed while it loads are applied after, and gc.freeze() the graph so
        full collections stop rescanning it (150 ms pauses at 34k)."""
        net = cls(store)
        if follow:
            net._pending = []
            store.subscribe(net._on_event)
        with net.lock:
            net._load()
        if follow:
            gc.freeze()
            net._drain()
        return net

    def _on_event(self, event: str, payload: object) -> None:
        with self._plock:
            if self._pending is not None:
                self._pending.append((event, payload))
                return
        self.apply(event, payload)

    def _drain(self) -> None:
        while True:
            with self._plock:
                items, self._pending = self._pending, ([] if self._pending else None)
            if not items:
                return
            for event, payload in items:
                self.apply(event, payload)

    def _add_nodes(self, ids) -> dict[int, int]:
        """Add contact nodes sharing one empty attribute dict (names and companies are
        read when rendering); returns id -> the node's own int, so that edges read later
        reuse it instead of holding a copy per row (~30 MB at 100,000)."""
        adj, nodes = self.G._adj, self.G._node
        canon = {}
        for cid in ids:
            if cid not in adj:
                adj[cid] = {}
                nodes[cid] = _NO_ATTRS
            canon[cid] = cid
        return canon

    def _set_me(self, cid: int, w: float) -> None:
        """My tie to ``cid``; one shared edge dict per distinct value (91,000 ties, 17,800
        values at 100,000 contacts: floors and closeness repeat)."""
        adj = self.G._adj
        d = self._mine.get(w)
        if d is None:
            d = self._mine[w] = {"w": w}
        adj[ME][cid] = adj[cid][ME] = d

    def _load(self) -> None:
        adj = self.G._adj
        with self.store.read() as session:
            s = session.connection()  # Core rows: no ORM processing
            live = Contact.archived == False  # noqa: E712
            rows = s.execute(select(Contact.id, Contact.known_directly, Contact.closeness)
                             .where(live)).all()
            canon = self._add_nodes(r[0] for r in rows)
            self.vocab.load_all(s, s.execute(select(Contact.id, Contact.company, Contact.title,
                                                    Contact.location).where(live)))
            totals: dict[int, float] = defaultdict(float)
            tw, now = ties.touch_weight, self.now
            for cid, kind, at in s.execute(self._touch_q()):
                totals[cid] += tw(kind, at, now)
            for cid, direct, closeness in rows:
                if direct:
                    self._set_me(cid, ties.strength_from_sum(totals.get(cid, 0.0), closeness))
            del rows, totals
            get = canon.get
            edge = {k: self._edge(k, 0, 0) for k in range(1, 6)}
            for a, b, k in s.execute(select(Knows.a_id, Knows.b_id, Knows.strength)):
                a, b = get(a), get(b)
                if a is not None and b is not None:
                    adj[a][b] = adj[b][a] = edge.get(k) or self._edge(k, 0, 0)
            group: list[int] = []
            last = None
            q = (select(P.interaction_id, P.contact_id)
                 .where(P.interaction_id.in_(_meeting_sizes())).order_by(P.interaction_id))
            for iid, cid in s.execute(q):
                if iid != last:
                    self._add_meeting(group)
                    group, last = [], iid
                cid = get(cid)
                if cid is not None:
                    group.append(cid)
            self._add_meeting(group)
        for _key, ids in self.vocab.companies():
            if 2 <= len(ids) <= COMPANY_MAX:
                for a, b in combinations([canon[i] for i in ids], 2):
                    self._bump(a, b, c=1)
        nx._clear_cache(self.G)

    def _add_meeting(self, group: list[int]) -> None:
        for a, b in combinations(group, 2):
            self._bump(a, b, m=1)

    @staticmethod
    def _touch_q(cid: int | None = None):
        q = (select(P.contact_id, Interaction.kind, Interaction.at)
             .join(Interaction, Interaction.id == P.interaction_id)
             .where(Interaction.one_to_many == False))  # noqa: E712
        return q if cid is None else q.where(P.contact_id == cid)

    # -- edges
    def _edge(self, k: int, m: int, c: int) -> dict:
        key = (k, m, c)
        d = self._shared.get(key)
        if d is None:
            d = self._shared[key] = {"w": pair_weight(k, m, c), "k": k, "m": m, "c": c}
        return d

    def _components(self, a: int, b: int) -> tuple[int, int, int]:
        d = self.G._adj[a].get(b)
        return (d["k"], d["m"], d["c"]) if d else (0, 0, 0)

    def _set_pair(self, a: int, b: int, k: int, m: int, c: int) -> None:
        adj = self.G._adj
        if a not in adj or b not in adj or a == b:
            return
        if k or m or c:
            adj[a][b] = adj[b][a] = self._edge(k, m, c)
        elif b in adj[a]:
            del adj[a][b], adj[b][a]

    def _bump(self, a: int, b: int, m: int = 0, c: int = 0) -> None:
        k0, m0, c0 = self._components(a, b)
        self._set_pair(a, b, k0, m0 + m, c or c0)

    # -- reading
    def tie(self, a, b) -> float:
        with self.lock:
            d = self.G._adj.get(a, {}).get(b)
            return d["w"] if d else 0.0

    def __contains__(self, cid) -> bool:
        return cid in self.G._adj

    def explain(self, a, b) -> str:
        """'0.72: 8 calls and a meeting, last call 3 days ago'; "0.80: knows (strength 4,
        'ex-colleagues at Acme')" (details read from the store)."""
        from .network_explain import explain_many

        return explain_many(self, [(a, b)])[(a, b)]

    # -- incremental update
    def apply(self, event: str, payload: object = None, store: Store | None = None) -> None:
        """Follow one committed change: ('contact', id), ('interaction', (iid, ids)),
        ('knows', (a, b)), ('endorsement', id). Unknown events with contact ids refresh
        those contacts; others mark the network stale (``refresh()`` reloads it)."""
        self.store = store or self.store
        with self.lock:
            self.version += 1
            self.cache.clear()
            if event == "interaction" and isinstance(payload, tuple | list) and len(payload) == 2:
                ids = [i for i in dict.fromkeys(payload[1]) if isinstance(i, int)]
                for cid in ids:
                    self._refresh_me_tie(cid)
                for a, b in combinations(ids, 2):
                    self._refresh_pair(a, b)
            elif event == "knows" and isinstance(payload, tuple | list) and len(payload) == 2:
                self._refresh_pair(*payload)
            elif event == "intro":
                return
            elif isinstance(payload, int):
                self._refresh_contact(payload)
            elif isinstance(payload, tuple | list | set) and len(payload) <= BULK_EVENT and all(
                    isinstance(i, int) for i in payload):
                for cid in payload:
                    self._refresh_contact(cid)
            else:
                self.stale = True
            nx._clear_cache(self.G)

    def refresh(self) -> None:
        """Reload everything in place (after a bulk change no event described)."""
        fresh = Network(self.store)
        with fresh.lock:
            fresh._load()
        with self.lock:
            self.G, self.vocab, self._shared = fresh.G, fresh.vocab, fresh._shared
            self._mine = fresh._mine
            self.now, self.stale = fresh.now, False
            self.version += 1
            self.cache.clear()

    def _refresh_me_tie(self, cid: int) -> None:
        adj = self.G._adj
        if cid not in adj:
            return
        with self.store.read() as s:
            row = s.execute(select(Contact.known_directly, Contact.closeness)
                            .where(Contact.id == cid)).first()
            touches = s.execute(self._touch_q(cid)).all() if row and row[0] else []
        if row and row[0]:
            w = ties.me_tie([(k, at) for _, k, at in touches], self.now, row[1])
            self._set_me(cid, w)
        elif ME in adj[cid]:
            del adj[ME][cid], adj[cid][ME]

    def _refresh_pair(self, a: int, b: int) -> None:
        adj = self.G._adj
        if a not in adj or b not in adj or a == b:
            return
        lo, hi = min(a, b), max(a, b)
        with self.store.read() as s:
            k = s.execute(select(Knows.strength).where(Knows.a_id == lo, Knows.b_id == hi)
                          ).scalar() or 0
            p2 = P.__table__.alias("p2")
            m = s.execute(select(func.count()).select_from(P).join(
                p2, p2.c.interaction_id == P.interaction_id).where(
                P.contact_id == lo, p2.c.contact_id == hi,
                P.interaction_id.in_(_meeting_sizes()))).scalar() or 0
        self._set_pair(lo, hi, k, m, self._components(lo, hi)[2])

    def _company_pairs(self, key: str | None) -> None:
        """Set or clear the company component for every pair of one company's people."""
        if not key:
            return
        ids = [i for i in self.vocab.company_members(key) if i in self.G._adj]
        if len(ids) > COMPANY_MAX + 1:
            return
        on = 1 if len(ids) <= COMPANY_MAX else 0
        for a, b in combinations(ids, 2):
            k, m, c = self._components(a, b)
            if c != on:
                self._set_pair(a, b, k, m, on)

    def _refresh_contact(self, cid: int) -> None:
        """Reload one contact: its vocabulary, my tie to it and all its contact ties."""
        adj = self.G._adj
        old_company = self.vocab.company_of(cid)
        with self.store.read() as s:
            row = s.execute(select(Contact.archived, Contact.company, Contact.title,
                                   Contact.location).where(Contact.id == cid)).first()
            if row is None or row[0]:
                if cid in adj:
                    self.G.remove_node(cid)
                self.vocab.drop_contact(cid)
                self.vocab.set_endorsements(cid, {})
                self._company_pairs(old_company)
                return
            self.vocab.load_one(s, cid, row[1], row[2], row[3])
            knows = s.execute(select(Knows.a_id, Knows.b_id, Knows.strength).where(
                (Knows.a_id == cid) | (Knows.b_id == cid))).all()
            mine = select(P.interaction_id).where(P.contact_id == cid,
                                                  P.interaction_id.in_(_meeting_sizes()))
            met = s.scalars(select(P.contact_id).where(P.interaction_id.in_(mine),
                                                       P.contact_id != cid)).all()
        self._add_nodes([cid])
        for other in [o for o in adj[cid] if o != ME]:
            del adj[cid][other], adj[other][cid]
        for a, b, k in knows:
            self._set_pair(a, b, k, 0, 0)
        for other in met:
            if other in adj:
                self._bump(cid, other, m=1)
        self._refresh_me_tie(cid)
        new_company = self.vocab.company_of(cid)
        if old_company != new_company:
            self._company_pairs(old_company)
        self._company_pairs(new_company)
