"""The who-knows-whom graph: ``me`` plus every non-archived contact, in networkx.

me - contact (only where ``known_directly``): core/ties.py from my stored ties (my_tie),
closeness as a floor, 0.05 with no history. contact - contact = min(1, knows strength/5 + 0.3 per
shared meeting of 2-12 people (at most 0.6) + 0.15 for the same current company, only in
companies of at most 20 live contacts: on the 34,257 demo a cap of 50 gives 125,700
company edges, 20 gives 56,800; 5,000 staff would be 12.5 million).

The graph is written and read only through networkx's public API (``add_edge``,
``remove_edge``, ``G.adj`` views, ``get_edge_data``). Memory: each edge's data is a
``Tie`` (networkx's documented ``edge_attr_dict_factory``), four slots instead of a dict
(~120 bytes less per edge, ~80 MB at 100,000 contacts and 686,000 edges), its float shared
by every edge of the same parts; each node id is one int object (edges reuse it). Names and
companies stay in the store (read for the few people shown); why a tie is what it is comes
from the store too (network_explain.py). Public methods hold ``self.lock``.

On a team rolodex (core/team) "me" is my login: my ties come from my own log only (a
colleague's shared minutes are not my touches), I know a card directly if my log has
them or it is my own card marked so, and each colleague who shares ties is a node of
their own (a negative id) tied to me at 1 and to each contact of theirs at their band's
value (ties.BAND_TIE), so a path may start with a colleague.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import MutableMapping
from itertools import combinations

import networkx as nx
from sqlalchemy import func, select

from rolodex.core import ties
from rolodex.core.db import my_ties
from rolodex.core.db.events import Change
from rolodex.core.db.fastread import my_tie_totals, on_session
from rolodex.core.db.models import Contact, Interaction, Knows
from rolodex.core.db.models import Participant as P
from rolodex.core.db.store import Store
from rolodex.core.network.bands import Band, colleague_bands, my_view
from rolodex.core.network.paths import ME, Paths
from rolodex.core.network.priority import Priority
from rolodex.core.network.vocab import Vocab

__all__ = ["ME", "Network", "Tie", "TieGraph", "pair_weight", "meeting_sizes",
           "is_colleague",
           "COMPANY_MAX"]

MEETING_CAP = 0.6
MAX_MEETING_SIZE = 12
COMPANY_MAX = 20
_FIELDS = ("w", "k", "m", "c")


def pair_weight(k: int, m: int, c: int) -> float:
    return ties.combine(ties.knows_tie(k) if k else 0.0,
                        min(ties.SHARED_MEETING * m, MEETING_CAP),
                        ties.SHARED_COMPANY if c else 0.0)


def meeting_sizes():
    """The ids of one-to-one meetings of 2-12 people (a subquery)."""
    return (select(P.interaction_id).join(Interaction, Interaction.id == P.interaction_id)
            .where(Interaction.kind == "meeting", Interaction.one_to_many == False)  # noqa: E712
            .group_by(P.interaction_id)
            .having(func.count() <= MAX_MEETING_SIZE, func.count() >= 2))




def is_colleague(node) -> bool:
    """A colleague's node (a negative id; contacts are positive, me is ME)."""
    return isinstance(node, int) and node < 0


class Tie(MutableMapping):
    """One edge's data, dict-like for networkx: the tie ``w`` and its parts, the knows
    strength ``k``, shared meetings ``m`` and same company ``c`` (0 on my ties). Read them
    as attributes (``d.w``) where it is hot, as keys (``d["w"]``) anywhere."""

    __slots__ = _FIELDS

    def __init__(self) -> None:
        self.w, self.k, self.m, self.c = 0.0, 0, 0, 0

    def __getitem__(self, key):
        if key in _FIELDS:
            return getattr(self, key)
        raise KeyError(key)

    def __setitem__(self, key, value) -> None:
        if key not in _FIELDS:
            raise KeyError(f"a tie has only {', '.join(_FIELDS)}, not {key!r}")
        setattr(self, key, value)

    def __delitem__(self, key) -> None:
        raise KeyError(f"a tie's {key!r} cannot be removed")

    def __iter__(self):
        return iter(_FIELDS)

    def __len__(self) -> int:
        return len(_FIELDS)

    def update(self, other=(), /, **kw) -> None:
        """networkx calls this for every edge it adds (with its ``**attr`` and the data)."""
        for src in (other, kw):
            if src:
                # hasattr, not isinstance(src, Mapping): an ABC check a call costs 0.3 s
                # of a who-can built around a query at 100,000 contacts
                for key, value in (src.items() if hasattr(src, "items") else src):
                    if key not in _FIELDS:
                        raise KeyError(f"a tie has only {', '.join(_FIELDS)}, not {key!r}")
                    setattr(self, key, value)

    def __repr__(self) -> str:
        return f"Tie(w={self.w}, k={self.k}, m={self.m}, c={self.c})"


