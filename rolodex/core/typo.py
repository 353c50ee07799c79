"""The typo fallback of the contact index: near tokens through an inverted index.

A word with too few substring hits ("jnae", "kubernets") is compared with rapidfuzz (OSA
distance, so swapping two letters is one edit) against the *vocabulary*: the distinct
tokens of names, companies, titles, skills and tags (tens of thousands of strings, not
every contact). Near tokens map back to contacts through postings:

* name tokens -> contact ids (names are nearly unique, so per token);
* company, title, skill and tag *phrases* -> contact ids, and tokens -> phrases (these
  repeat a lot, so building them costs one append per phrase per contact).

Emails are left out (their tokens are noise). Built lazily on the first typo'd query.
"""

from __future__ import annotations

import re
from collections import defaultdict

_WORD = re.compile(r"[^\W\d_]{3,}")
FIELD_POINTS = {"name": 3.5, "company": 2.0, "title": 2.0, "other": 1.5}
LIMIT = 25


def tokens(text: str) -> list[str]:
    return _WORD.findall(text)


def max_edits(word: str) -> int:
    return 1 if len(word) <= 6 else 2


class TypoIndex:
    def __init__(self) -> None:
        self.name_post: dict[str, set[int]] = defaultdict(set)
        self.phrase_post: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.tok_phrases: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._vocab: list[str] | None = None

    @classmethod
    def build(cls, fields: dict) -> TypoIndex:
        """``fields``: id -> (name, company, title, extras) folded, as ContactIndex keeps."""
        idx = cls()
        name_post, phrase_post = idx.name_post, idx.phrase_post
        for cid, (name, company, title, extras) in fields.items():
            for tok in name.split():
                name_post[tok].add(cid)
            if company:
                phrase_post[("company", company)].add(cid)
            if title:
                phrase_post[("title", title)].add(cid)
            for x in extras:
                if "@" not in x:
                    phrase_post[("other", x)].add(cid)
        for tok in [t for t in name_post if not _WORD.fullmatch(t)]:
            for part in tokens(tok):  # "doe-smith" -> doe, smith; "o'brien" -> brien
                name_post[part] |= name_post[tok]
        for key in phrase_post:
            for tok in tokens(key[1]):
                idx.tok_phrases[tok].add(key)
        return idx

    def add(self, cid: int, f: tuple) -> None:
        name, company, title, extras = f
        for tok in set(name.split()) | set(tokens(name)):
            self.name_post[tok].add(cid)
        for key in self._phrases(company, title, extras):
            self.phrase_post[key].add(cid)
            for tok in tokens(key[1]):
                self.tok_phrases[tok].add(key)
        self._vocab = None

    def discard(self, cid: int, f: tuple) -> None:
        name, company, title, extras = f
        for tok in set(name.split()) | set(tokens(name)):
            s = self.name_post.get(tok)
            if s is not None:
                s.discard(cid)
                if not s:
                    del self.name_post[tok]
        for key in self._phrases(company, title, extras):
            s = self.phrase_post.get(key)
            if s is not None:
                s.discard(cid)
                if not s:
                    del self.phrase_post[key]
                    for tok in tokens(key[1]):
                        ps = self.tok_phrases.get(tok)
                        if ps is not None:
                            ps.discard(key)
                            if not ps:
                                del self.tok_phrases[tok]
        self._vocab = None

    @staticmethod
    def _phrases(company: str, title: str, extras) -> list[tuple[str, str]]:
        out = [("company", company)] if company else []
        if title:
            out.append(("title", title))
        out.extend(("other", x) for x in extras if "@" not in x)
        return out

    def vocab(self) -> list[str]:
        if self._vocab is None:
            self._vocab = list(set(self.name_post) | set(self.tok_phrases))
        return self._vocab

    def near(self, word: str) -> dict[int, tuple[float, float]]:
        """id -> (points, similarity 0-1) for contacts with a token a few edits away from
        ``word``; points weigh the similarity by the field the token is in."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        hits = process.extract(word, self.vocab(), scorer=OSA.distance,
                               score_cutoff=max_edits(word), limit=LIMIT)
        out: dict[int, tuple[float, float]] = {}
        for tok, dist, _ in hits:
            if dist == 0 or word.startswith(tok) or tok.startswith(word):
                continue  # not a typo: typed past it, or a substring hit already
            sim = 1.0 - dist / max(len(word), len(tok))
            groups = [("name", self.name_post.get(tok, ()))]
            groups += [(field, self.phrase_post[(field, p)])
                       for field, p in self.tok_phrases.get(tok, ())]
            for field, cids in groups:
                pts = FIELD_POINTS[field] * sim
                for cid in cids:
                    have = out.get(cid)
                    if have is None or pts > have[0]:
                        out[cid] = (pts, sim)
        return out
