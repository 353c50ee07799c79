"""The in-memory fuzzy contact index behind the TUI filter and ``rolodex search``.

Design (budget: < 30 ms a query at 100,000 contacts, index < 100 MB):

1. Every contact is one entry in arrays kept in the default order (folded name, then id):
   the id (``array('q')``), the folded name, the folded company and title (interned: they
   repeat) and one haystack string ``name SEP company SEP title SEP extras SEP place SEP
   text`` (extras: emails, skills and tags; place: location and address; text: URL and
   notes; the parts of each joined by RS). Row fields live in a column store
   (core/search/rows.Columns); a Row object is made only when asked for.
2. Candidates: each query word must be a substring of the haystack (C-level
   ``map(contains, ...)``); words are applied longest first, each narrowing the previous
   list. A word narrows the hits of a cached word inside it ("smit" -> "smith"), a query
   that extends the previous one narrows the previous answer, and a broad one-word query
   ("s", "ma": thousands of hits) keeps its ranking until the next edit.
3. Ranking without a per-row sort: each word earns points by where it matched (name prefix >
   name word start > name substring > company/title > place (location, address: '/berlin'
   finds who lives there) > email/skill/tag > URL and notes), the whole query in
   the name earns a bonus, and rows are bucketed by points (few distinct values), keeping
   the default order inside a bucket.
4. Typos (core/search/typo.py): a word of 4+ letters with too few substring hits (or, when the
   words together find too few, any such word) is looked up with rapidfuzz in the
   vocabulary of distinct tokens, kept current by every edit (never rebuilt).
5. The first page without the whole ranking (``first``, for the list while typing): a
   query that narrows a small answer is ranked whole; one word is ranked from the default
   order itself when the names give a page: the names equal to it, starting with it as a
   word, holding it as a later word (a map of the later words of every name, kept by each
   edit) and starting with it are contiguous ranges of the name order (bisect) or a short
   list, and they come first in the ranking; else the rows holding it in the name, then
   the company or title (the tiers that come next), when they fill a page, found through
   the typo index's name tokens and the distinct companies and titles. Anything else (a
   scan of every row, rapidfuzz) is left to ``filter``, which a caller runs in the
   background and may stop (``stop``).

``refresh``/``remove``/``put`` keep it current. Loading reads through ``fastread`` (no
SQLAlchemy on SQLite). Query and edit from one thread at a time; ``row``, ``len``, ``in``
and ``all_ids`` are safe from another thread meanwhile.
"""

from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from itertools import compress, islice, repeat
from operator import contains

from rolodex.core.search.rows import RS, Entry, Row, Rows, entry_of, read_rows
from rolodex.core.search.typo import TypoIndex
from rolodex.core.text import fold

__all__ = ["ContactIndex", "Ranked", "Row"]

P_NAME_START, P_NAME_WORD, P_NAME_SUB = 6.0, 5.0, 4.0
P_ORG_WORD, P_ORG_SUB, P_PLACE_WORD, P_PLACE_SUB = 3.0, 2.5, 2.4, 2.2
P_OTHER, P_TEXT = 2.0, 1.0
P_PHRASE, P_EXACT, P_WHOLE = 3.0, 3.0, 1.5  # whole word: "costa" in "Ana Costa"
Near = dict[int, tuple[float, float]]  # id -> (points, similarity) for a typo'd word
FEW = 5  # fewer substring hits than this for a word: also look for typos
SCANS = 8  # words whose hits are kept between queries
ONES, BROAD = 6, 3000  # one-word queries with this many hits keep their ranking
SMALL = 4000  # an answer this small is narrowed and ranked whole for the first page
WIDE = 40000  # an answer this wide, given one more word, is narrowed for the first page
PAGED = 8000  # ... and, when that leaves at most this many, its first page is taken at once
FEW_IDS = 512  # ids mapped to positions one by one; more: through a table of every id
CHUNK = 4096  # rows scanned or ordered between two looks at ``stop`` (a few ms at most)
Stop = Callable[[], bool]


class Stopped(Exception):
    """``stop()`` said the query is superseded: its work is dropped."""


class Ranked(namedtuple("Ranked", "ids complete")):
    """The best matches first (``ids``): all of them when ``complete``, else the first
    ones only (how many match in all is not known yet). A named tuple: importing
    ``dataclasses`` costs ``mutt-query``, which ranks through this index, more than its
    query."""

    __slots__ = ()


