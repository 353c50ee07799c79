"""Max-product paths from ``me``, searched backwards from the targets.

``me`` is a hub tied to every direct contact: a search outward from it touches the whole
graph, so each target looks back through its neighbours (memoised per level) instead.
``Paths`` owns what it reads: the adjacency of the graph it is given, taken once through
networkx's public ``G.adjacency()`` (node -> its neighbours' edge data, plain dicts, so the
search runs at dict speed rather than through a view per lookup), and its memo; both are
for the graph as it was, so make a new one after any change (Network.paths() does).
"""

from __future__ import annotations

ME = "me"


class Paths:
    """Best paths in ``G``, whose edge data has the tie as attribute ``w`` (graph.Tie)."""

    def __init__(self, G):
        self.adj: dict = dict(G.adjacency())  # read it, never write it
        self.me: dict = self.adj[ME]  # my ties: contact -> edge data
        self.memo: dict[int, dict] = {}

    def best_paths(self, targets, hops: int = 3) -> dict[int, tuple[float, list[int]]]:
        """target -> (product, [first hop, ..., target]): max-product path from me in
        ``hops`` edges, searched backwards from the target, never out of the hub me.
        Known directly: (my tie, [target]). Equal products: the lower id wins."""
        adj, me = self.adj, self.me
        out = {}
        for t in targets:
            if t not in adj or t == ME:
                continue
            d = me.get(t)
            if d is not None:
                out[t] = (d.w, [t])
                continue
            if hops < 2:
                continue
            v, p, lvl = self.best(hops, t)
            if v <= 0:
                continue
            path = [t]
            while p != ME:
                path.append(p)
                _, p, lvl = self.best(lvl, p)
            out[t] = (v, path[::-1])
        return out

    def product(self, target, hops: int) -> float:
        """The best path product from me to ``target`` within ``hops`` edges (0 if none)."""
        if target not in self.adj or target == ME:
            return 0.0
        return self.best(hops, target)[0]

    def best(self, k: int, n) -> tuple[float, object, int]:
        """(best product me..n within k hops, previous node, its level), memoised."""
        adj, me = self.adj, self.me
        if k == 1:
            d = me.get(n)
            return (d.w, ME, 0) if d is not None else (0.0, None, 0)
        level = self.memo.setdefault(k, {})
        got = level.get(n)
        if got is not None:
            return got
        best = self.best(k - 1, n)
        v = best[0]
        if k == 2:
            for m, d in adj[n].items():
                e = me.get(m)
                if e is not None and m != ME:
                    x = e.w * d.w
                    if x > v or (x == v > 0 and best[2] == 1 and m < best[1]):
                        v, best = x, (x, m, 1)
        else:
            for m, d in adj[n].items():
                if m == ME:
                    continue
                x = self.best(k - 1, m)[0] * d.w
                if x > v or (x == v > 0 and best[2] == k - 1 and m < best[1]):
                    v, best = x, (x, m, k - 1)
        level[n] = best
        return best
