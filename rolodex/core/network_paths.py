"""Max-product paths from ``me``, searched backwards from the targets (Network's mixin).

``me`` is a hub tied to every direct contact: a search outward from it touches the whole
graph, so each target looks back through its neighbours (memoised per level) instead.
"""

from __future__ import annotations

ME = "me"


class PathSearch:
    """Needs ``self.G`` (networkx graph, edge data ``{'w': tie}``), ``self.lock`` and
    ``self.cache`` (cleared on every change)."""

    # -- path search
    def best_paths(self, targets, hops: int = 3) -> dict[int, tuple[float, list[int]]]:
        """target -> (product, [first hop, ..., target]): max-product path from me in
        ``hops`` edges, searched backwards from the target, never out of the hub me.
        Known directly: (my tie, [target]). Equal products: the lower id wins."""
        with self.lock:
            adj = self.G._adj
            me = adj[ME]
            memo: dict[int, dict] = self.cache.setdefault("best", {})
            out = {}
            for t in targets:
                if t not in adj or t == ME:
                    continue
                d = me.get(t)
                if d is not None:
                    out[t] = (d["w"], [t])
                    continue
                if hops < 2:
                    continue
                v, p, lvl = self._best(hops, t, memo)
                if v <= 0:
                    continue
                path = [t]
                while p != ME:
                    path.append(p)
                    _, p, lvl = self._best(lvl, p, memo)
                out[t] = (v, path[::-1])
            return out

    def _best(self, k: int, n, memo: dict) -> tuple[float, object, int]:
        """(best product me..n within k hops, previous node, its level), memoised."""
        adj = self.G._adj
        me = adj[ME]
        if k == 1:
            d = me.get(n)
            return (d["w"], ME, 0) if d else (0.0, None, 0)
        level = memo.setdefault(k, {})
        got = level.get(n)
        if got is not None:
            return got
        best = self._best(k - 1, n, memo)
        v = best[0]
        if k == 2:
            for m, d in adj[n].items():
                e = me.get(m)
                if e is not None and m != ME:
                    x = e["w"] * d["w"]
                    if x > v or (x == v > 0 and best[2] == 1 and m < best[1]):
                        v, best = x, (x, m, 1)
        else:
            for m, d in adj[n].items():
                if m == ME:
                    continue
                x = self._best(k - 1, m, memo)[0] * d["w"]
                if x > v or (x == v > 0 and best[2] == k - 1 and m < best[1]):
                    v, best = x, (x, m, k - 1)
        level[n] = best
        return best
