"""The typo fallback of the contact index: near tokens through an inverted index.

A word with too few substring hits ("jnae", "kubernets") is compared by the one fuzzy rule
(core/search/fuzzy.py: OSA distance, so swapping two letters is one edit) against the
*vocabulary*: the distinct
tokens of names, companies, titles, skills and tags (tens of thousands of strings, not
every contact). Near tokens map back to contacts through postings:

* name tokens -> contact ids (names are nearly unique, so per token);
* company, title, skill and tag *phrases* -> contact ids, and tokens -> phrases (these
  repeat a lot, so building them costs one append per phrase per contact).

Postings are ``array('q')`` (8 bytes an id, not a set entry). The vocabulary is the keys
of the two token maps, so ``add``/``discard`` keep it current: an edit never makes the
next typo rebuild it. Emails are left out (their tokens are noise).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from rolodex.core.search.fuzzy import near, same_start, tokens

FIELD_POINTS = {"name": 3.5, "company": 2.0, "title": 2.0, "other": 1.5}
LIMIT = 25
KEEP = 64  # words whose near contacts are kept until the next edit (typing repeats them)


def _post(d: dict, key, cid: int) -> None:
    a = d.get(key)
    if a is None:
        d[key] = array("q", (cid,))
    else:
        a.append(cid)


def _unpost(d: dict, key, cid: int) -> bool:
    """Drop ``cid`` from the postings of ``key``; True when none are left."""
    a = d.get(key)
    if a is None:
        return False
    try:
        a.remove(cid)
    except ValueError:
        return False
    if not a:
        del d[key]
        return True
    return False


def _by_first(keys) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k in keys:
        got = out.get(k[:1])
        if got is None:
            out[k[:1]] = [k]
        else:
            got.append(k)
    return out


class TypoIndex:
    def __init__(self) -> None:
        self.name_post: dict[str, array] = {}
        self.phrase_post: dict[tuple[str, str], array] = {}
        self.tok_phrases: dict[str, set[tuple[str, str]]] = {}
        self._near: dict[str, dict[int, tuple[float, float]]] = {}
        self._first: tuple[dict[str, list[str]], ...] | None = None  # tokens by first letter
        self._org: tuple[list[str], list[array]] | None = None  # see org_phrases

    @classmethod
    def build(cls, fields: Iterable[tuple[int, tuple]]) -> TypoIndex:
        """``fields``: (id, (name, company, title, extras)) folded, for every contact. The
        same postings as ``add`` for each, with fewer steps (appends straight to arrays:
        lists of ints would fragment the heap)."""
        idx = cls()
        names, posts = idx.name_post, idx.phrase_post
        for cid, (name, company, title, extras) in fields:
            toks = name.split()
            for tok in toks if len(toks) < 2 or len(set(toks)) == len(toks) else set(toks):
                _post(names, tok, cid)
            if company:
                _post(posts, ("company", company), cid)
            if title:
                _post(posts, ("title", title), cid)
            for x in extras if len(extras) < 2 else set(extras):
                if x and "@" not in x:
                    _post(posts, ("other", x), cid)
        for tok in [t for t in names if tokens(t) != [t]]:
            for part in tokens(tok):  # "doe-smith" -> doe, smith; "o'brien" -> brien
                have = names.get(part)
                if have is None:
                    names[part] = array("q", names[tok])
                else:
                    have.extend(c for c in names[tok] if c not in have)
        for key in posts:
            for tok in tokens(key[1]):
                idx.tok_phrases.setdefault(tok, set()).add(key)
        return idx

    @staticmethod
    def _name_tokens(name: str) -> set[str]:
        # "doe-smith" -> doe-smith, doe, smith; "o'brien" -> o'brien, brien
        return set(name.split()).union(tokens(name))

    @staticmethod
    def _phrases(company: str, title: str, extras) -> set[tuple[str, str]]:
        out = {("other", x) for x in extras if x and "@" not in x}
        if company:
            out.add(("company", company))
        if title:
            out.add(("title", title))
        return out

    def add(self, cid: int, f: tuple) -> None:
        self._near, self._first, self._org = {}, None, None
        name, company, title, extras = f
        for tok in self._name_tokens(name):
            _post(self.name_post, tok, cid)
        for key in self._phrases(company, title, extras):
            if key not in self.phrase_post:
                for tok in tokens(key[1]):
                    self.tok_phrases.setdefault(tok, set()).add(key)
            _post(self.phrase_post, key, cid)

    def discard(self, cid: int, f: tuple) -> None:
        self._near, self._first, self._org = {}, None, None
        name, company, title, extras = f
        for tok in self._name_tokens(name):
            _unpost(self.name_post, tok, cid)
        for key in self._phrases(company, title, extras):
            if _unpost(self.phrase_post, key, cid):
                for tok in tokens(key[1]):
                    ps = self.tok_phrases.get(tok)
                    if ps is not None:
                        ps.discard(key)
                        if not ps:
                            del self.tok_phrases[tok]

    def _choices(self, word: str) -> tuple:
        """The name tokens and phrase tokens ``word`` may mean: those with its first
        letter when every near word must have it (fuzzy.same_start: a word of up to 8
        letters), which is a twentieth of the vocabulary to compare; else all of them."""
        if not same_start(word):
            return self.name_post.keys(), self.tok_phrases.keys()
        if self._first is None:
            self._first = tuple(_by_first(keys) for keys in (self.name_post,
                                                              self.tok_phrases))
        return tuple(by.get(word[:1], ()) for by in self._first)

    def org_phrases(self) -> tuple[list[str], list[array]]:
        """The company and title phrases and their people, side by side (for a C-level
        look for the phrases holding a word); made once until the next edit."""
        if self._org is None:
            keys = [k for k in self.phrase_post if k[0] != "other"]
            self._org = ([k[1] for k in keys], [self.phrase_post[k] for k in keys])
        return self._org

    def vocab(self) -> list[str]:
        """The distinct tokens (name tokens, then phrase tokens not in a name)."""
        return list(self.name_post) + [t for t in self.tok_phrases if t not in self.name_post]

    def near(self, word: str) -> dict[int, tuple[float, float]]:
        """id -> (points, similarity 0-1) for contacts with a token a few edits away from
        ``word``; points weigh the similarity by the field the token is in. The answer is
        kept until the next edit (read it, never change it): typing "bernard chat…" asks
        for "bernard" at every keystroke."""
        kept = self._near.get(word)
        if kept is not None:
            return kept
        found: dict[str, float] = {}
        for keys in self._choices(word):
            found.update(near(word, keys, limit=LIMIT))
        out: dict[int, tuple[float, float]] = {}
        for tok, sim in sorted(found.items(), key=lambda kv: -kv[1])[:LIMIT]:
            if tok == word or word.startswith(tok) or tok.startswith(word):
                continue  # not a typo: typed past it, or a substring hit already
            groups = [("name", self.name_post.get(tok, ()))]
            groups += [(field, self.phrase_post[(field, p)])
                       for field, p in self.tok_phrases.get(tok, ())]
            for field, cids in groups:
                pts = FIELD_POINTS[field] * sim
                for cid in cids:
                    have = out.get(cid)
                    if have is None or pts > have[0]:
                        out[cid] = (pts, sim)
        if len(self._near) >= KEEP:
            del self._near[next(iter(self._near))]
        self._near[word] = out
        return out