class ContactIndex(Rows):
    def __init__(self) -> None:
        super().__init__()
        self._typo: TypoIndex | None = None
        self._scans: dict[str, array] = {}
        self._ones: dict[str, tuple[array, array]] = {}  # word -> (hits, ranked)
        self._last: tuple[str, list[int]] | None = None
        self._later: dict[str, list[int]] | None = None  # a later word of a name -> ids
        self._at: array | None = None  # id -> position (-1: none), for the typo path

    # -- loading ----------------------------------------------------------------------------
    @classmethod
    def load(cls, store_or_url=None, *, archived: bool = False) -> ContactIndex:
        """All non-archived contacts (with ``archived``: the archived ones), from a Store, a
        URL or a path (None: the default db)."""
        from rolodex.core.db import fastread

        if store_or_url is None or isinstance(store_or_url, str):
            conn = fastread.connect(store_or_url)
        else:
            conn = fastread.for_store(store_or_url)
        with conn:
            return cls.load_from(conn, archived=archived)

    @classmethod
    def load_from(cls, conn, *, archived: bool = False) -> ContactIndex:
        """All non-archived (or archived) contacts through an open ``fastread`` connection."""
        idx = cls()
        idx.fill(read_rows(conn, None, archived=archived))
        return idx

    @classmethod
    def from_rows(cls, rows: list[Row], extras: dict[int, list[str]] | None = None,
                  places: dict[int, tuple[list[str], list[str]]] | None = None
                  ) -> ContactIndex:
        """An index over given rows; ``extras`` maps id -> emails, skills and tags,
        ``places`` id -> ((location, address), (URL, notes))."""
        idx = cls()
        extras, places = extras or {}, places or {}
        idx.fill([entry_of(r, extras.get(r.id, ()), *places.get(r.id, ((), ())))
                   for r in rows])
        return idx

    def fill(self, entries: Iterable[Entry]) -> None:
        self._fill_rows(entries)
        self._typo = None
        self._later = None
        self._changed()

    def warm(self, paced=iter) -> None:
        """Build the typo index and the later words of the names now (else the first
        typo'd query, or the first ``first``, builds them). ``paced`` wraps the loops over
        every contact (core/network/priority.Priority.paced: a query waited for first)."""
        import rapidfuzz.process  # noqa: F401  (the first typo'd word would import it)

        self._typos(paced).near("qxzjv")
        self._typo.org_phrases()  # the company and title phrases, for the first page
        self._later_words(paced)
        self._table(paced)  # positions by id, for the first page's lookups

    def _later_words(self, paced=iter) -> dict[str, list[int]]:
        if self._later is None:
            later: dict[str, list[int]] = defaultdict(list)
            for cid, n in paced(zip(self._ids, self._name, strict=True)):
                if " " in n:
                    for word in set(n.split(" ")[1:]):
                        later[word].append(cid)
            self._later = dict(later)
        return self._later

    def _typos(self, paced=iter) -> TypoIndex:
        if self._typo is None:
            self._typo = TypoIndex.build(
                paced((cid, self._fields(i)) for i, cid in enumerate(self._ids)))
        return self._typo

    def _changed(self) -> None:
        self._at = None
        self._scans = {}
        self._ones = {}
        self._last = None

    # -- editing ----------------------------------------------------------------------------
    def refresh(self, store, cid: int) -> None:
        """Re-read one contact after an edit; drop it if it is archived or gone."""
        from rolodex.core.db import fastread

        with fastread.for_store(store) as conn:
            entries = list(read_rows(conn, [cid]))
        self.remove(cid)
        if entries:
            self._insert(entries[0])

    def put(self, row: Row, extra: list[str] | None = None, place=(), text=()) -> None:
        """Insert or replace one row (``extra``: its emails, skills and tags; ``place``:
        (location, address); ``text``: URL and notes)."""
        self.remove(row.id)
        self._insert(entry_of(row, extra or (), place, text))

    def _insert(self, e: Entry) -> None:
        i = self._add_row(e)
        if self._typo is not None:
            self._typo.add(e[0], self._fields(i))
        if self._later is not None:
            for word in set(self._name[i].split(" ")[1:]):
                self._later.setdefault(word, []).append(e[0])
        self._changed()

    def remove(self, cid: int) -> None:
        if cid not in self._cols.slot:
            return
        i = self.position(cid)
        if self._typo is not None:
            self._typo.discard(cid, self._fields(i))
        if self._later is not None:
            for word in set(self._name[i].split(" ")[1:]):
                holders = self._later[word]
                holders.remove(cid)
                if not holders:
                    del self._later[word]
        self._drop_row(i, cid)
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
        other, place, text = (x.replace(RS, " ") for x in self._parts(i))
        texts = ((self._name[i], 1.0), (self._company[i], 0.95), (self._title[i], 0.95),
                 (place, 0.92), (other, 0.9), (text, 0.8))
        cid = self._ids[i]
        total = 0.0
        for w in words:
            best = 0.0
            for text, weight in texts:
                padded = f" {text} "
                if f" {w} " in padded:
                    best = max(best, 100.0 * weight)
                elif f" {w}" in padded:
                    best = max(best, 90.0 * weight)
                elif w in text:
                    best = max(best, 75.0 * weight)
            near = typo.get(w)
            if near is not None and cid in near:
                best = max(best, 85.0 * near[cid][1])
            total += best
        return round(total / len(words), 1)

    def filter(self, query: str, limit: int | None = None, *,
               stop: Stop | None = None) -> list[int] | None:
        """Contact ids matching ``query``, best first; '' gives every id in name order.
        ``stop()`` is asked now and then: once it says yes, the work is dropped (None)."""
        q = fold(query)
        try:
            ranked, _typo = self._rank(q, list(dict.fromkeys(q.split())), stop)
        except Stopped:
            return None
        ids = self._ids
        if ranked is None:
            return ids[:limit].tolist() if limit is not None else ids.tolist()
        if limit is not None:
            ranked = ranked[:limit]
        return list(map(ids.__getitem__, ranked))

    def first(self, query: str, count: int) -> Ranked | None:
        """The first ``count`` ids of ``filter(query)`` when they come without a scan of
        every row: a query that narrows a small answer (ranked whole, typos too: complete),
        a broad word ranked before, or one word whose first ``count`` matches are in the
        names (the exact name, a first word, a later word, a prefix: ranges of the default
        order). None: it takes a scan; ``filter`` it in the background."""
        q = fold(query)
        words = list(dict.fromkeys(q.split()))
        ids = self._ids
        if not words:
            return Ranked(ids.tolist(), True)
        one = self._ones.get(q) if len(words) == 1 else None
        if one is not None:  # a broad word ranked before: its first page (the ids of all
            # of them, 100,000 at most, are for the background: 6 ms of mapping)
            ranked, _typo = self._rank(q, words)
            return Ranked(list(map(ids.__getitem__, ranked[:count])), len(ranked) <= count)
        last = self._last
        if last is not None and last[0] and q.startswith(last[0]) and len(last[1]) <= SMALL:
            ranked, _typo = self._rank(q, words)  # typos too: a few thousand rows at most
            return Ranked(list(map(ids.__getitem__, ranked)), True)
        if len(words) == 1:
            top = self._name_top(words[0], count)
            if top is None:
                top = self._tier_top(words[0], count)
            if top is not None:
                return Ranked(list(map(ids.__getitem__, top)), False)
        elif last is not None and last[0] and q.startswith(last[0]) and len(last[1]) <= WIDE:
            # more words on a wide answer ("operations" then "operations m"): narrowed in C,
            # and its first page taken from bounds on each row's points
            cands = self._substring_candidates(q, words)
            if FEW <= len(cands) <= PAGED:  # (fewer: typos; more: in the background)
                if len(cands) <= count:
                    return Ranked(list(map(ids.__getitem__, self._order(q, words, cands, {}))),
                                  True)
                return Ranked(list(map(ids.__getitem__, self._top_page(q, words, cands,
                                                                        count))), False)
        return None

    def _top_page(self, q: str, words: list[str], cands, count: int) -> list[int]:
        """The first ``count`` of ``_order(q, words, cands, {})`` without the points of
        every row: the points a word earns in the name, company or title are exact and
        cheap; a word found only deeper (place, email, skill, tag, URL, notes) earns between
        P_TEXT and P_PLACE_WORD. The ``count``-th best lower bound ``floor`` is beaten or
        met by ``count`` rows, so a row whose upper bound is below it cannot be on the
        page; the rest are scored exactly and ordered as ``_order`` does (points, then the
        default order)."""
        name, comp, title = self._name, self._company, self._title
        pre = [(w, " " + w) for w in words]
        multi = len(words) > 1
        rows = list(cands)
        # points so far and words found deeper, a row each: floats and ints in two lists,
        # no tuple a row (thousands of them would wake the garbage collector)
        sure: list[float] = []
        deep: list[int] = []
        for i in rows:
            n, c, t = name[i], comp[i], title[i]
            pts, d = 0.0, 0
            for w, sw in pre:
                p = _shallow_points(n, c, t, w, sw)
                if p == DEEPER:
                    d += 1
                else:
                    pts += p
            sure.append(pts + _bonus(n, q, multi))
            deep.append(d)
        # (less a hair: points summed in another order may differ in the last bit)
        floor = heapq.nlargest(count, map(lambda p, d: p + P_TEXT * d, sure, deep))[-1] - 1e-9
        points = self._points
        kept = [k for k in range(len(rows)) if sure[k] + P_PLACE_WORD * deep[k] >= floor]
        exact = {k: sure[k] if not deep[k] else points(rows[k], q, words, {}) for k in kept}
        kept.sort(key=lambda k: -exact[k])  # stable: the default order among equal points
        return [rows[k] for k in kept[:count]]

    def _tier_top(self, w: str, count: int) -> list[int] | None:
        """The first ``count`` positions of ``_order_one(w, every row holding w)`` when the
        rows holding ``w`` in the name, else in the name, company or title, are that many:
        those tiers come before every other in the ranking, so the page is theirs, ranked
        among their own hits only ("bu": the Butlers and Burkes, not the 24,000 rows of
        "business" to rank first). The names' rows come from the typo index's name tokens
        holding ``w`` (a word of a name holds it, or the name does not), the companies' and
        titles' from its phrases: no pass over every row's text, and no copy of a column.
        None until the typo index is built (the start's warm-up)."""
        typo = self._typo
        if typo is None:
            return None
        post = typo.name_post
        hits = sorted(self._positions(set().union(*map(post.__getitem__, compress(
            post, map(contains, post, repeat(w)))))))
        if len(hits) < count:
            more = self._org_rows(w).difference(hits)
            if len(hits) + len(more) < count:
                return None
            hits = sorted(more.union(hits))
        return self._order_one(w, hits)[:count]

    def _org_rows(self, w: str) -> set[int]:
        """Positions of the rows whose company or title holds ``w``, from the typo index's
        company and title phrases (a few thousand distinct values) and their people."""
        phrases, people = self._typo.org_phrases()
        return self._positions(set().union(*compress(people, map(contains, phrases,
                                                                 repeat(w)))))

    def _name_top(self, w: str, count: int) -> list[int] | None:
        """The first ``count`` positions of ``_order_one(w, every row holding w)`` when the
        name tiers that come first (exact, first word, whole later word, prefix) hold that
        many; None otherwise."""
        names = self._name
        lo = bisect_left(names, w)
        hi = _prefix_end(names, w, lo)
        exact = bisect_right(names, w, lo, hi)
        f_lo = bisect_left(names, w + " ", exact, hi)
        f_hi = bisect_left(names, w + "!", f_lo, hi)  # "!" follows " ": first word w
        later = self._later_words().get(w, ())
        if (hi - lo) + len(later) < count:
            return None
        whole = sorted({p for p in map(self.position, later) if not f_lo <= p < f_hi})
        top = list(islice(range(lo, f_hi if exact == f_lo else exact), count))
        if exact != f_lo:  # names between w and "w ": w then a character below " "
            top += range(f_lo, f_hi)
        top += whole
        if len(top) < count:
            taken = set(whole)
            starts = (p for part in (range(exact, f_lo), range(f_hi, hi)) for p in part
                      if p not in taken)
            top += islice(starts, count - len(top))
        return top[:count] if len(top) >= count else None

    def _rank(self, q: str, words: list[str], stop: Stop | None = None):
        """(positions best first, the typo matches used)."""
        if not words:
            return None, {}
        one = self._ones.get(q) if len(words) == 1 else None
        if one is not None:  # a broad word typed again ("s", "ma"): ranked already
            self._last = (q, one[0])
            return one[1], {}
        cands = self._substring_candidates(q, words, stop)
        typo: dict[str, Near] = {}
        if len(cands) < FEW:
            found = cands
            cands = self._with_typos(words, typo, found=found)
            if len(cands) < FEW and len(words) > 1:  # "isabela chung" (many Isabelas)
                wider: dict[str, Near] = {}
                more = self._with_typos(words, wider, every=True, found=found)
                if len(more) > len(cands):
                    cands, typo = more, wider
        if len(words) == 1 and not typo:
            ranked = self._order_one(words[0], cands, stop)
            if len(ranked) >= BROAD:
                if len(self._ones) >= ONES:
                    del self._ones[next(iter(self._ones))]
                self._ones[q] = (array("l", cands), array("l", ranked))
            return ranked, typo
        return self._order(q, words, cands, typo, stop), typo

    def _scan(self, w: str, stop: Stop | None = None):
        """Positions of every row containing ``w``: the hits of a cached word inside ``w``
        ("smit" for "smith") narrowed, else one pass over every row."""
        scans = self._scans
        hits = scans.get(w)
        if hits is not None:
            return hits
        base = None
        for u, h in scans.items():
            if u in w and (base is None or len(h) < len(base)):
                base = h
        if base is None:
            comb = self._comb
            hits = array("l")
            for lo in range(0, len(comb), CHUNK):
                _check(stop)
                hits.extend(compress(range(lo, lo + CHUNK),
                                     map(contains, comb[lo:lo + CHUNK], repeat(w))))
        else:
            hits = array("l", self._narrow(base, w, stop))
        self._keep_scan(w, hits)
        return hits

    def _keep_scan(self, w: str, hits) -> None:
        scans = self._scans
        if len(scans) >= SCANS:
            del scans[next(iter(scans))]
        scans[w] = hits

    def _narrow(self, cands, w: str, stop: Stop | None = None) -> list[int]:
        get = self._comb.__getitem__
        if stop is None or len(cands) <= CHUNK:
            return list(compress(cands, map(contains, map(get, cands), repeat(w))))
        out: list[int] = []
        for lo in range(0, len(cands), CHUNK):
            _check(stop)
            part = cands[lo:lo + CHUNK]
            out += compress(part, map(contains, map(get, part), repeat(w)))
        return out

    def _substring_candidates(self, q: str, words: list[str], stop: Stop | None = None):
        order = sorted(words, key=len, reverse=True)
        last = self._last
        if last is not None and last[0] == q:
            return last[1]  # this very query narrowed already (its first page, say)
        if last is not None and last[0] and q.startswith(last[0]):
            cands = last[1]
        else:
            cands = self._scan(order[0], stop)
            order = order[1:]
        for w in order:
            cands = self._narrow(cands, w, stop)
        self._last = (q, cands)
        if len(words) == 1 and q not in self._scans:  # the typo path may want them
            self._keep_scan(q, cands)
        return cands

    def _with_typos(self, words: list[str], typo: dict[str, Near],
                    every: bool = False, found=None) -> list[int]:
        """Each word as a substring or, with few hits (or ``every``), as a near token.
        ``found``: the rows holding every word as a substring, when known (then the
        answer is worked out from the near tokens' few rows, without a scan of every row,
        wherever which words look for typos is known without one)."""
        if found is not None:
            near_words = self._typo_words(words, every)
            if near_words is not None:
                return self._with_near(words, near_words, typo, found)
        cands = None
        for w in sorted(words, key=len, reverse=True):
            hits = self._scan(w) if cands is None else self._narrow(cands, w)
            if (every or len(hits) < FEW) and len(w) >= 4:
                near = self._typos().near(w)
                extra = self._positions(near)
                if cands is not None:
                    extra &= set(cands)
                if extra:
                    typo[w] = near
                    hits = sorted(extra.union(hits))
            cands = hits
            if not cands:
                return []
        return list(cands or [])

    def _typo_words(self, words: list[str], every: bool) -> list[str] | None:
        """The words ``_with_typos`` looks up as near tokens when that is known without a
        scan of every row: with ``every``, those of 4+ letters; else one word when fewer
        than FEW rows hold it (counted until FEW), or of two words, when FEW rows or more
        hold the longer, the other when it has 4+ letters (the rows holding both are
        fewer than FEW: that is why typos are looked for). None otherwise: three words or
        more, or a longer word with few rows (``_with_typos`` narrows word by word)."""
        order = sorted(words, key=len, reverse=True)
        if every:
            return [w for w in order if len(w) >= 4]
        if len(order) > 2:
            return None
        first = order[0]
        out = []
        if len(first) >= 4:
            hits = self._scans.get(first)
            if hits is None and any(u in first for u in self._scans):
                hits = self._scan(first)  # narrowed from a word inside it: no full scan
            if hits is None:
                # counted until FEW: a common word stops at once. A sparse one, whose FEW
                # hits took a quarter of the rows or more, is scanned to the end (no
                # dearer than what was done) and kept: the next keystroke narrows it
                # ("lennar", then "lennart") instead of counting again
                comb = self._comb
                found = compress(range(len(comb)), map(contains, comb, repeat(first)))
                some = array("l", islice(found, FEW))
                if len(some) == FEW and some[-1] >= len(comb) // 4:
                    some.extend(found)
                    self._keep_scan(first, some)
                elif len(some) < FEW:
                    self._keep_scan(first, some)
                hits = some
            if hits is not None and len(hits) < FEW:
                if len(order) > 1:
                    return None  # whether the other word has few hits depends on its typos
                out.append(first)
        return out + [w for w in order[1:] if len(w) >= 4]

    def _with_near(self, words: list[str], near_words: list[str], typo: dict[str, Near],
                   found) -> list[int]:
        """What ``_with_typos`` gives when ``near_words`` are looked up as near tokens and
        ``found`` holds every word as a substring: a row is in it when, for each word, it
        holds the word or one of the word's near tokens. Such a row is in ``found`` or
        among the near tokens' few rows, so only those are looked at."""
        comb = self._comb
        order = sorted(words, key=len, reverse=True)
        rows: dict[str, set[int]] = {}
        for w in near_words:
            near = self._typos().near(w)
            rows[w] = (near, self._positions(near))

        def holds(i: int, w: str) -> bool:
            return w in comb[i] or (w in rows and i in rows[w][1])

        out = set(found)
        extra = set().union(*(r for _n, r in rows.values())) - out
        out.update(i for i in extra if all(holds(i, w) for w in order))
        for k, w in enumerate(order):  # ``typo`` as _with_typos leaves it: the words
            if w not in rows:          # whose near rows met the rows of the words before
                continue
            before = order[:k]
            if any(all(holds(i, v) for v in before) for i in rows[w][1]):
                typo[w] = rows[w][0]
        return sorted(out)

    def _table(self, paced=iter) -> array:
        """Each id's position (-1: none), 4 bytes an id (a dict of them took 10 MB), made
        once until the next edit."""
        if self._at is None:
            ids = self._ids
            at = array("i", [-1]) * ((max(ids) + 1) if len(ids) else 0)
            for pos, cid in paced(enumerate(ids)):
                at[cid] = pos
            self._at = at
        return self._at

    def _positions(self, cids) -> set[int]:
        """The positions of these ids (those in the index): a typo's near tokens may be
        held by thousands of people ("milo": every Mila and Mile), so from a table of
        every id's position, made once until the next edit, rather than a binary search
        each."""
        if self._at is None and len(cids) <= FEW_IDS:
            cols, find = self._cols, self._find  # a binary search each: no table for a few
            return {find(cols.fname[cols.slot[c]], c) for c in cids if c in cols.slot}
        at = self._table()
        top = len(at)
        out = {at[c] for c in cids if c < top}
        out.discard(-1)
        return out

    def _order_one(self, w: str, cands, stop: Stop | None = None) -> list[int]:
        """One word, no typos: tiers by where it matched, name order inside each tier.
        In the name: the whole name, a whole first word, a whole later word ("costa" finds
        "Ana Costa" before "Costantino"), a prefix, a word start, anywhere."""
        name, comp, title = self._name, self._company, self._title
        sw, ws, sws = " " + w, w + " ", " " + w + " "
        exact, first, whole, start, word, sub, org_word, org_sub, rest = (
            [], [], [], [], [], [], [], [], [])
        for part in _chunks(cands, stop):
            names = list(map(name.__getitem__, part))
            for i, n, k in zip(part, names, map(str.find, names, repeat(w)), strict=True):
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
                    c, t = comp[i], title[i]
                    if c.startswith(w) or sw in c or t.startswith(w) or sw in t:
                        org_word.append(i)
                    elif w in c or w in t:
                        org_sub.append(i)
                    else:
                        rest.append(i)
        if not rest:
            return exact + first + whole + start + word + sub + org_word + org_sub
        place_word, place_sub, other, text = [], [], [], []
        parts = self._parts
        for part in _chunks(rest, stop):
            for i in part:
                extras, place, notes = parts(i)
                if w in place:
                    k = place.find(w)
                    (place_word if k == 0 or not place[k - 1].isalnum()
                     else place_sub).append(i)
                elif w in extras:
                    other.append(i)
                else:
                    text.append(i)
        return (exact + first + whole + start + word + sub + org_word + org_sub + place_word
                + place_sub + other + text)

    def _points(self, i: int, q: str, words: list[str],
                typo: dict[str, Near]) -> float:
        n, c, t = self._name[i], self._company[i], self._title[i]
        pts = 0.0
        for w in words:
            p = _shallow_points(n, c, t, w, " " + w)
            if p == DEEPER:
                if w in self._comb[i]:
                    extras, place, _text = self._parts(i)
                    if w in place:
                        k = place.find(w)
                        p = P_PLACE_WORD if k == 0 or not place[k - 1].isalnum() \
                            else P_PLACE_SUB
                    else:  # in an email, skill or tag, else in the URL or notes
                        p = P_OTHER if w in extras else P_TEXT
                else:
                    p = 0.0
            near = typo.get(w)
            if near is not None:
                p = max(p, near.get(self._ids[i], (0.0, 0.0))[0])
            pts += p
        return pts + _bonus(n, q, len(words) > 1)

    def _order(self, q: str, words: list[str], cands,
               typo: dict[str, Near], stop: Stop | None = None) -> list[int]:
        buckets: dict[float, list[int]] = defaultdict(list)
        points = self._points
        for part in _chunks(cands, stop):
            for i in part:
                buckets[points(i, q, words, typo)].append(i)
        out: list[int] = []
        for pts in sorted(buckets, reverse=True):
            out.extend(buckets[pts])
        return out


