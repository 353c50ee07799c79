"""The in-memory fuzzy contact index behind the TUI filter and ``rolodex search``.

Design (budget: under 30 ms per query at 100,000 contacts):

1. Every contact is one row in arrays kept in the default order (folded name): folded
   name, "company title", "emails skills tags", and all three joined (``_comb``).
2. Candidates: each query word must be a substring of the row (``w in comb``: C speed);
   words are applied longest first, each narrowing the previous list. While typing, a query
   that extends the previous one narrows the previous answer instead of starting over.
3. Ranking without a per-row sort: each word earns points by where it matched (name prefix >
   name word start > name substring > company/title > email/skill/tag), the whole query in
   the name earns a bonus, and rows are bucketed by points (few distinct values), keeping
   the default order inside a bucket.
4. Typos (core/typo.py): a word of 4+ letters with too few substring hits is looked up with
   rapidfuzz in the vocabulary of distinct tokens, mapped back through an inverted index.

``refresh``/``remove``/``put`` keep it current after edits. Loading uses plain column
selects through ``fastread``: with an SQLite URL it works without importing SQLAlchemy.
Not thread-safe: query and edit it from one thread (or one exclusive worker) at a time.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

from .search_rows import Row, read_rows
from .text import fold
from .typo import TypoIndex

__all__ = ["ContactIndex", "Row"]

SEP = "\x1f"

P_NAME_START, P_NAME_WORD, P_NAME_SUB = 6.0, 5.0, 4.0
P_ORG_WORD, P_ORG_SUB, P_OTHER = 3.0, 2.5, 2.0
P_PHRASE, P_EXACT, P_WHOLE = 3.0, 3.0, 1.5  # whole word: "costa" in "Ana Costa"
Near = dict[int, tuple[float, float]]  # id -> (points, similarity) for a typo'd word
FEW = 5  # fewer substring hits than this for a word: also look for typos


class ContactIndex:
    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}
        self._ids: list[int] = []  # default order
        self._keys: list[tuple[str, int]] = []  # (folded name, id), sorted, parallel to _ids
        self._name: list[str] = []
        self._org: list[str] = []
        self._other: list[str] = []
        self._comb: list[str] = []
        # id -> (name, company, title, extras) folded
        self._fields: dict[int, tuple[str, str, str, tuple[str, ...]]] = {}
        self._typo: TypoIndex | None = None
        self._pos: dict[int, int] | None = None
        self._last: tuple[str, list[int]] | None = None
        self._first: tuple[str, list[int]] | None = None  # longest word's full-scan hits

    # -- loading ----------------------------------------------------------------------------
    @classmethod
    def load(cls, store_or_url=None) -> ContactIndex:
        """All non-archived contacts, from a Store, a URL or a path (None: the default db)."""
        from . import fastread

        if store_or_url is None or isinstance(store_or_url, str):
            conn = fastread.connect(store_or_url)
        else:
            conn = fastread.for_store(store_or_url)
        with conn:
            return cls.load_from(conn)

    @classmethod
    def load_from(cls, conn) -> ContactIndex:
        """All non-archived contacts through an open ``fastread`` connection."""
        idx = cls()
        idx._fill(*read_rows(conn, None))
        return idx

    @classmethod
    def from_rows(cls, rows: list[Row], extras: dict[int, list[str]] | None = None
                  ) -> ContactIndex:
        """An index over given rows; ``extras`` maps id -> emails, skills and tags."""
        idx = cls()
        extras = extras or {}
        idx._fill(rows, {r.id: _fold_fields(r, extras.get(r.id, ())) for r in rows})
        return idx

    def _fill(self, rows: list[Row], folds: dict[int, tuple]) -> None:
        self._fields = folds
        self._rows = {r.id: r for r in rows}
        entries = sorted((folds[r.id][0], r.id) for r in rows)
        self._keys = entries
        self._ids = [cid for _n, cid in entries]
        name, org, other, comb = [], [], [], []
        for cid in self._ids:
            n, o, x = _strings(folds[cid])
            name.append(n)
            org.append(o)
            other.append(x)
            comb.append(f"{n}{SEP}{o}{SEP}{x}")
        self._name, self._org, self._other, self._comb = name, org, other, comb
        self._typo = None
        self._changed()

    def warm(self) -> None:
        """Build the typo index now (else the first typo'd query builds it)."""
        self._typos()

    def _typos(self) -> TypoIndex:
        if self._typo is None:
            self._typo = TypoIndex.build(self._fields)
        return self._typo

    def _changed(self) -> None:
        self._pos = None
        self._last = None
        self._first = None

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, cid: object) -> bool:
        return cid in self._rows

    def all_ids(self) -> list[int]:
        return list(self._ids)

    def row(self, cid: int) -> Row:
        return self._rows[cid]

    def position(self, cid: int) -> int:
        """Where ``cid`` sits in the default order."""
        return self._positions()[cid]

    # -- editing ----------------------------------------------------------------------------
    def refresh(self, store, cid: int) -> None:
        """Re-read one contact after an edit; drop it if it is archived or gone."""
        from . import fastread

        with fastread.for_store(store) as conn:
            rows, folds = read_rows(conn, [cid])
        self.remove(cid)
        if rows:
            self._insert(rows[0], folds[cid])

    def put(self, row: Row, extra: list[str] | None = None) -> None:
        """Insert or replace one row (``extra``: its emails, skills and tags)."""
        self.remove(row.id)
        self._insert(row, _fold_fields(row, extra or ()))

    def _insert(self, row: Row, f: tuple) -> None:
        self._rows[row.id] = row
        self._fields[row.id] = f
        if self._typo is not None:
            self._typo.add(row.id, f)
        n, o, x = _strings(f)
        key = (n, row.id)
        i = bisect.bisect_left(self._keys, key)
        self._keys.insert(i, key)
        self._ids.insert(i, row.id)
        self._name.insert(i, n)
        self._org.insert(i, o)
        self._other.insert(i, x)
        self._comb.insert(i, f"{n}{SEP}{o}{SEP}{x}")
        self._changed()

    def remove(self, cid: int) -> None:
        if cid not in self._rows:
            return
        f = self._fields[cid]
        i = bisect.bisect_left(self._keys, (f[0], cid))
        for arr in (self._keys, self._ids, self._name, self._org, self._other, self._comb):
            del arr[i]
        if self._typo is not None:
            self._typo.discard(cid, f)
        del self._rows[cid]
        del self._fields[cid]
        self._changed()

    # -- querying ---------------------------------------------------------------------------
    def scored(self, query: str, limit: int = 20) -> list[tuple[int, float]]:
        """(id, score 0-100) of the best ``limit`` matches, in rank order. The score says
        how well the words matched (whole word 100, prefix 90, inside a word 75, a typo
        less), a little less outside the name; the exact name scores 100."""
        q = fold(query)
        words = list(dict.fromkeys(q.split()))
        ranked, typo = self._rank(q, words)
        if ranked is None:
            return [(cid, 0.0) for cid in self._ids[:limit]]
        return [(self._ids[i], self._quality(i, q, words, typo)) for i in ranked[:limit]]

    def _quality(self, i: int, q: str, words: list[str], typo: dict) -> float:
        if self._name[i] == q:
            return 100.0
        total = 0.0
        for w in words:
            best = 0.0
            for text, weight in ((self._name[i], 1.0), (self._org[i], 0.95),
                                 (self._other[i], 0.9)):
                padded = f" {text} "
                if f" {w} " in padded:
                    best = max(best, 100.0 * weight)
                elif f" {w}" in padded:
                    best = max(best, 90.0 * weight)
                elif w in text:
                    best = max(best, 75.0 * weight)
            near = typo.get(w)
            if near is not None and self._ids[i] in near:
                best = max(best, 85.0 * near[self._ids[i]][1])
            total += best
        return round(total / len(words), 1)

    def filter(self, query: str, limit: int | None = None) -> list[int]:
        """Contact ids matching ``query``, best first; '' gives every id in name order."""
        q = fold(query)
        ranked, _typo = self._rank(q, list(dict.fromkeys(q.split())))
        if ranked is None:
            return self._ids[:limit] if limit is not None else list(self._ids)
        ids = self._ids
        if limit is not None:
            ranked = ranked[:limit]
        return [ids[i] for i in ranked]

    def _rank(self, q: str, words: list[str]):
        if not words:
            return None, {}
        cands = self._substring_candidates(q, words)
        typo: dict[str, Near] = {}
        if len(cands) < FEW:
            cands = self._with_typos(words, typo)
        if len(words) == 1 and not typo:
            return self._order_one(words[0], cands), typo
        return self._order(q, words, cands, typo), typo

    def _scan(self, w: str) -> list[int]:
        """Positions of every row containing ``w`` (the one full pass of a query)."""
        first = self._first
        if first is not None and first[0] == w:
            return first[1]
        hits = [i for i, s in enumerate(self._comb) if w in s]
        self._first = (w, hits)
        return hits

    def _substring_candidates(self, q: str, words: list[str]) -> list[int]:
        comb = self._comb
        order = sorted(words, key=len, reverse=True)
        last = self._last
        if last is not None and last[0] and q.startswith(last[0]):
            cands = last[1]
        else:
            cands = self._scan(order[0])
            order = order[1:]
        for w in order:
            cands = [i for i in cands if w in comb[i]]
        self._last = (q, cands)
        return cands

    def _with_typos(self, words: list[str], typo: dict[str, Near]) -> list[int]:
        """Candidates where each word matches as a substring or, for a word with few
        substring hits, as a near token."""
        comb = self._comb
        cands: list[int] | None = None
        for w in sorted(words, key=len, reverse=True):
            hits = self._scan(w) if cands is None else [i for i in cands if w in comb[i]]
            if len(hits) < FEW and len(w) >= 4:
                near = self._near(w)
                pos = self._positions()
                extra = {pos[c] for c in near if c in pos}
                if cands is not None:
                    extra &= set(cands)
                if extra:
                    typo[w] = near
                    hits = sorted(extra.union(hits))
            cands = hits
            if not cands:
                return []
        return cands or []

    def _positions(self) -> dict[int, int]:
        if self._pos is None:
            self._pos = {c: i for i, c in enumerate(self._ids)}
        return self._pos

    def _near(self, word: str) -> Near:
        return self._typos().near(word)

    def _order_one(self, w: str, cands: list[int]) -> list[int]:
        """One word, no typos: tiers by where it matched, name order inside each tier.
        In the name: the whole name, a whole first word, a whole later word ("costa" finds
        "Ana Costa" before "Costantino"), a prefix, a word start, anywhere."""
        name, org = self._name, self._org
        sw, ws, sws = " " + w, w + " ", " " + w + " "
        exact, first, whole, start, word, sub, org_word, org_sub, other = (
            [], [], [], [], [], [], [], [], [])
        for i in cands:
            n = name[i]
            k = n.find(w)
            if k == 0:
                if n == w:
                    exact.append(i)
                elif n.startswith(ws):
                    first.append(i)
                else:
                    (whole if sws in n + " " else start).append(i)
            elif k > 0:
                if sw in n:
                    (whole if sws in n + " " else word).append(i)
                else:
                    sub.append(i)
            else:
                o = org[i]
                k = o.find(w)
                if k == 0 or (k > 0 and sw in o):
                    org_word.append(i)
                elif k > 0:
                    org_sub.append(i)
                else:
                    other.append(i)
        return exact + first + whole + start + word + sub + org_word + org_sub + other

    def _points(self, i: int, q: str, words: list[str],
                typo: dict[str, Near]) -> float:
        n, o = self._name[i], self._org[i]
        pts = 0.0
        for w in words:
            sw = " " + w
            if n.startswith(w):
                p = P_NAME_START + (P_WHOLE if n.startswith(w + " ") or n == w else 0.0)
            elif sw in n:
                p = P_NAME_WORD + (P_WHOLE if f"{sw} " in n + " " else 0.0)
            elif w in n:
                p = P_NAME_SUB
            elif w in o:
                p = P_ORG_WORD if (o.startswith(w) or sw in o) else P_ORG_SUB
            elif w in self._other[i]:
                p = P_OTHER
            else:
                p = 0.0
            near = typo.get(w)
            if near is not None:
                p = max(p, near.get(self._ids[i], (0.0, 0.0))[0])
            pts += p
        if n == q:
            pts += P_EXACT + (P_PHRASE if len(words) > 1 else 0.0)
        elif len(words) > 1 and q in n:
            pts += P_PHRASE
        return pts

    def _order(self, q: str, words: list[str], cands: list[int],
               typo: dict[str, Near]) -> list[int]:
        buckets: dict[float, list[int]] = defaultdict(list)
        points = self._points
        for i in cands:
            buckets[points(i, q, words, typo)].append(i)
        out: list[int] = []
        for pts in sorted(buckets, reverse=True):
            out.extend(buckets[pts])
        return out


def _strings(f: tuple) -> tuple[str, str, str]:
    name, company, title, extras = f
    org = f"{company} {title}" if company and title else (company or title)
    return name, org, " ".join(extras)


def _fold_fields(r: Row, extras) -> tuple[str, str, str, tuple[str, ...]]:
    return fold(r.name), fold(r.company), fold(r.title), tuple(fold(x) for x in extras if x)