class TieGraph(nx.Graph):
    """A networkx Graph whose edge data is a ``Tie`` (the documented subclass factory)."""

    edge_attr_dict_factory = Tie


class Network:
    """Build with ``Network.build(store)``; query with core.network.introducer.who_can."""

    def __init__(self, store: Store):
        self.store = store
        self.G = TieGraph()
        self.G.add_node(ME)
        self.vocab = Vocab()
        self.lock = threading.RLock()
        self.version = 0
        self.stale = False
        self.now = store.now()
        self._parts: dict[tuple[int, int, int], dict] = {}  # (k, m, c) -> the edge's data
        self._mine: dict[float, float] = {}  # one float object per distinct tie of mine
        self._plock = threading.Lock()
        self._pending: list | None = None
        self._paths: Paths | None = None  # the path memo, for the graph as it is
        self.login = store.team_login()  # None off a team
        self.colleagues: dict[int, tuple[str, str]] = {}  # node -> (login, name)
        self.bands: dict[tuple[int, int], Band] = {}  # (colleague node, contact) -> band

    # -- building
    @classmethod
    def build(cls, store: Store, *, follow: bool = True,
              priority: Priority | None = None) -> Network:
        """Load with plain column selects. With ``follow`` (the TUI): subscribe first so
        changes committed while it loads are applied after, and gc.freeze() the graph so
        full collections stop rescanning it (150 ms pauses at 34k). With ``priority``, the
        load gives way to the queries running under it (core/network/priority.py)."""
        net = cls(store)
        if follow:
            net._pending = []
            store.subscribe(net._on_event)
        with net.lock:
            net._load(priority)
        if follow:
            gc.freeze()
            net._drain()
        return net

    def _on_event(self, change: Change) -> None:
        with self._plock:
            if self._pending is not None:
                self._pending.append(change)
                return
        self.apply(change)

    def _drain(self) -> None:
        while True:
            with self._plock:
                items, self._pending = self._pending, ([] if self._pending else None)
            if not items:
                return
            for change in items:
                self.apply(change)

    def add_contacts(self, ids) -> dict[int, int]:
        """Add contact nodes; returns id -> the node's own int, so that edges read later
        reuse it instead of holding a copy per row (~30 MB at 100,000)."""
        with self.lock:
            canon = {cid: cid for cid in ids}
            self.G.add_nodes_from(canon)
            self._paths = None
            return canon

    def set_my_tie(self, cid: int, w: float) -> None:
        """My tie to ``cid`` (one float object per distinct value: 91,000 ties, 17,800
        values at 100,000 contacts, as floors and closeness repeat)."""
        with self.lock:
            self.G.add_edge(ME, cid, w=self._mine.setdefault(w, w))
            self._paths = None

    def add_bands(self, bands) -> None:
        """Colleagues' shared ties (core/team/bands.Band): a node per colleague, tied to me
        at 1 and to each of their contacts in the graph at the band's value."""
        with self.lock:
            nodes = {login: n for n, (login, _) in self.colleagues.items()}
            for b in bands:
                if b.contact_id not in self.G:
                    continue
                node = nodes.get(b.login)
                if node is None:
                    node = nodes[b.login] = -(len(nodes) + 1)
                    self.colleagues[node] = (b.login, b.name)
                    self.G.add_edge(ME, node, w=1.0)
                w = ties.BAND_TIE[b.band]
                self.G.add_edge(node, b.contact_id, w=self._mine.setdefault(w, w))
                self.bands[(node, b.contact_id)] = b
            self._paths = None

    def set_pair(self, a: int, b: int, k: int, m: int, c: int) -> None:
        """The tie between contacts ``a`` and ``b`` from its parts (none: no edge)."""
        self.set_pairs(((a, b, k, m, c),))

    def set_pairs(self, pairs) -> None:
        """The ties between contacts ``a`` and ``b`` from their parts, for many
        ``(a, b, k, m, c)`` at once (a pair with no part has no edge): one lock, one
        networkx call (a local build sets some 46,000 at 100,000 contacts)."""
        with self.lock:
            G = self.G
            edge = self._edge
            gone = []

            def edges():
                for a, b, k, m, c in pairs:
                    if a == b or a not in G or b not in G:
                        continue
                    if k or m or c:
                        yield a, b, edge(k, m, c)
                    else:
                        gone.append((a, b))

            G.add_edges_from(edges())
            G.remove_edges_from(gone)  # networkx skips the pairs with no edge
            self._paths = None

    def paths(self) -> Paths:
        """The path search over the graph as it is now (memoised until the next change);
        call it holding ``self.lock``."""
        with self.lock:
            if self._paths is None:
                self._paths = Paths(self.G)
            return self._paths

    def best_paths(self, targets, hops: int = 3) -> dict[int, tuple[float, list[int]]]:
        """target -> (product, [first hop, ..., target]); see network_paths.Paths."""
        with self.lock:
            return self.paths().best_paths(targets, hops)

    def _load(self, priority: Priority | None = None) -> None:
        G = self.G
        priority = priority or Priority()
        paced = priority.paced
        with self.store.read() as session:
            s = session.connection()  # Core rows: no ORM processing
            live = Contact.archived == False  # noqa: E712
            rows = s.execute(select(Contact.id, Contact.known_directly, Contact.closeness,
                                    Contact.owner).where(live)).all()
            canon = self.add_contacts(r[0] for r in rows)
            self.vocab.load_all(s, paced(s.execute(select(
                Contact.id, Contact.company, Contact.title, Contact.location).where(live))),
                paced)
            priority.give_way()
            login = self.login
            totals = my_tie_totals(on_session(session), self.now)  # kept by the writers
            mine = self._mine
            if login is not None:
                rows = [(cid, *my_view(login, direct, owner, closeness, cid in totals), None)
                        for cid, direct, closeness, owner in rows]
            G.add_edges_from(
                (ME, canon[cid], {"w": mine.setdefault(w, w)})
                for cid, direct, closeness, _owner in rows if direct
                for w in (ties.strength_from_sum(totals.get(cid, 0.0), closeness),))
            del rows, totals
            if login is not None:
                self.add_bands(colleague_bands(self.store, s))
            get = canon.get
            edge = {k: self._edge(k, 0, 0) for k in range(1, 6)}
            G.add_edges_from(
                (a, b, edge.get(k) or self._edge(k, 0, 0))
                for a, b, k in ((get(a), get(b), k) for a, b, k in paced(s.execute(
                    select(Knows.a_id, Knows.b_id, Knows.strength))))
                if a is not None and b is not None and a != b)
            group: list[int] = []
            last = None
            q = (select(P.interaction_id, P.contact_id)
                 .where(P.interaction_id.in_(meeting_sizes())).order_by(P.interaction_id))
            for iid, cid in paced(s.execute(q)):
                if iid != last:
                    self._add_meeting(group)
                    group, last = [], iid
                cid = get(cid)
                if cid is not None:
                    group.append(cid)
            self._add_meeting(group)
        for _key, ids in paced(self.vocab.companies(), 200):
            if 2 <= len(ids) <= COMPANY_MAX:
                for a, b in combinations([canon[i] for i in ids], 2):
                    self._bump(a, b, c=1)
        self._paths = None

    def _add_meeting(self, group: list[int]) -> None:
        for a, b in combinations(group, 2):
            self._bump(a, b, m=1)

    # -- edges
    def _edge(self, k: int, m: int, c: int) -> dict:
        """The edge data for these parts, one dict (and one weight float) per distinct
        (k, m, c); networkx copies it into the edge's own Tie."""
        key = (k, m, c)
        d = self._parts.get(key)
        if d is None:
            d = self._parts[key] = {"w": pair_weight(k, m, c), "k": k, "m": m, "c": c}
        return d

    def parts(self, a, b) -> tuple[int, int, int]:
        """(knows strength, shared meetings, same company) of the tie between two contacts."""
        with self.lock:
            d = self.G.get_edge_data(a, b)
            return (d.k, d.m, d.c) if d is not None else (0, 0, 0)

    def _bump(self, a: int, b: int, m: int = 0, c: int = 0) -> None:
        k0, m0, c0 = self.parts(a, b)
        self.set_pair(a, b, k0, m0 + m, c or c0)

    # -- reading
    def tie(self, a, b) -> float:
        with self.lock:
            d = self.G.get_edge_data(a, b)
            return d.w if d is not None else 0.0

    def __contains__(self, cid) -> bool:
        return cid in self.G

    # -- incremental update
    def apply(self, change: Change, store: Store | None = None) -> None:
        """Follow one committed change: an interaction refreshes my ties to its people and
        the ties among them, a knows-edge its pair, an intro nothing; any other change
        refreshes the contacts it names; a bulk or vague one marks the network stale
        (``refresh()`` reloads it)."""
        self.store = store or self.store
        with self.lock:
            self.version += 1
            self._paths = None
            if change.bulk:
                self.stale = True
            elif change.kind == "intro":
                return
            elif change.kind == "interaction":
                for cid in change.contacts:
                    self._refresh_me_tie(cid)
                for a, b in combinations(change.contacts, 2):
                    self._refresh_pair(a, b)
            elif change.kind == "knows" and change.pair is not None:
                self._refresh_pair(*change.pair)
            else:
                for cid in change.contacts:
                    self._refresh_contact(cid)

    def refresh(self) -> None:
        """Reload everything in place (after a bulk change no event described)."""
        fresh = Network(self.store)
        with fresh.lock:
            fresh._load()
        with self.lock:
            self.G, self.vocab, self._parts = fresh.G, fresh.vocab, fresh._parts
            self._mine = fresh._mine
            self.colleagues, self.bands = fresh.colleagues, fresh.bands
            self.now, self.stale = fresh.now, False
            self.version += 1
            self._paths = None

    def _refresh_me_tie(self, cid: int) -> None:
        G = self.G
        if cid not in G:
            return
        with self.store.read() as s:
            row = s.execute(select(Contact.known_directly, Contact.closeness, Contact.owner)
                            .where(Contact.id == cid)).first()
            total = (my_ties.total(s, cid, self.now)
                     if row and (row[0] or self.login) else None)
        if row:
            row = my_view(self.login, row[0], row[2], row[1], total is not None)
        if row and row[0]:
            self.set_my_tie(cid, ties.strength_from_sum(total or 0.0, row[1]))
        elif G.has_edge(ME, cid):
            G.remove_edge(ME, cid)

    def _refresh_pair(self, a: int, b: int) -> None:
        if a == b or a not in self.G or b not in self.G:
            return
        lo, hi = min(a, b), max(a, b)
        with self.store.read() as s:
            k = s.execute(select(Knows.strength).where(Knows.a_id == lo, Knows.b_id == hi)
                          ).scalar() or 0
            p2 = P.__table__.alias("p2")
            m = s.execute(select(func.count()).select_from(P).join(
                p2, p2.c.interaction_id == P.interaction_id).where(
                P.contact_id == lo, p2.c.contact_id == hi,
                P.interaction_id.in_(meeting_sizes()))).scalar() or 0
        self.set_pair(lo, hi, k, m, self.parts(lo, hi)[2])

    def _company_pairs(self, key: str | None) -> None:
        """Set or clear the company component for every pair of one company's people."""
        if not key:
            return
        ids = [i for i in self.vocab.company_members(key) if i in self.G]
        if len(ids) > COMPANY_MAX + 1:
            return
        on = 1 if len(ids) <= COMPANY_MAX else 0
        for a, b in combinations(ids, 2):
            k, m, c = self.parts(a, b)
            if c != on:
                self.set_pair(a, b, k, m, on)

    def _refresh_contact(self, cid: int) -> None:
        """Reload one contact: its vocabulary, my tie to it and all its contact ties."""
        G = self.G
        old_company = self.vocab.company_of(cid)
        with self.store.read() as s:
            row = s.execute(select(Contact.archived, Contact.company, Contact.title,
                                   Contact.location).where(Contact.id == cid)).first()
            if row is None or row[0]:
                if cid in G:
                    G.remove_node(cid)
                self.vocab.drop_contact(cid)
                self.vocab.set_endorsements(cid, {})
                self._company_pairs(old_company)
                return
            self.vocab.load_one(s, cid, row[1], row[2], row[3])
            knows = s.execute(select(Knows.a_id, Knows.b_id, Knows.strength).where(
                (Knows.a_id == cid) | (Knows.b_id == cid))).all()
            mine = select(P.interaction_id).where(P.contact_id == cid,
                                                  P.interaction_id.in_(meeting_sizes()))
            met = s.scalars(select(P.contact_id).where(P.interaction_id.in_(mine),
                                                       P.contact_id != cid)).all()
        self.add_contacts([cid])
        G.remove_edges_from([(cid, o) for o in G.adj[cid] if o != ME and not is_colleague(o)])
        for a, b, k in knows:
            self.set_pair(a, b, k, 0, 0)
        for other in met:
            if other in G:
                self._bump(cid, other, m=1)
        self._refresh_me_tie(cid)
        new_company = self.vocab.company_of(cid)
        if old_company != new_company:
            self._company_pairs(old_company)
        self._company_pairs(new_company)