DEEPER = -1.0  # _shallow_points: the word is in none of the name, company and title


def _shallow_points(n: str, c: str, t: str, w: str, sw: str) -> float:
    """What word ``w`` (``sw``: with a space before it) earns in the folded name ``n``,
    company ``c`` or title ``t`` of a row: a name prefix (whole word: more), a later word
    of the name, inside the name, the company or title (at a word start: more); DEEPER
    when none of them holds it. The one home of these tiers' points (``_points``, and
    ``_top_page``'s bounds)."""
    if n.startswith(w):
        return P_NAME_START + (P_WHOLE if n.startswith(w + " ") or n == w else 0.0)
    if sw in n:
        return P_NAME_WORD + (P_WHOLE if f"{sw} " in n + " " else 0.0)
    if w in n:
        return P_NAME_SUB
    if w in c or w in t:
        word_start = c.startswith(w) or sw in c or t.startswith(w) or sw in t
        return P_ORG_WORD if word_start else P_ORG_SUB
    return DEEPER


def _bonus(n: str, q: str, multi: bool) -> float:
    """The whole query as the name, or (several words) inside it."""
    if n == q:
        return P_EXACT + (P_PHRASE if multi else 0.0)
    return P_PHRASE if multi and q in n else 0.0


def _check(stop: Stop | None) -> None:
    if stop is not None and stop():
        raise Stopped


def _chunks(seq, stop: Stop | None):
    """``seq`` whole when nobody may stop it, else in slices with a look at ``stop``
    before each."""
    if stop is None or len(seq) <= CHUNK:
        _check(stop)
        yield seq
        return
    for lo in range(0, len(seq), CHUNK):
        _check(stop)
        yield seq[lo:lo + CHUNK]


def _prefix_end(names: list[str], w: str, lo: int) -> int:
    """The end of the sorted ``names`` that start with ``w`` (they start at ``lo``)."""
    last = ord(w[-1])
    if last < 0x10FFFF:
        return bisect_left(names, w[:-1] + chr(last + 1), lo)
    hi = lo
    while hi < len(names) and names[hi].startswith(w):
        hi += 1
    return hi
