"""Fuzzy word matching, the one home: which words of a vocabulary a typed word may mean.

One scorer (rapidfuzz's OSA distance: swapping two letters is one edit) and one rule,
used by the contact filter's typo index, ``rolodex search``, ``mutt-query``, the who-can
vocabulary and ``resolve`` (a typed contact name):

* words of 1-3 letters match only themselves; 4-7 letters allow one edit, longer two
  ('cooking' is not 'coding');
* a near word must begin with the same letter unless it is 90% alike ('cooking' is not
  'booking'; 'kubernets' is 'kubernetes');
* similarity is ``1 - edits / longer length`` (0-1; the word itself is 1.0);
* with ``prefixes`` (a sorted word list), a word being typed also means the words up to
  twice as long that it begins ('kuber' -> 'kubernetes', CJK '機械' -> '機械学習'; 'java'
  is not 'javascript'), at 0.8 + 0.2 x its share of the longer word.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence

_WORD = re.compile(r"[^\W\d_]{3,}")
_EDGE = ",;:()[]{}\"'!?"  # stripped from both ends of a word: 'berlin,' is 'berlin'


def tokens(text: str) -> list[str]:
    """The letter runs of 3+ letters in ``text`` ('doe-smith' -> doe, smith)."""
    return _WORD.findall(text)


def words(folded: str) -> list[str]:
    """The words of a folded text, punctuation at their ends dropped ('berlin, germany' ->
    berlin, germany); 'c++', '.net' and 'node.js' stay whole."""
    out = []
    for w in folded.split():
        w = w.strip(_EDGE)
        if w:
            out.append(w)
    return out


def max_edits(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) <= 7 else 2


def similarity(word: str, other: str, edits: int) -> float:
    return 1.0 - edits / max(len(word), len(other), 1)


def near(word: str, choices: Collection[str], *, limit: int | None = None,
         prefixes: Sequence[str] | None = None) -> dict[str, float]:
    """Word of ``choices`` -> similarity 0-1 for those ``word`` may mean (the rule above),
    at most ``limit`` of the nearest; ``prefixes``: the same words sorted, for the words
    ``word`` begins."""
    out: dict[str, float] = {}
    edits = max_edits(word)
    if edits == 0:
        if prefixes is not None:  # sorted: a binary search, not a scan of a list
            i = bisect_left(prefixes, word)
            if i < len(prefixes) and prefixes[i] == word:
                out[word] = 1.0
        elif word in choices:
            out[word] = 1.0
    else:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        for w, d, _ in process.extract(word, choices, scorer=OSA.distance,
                                       score_cutoff=edits, limit=limit):
            s = similarity(word, w, d)
            if s >= 0.9 or w[:1] == word[:1]:
                out[w] = s
    if prefixes is not None and (len(word) >= 3 or (len(word) >= 2 and not word.isascii())):
        i = bisect_left(prefixes, word)
        while i < len(prefixes) and prefixes[i].startswith(word):
            w = prefixes[i]
            if len(word) < len(w) <= 2 * len(word):
                out[w] = max(out.get(w, 0.0), 0.8 + 0.2 * len(word) / len(w))
            i += 1
    return out


def near_each(query_words: Iterable[str], choices: Collection[str], *,
              limit: int | None = None) -> list[list[str]]:
    """Each query word with the words of ``choices`` it may mean (itself first): the
    alternatives a search tries for every word."""
    out = []
    for w in query_words:
        got = near(w, choices, limit=limit) if max_edits(w) else {}
        out.append([w, *(t for t in sorted(got, key=lambda t: (-got[t], t)) if t != w)])
    return out


def rank_texts(query_words: list[str], texts: dict, cutoff: float = 0.72
               ) -> list[tuple[object, float]]:
    """(key, score 0-1) of the folded ``texts`` (key -> text) the query words name, best
    first, at least ``cutoff``: each word scores 1.0 inside the text, else its similarity
    to the nearest word of the text (the rule above, prefixes included); a text scores the
    mean over the words. The vocabulary is the texts' words, compared once per query word."""
    if not query_words:
        return []
    vocab = sorted({w for t in texts.values() for w in t.split()})
    nears = [near(q, vocab, prefixes=vocab) for q in query_words]
    out = []
    for key, text in texts.items():
        toks = text.split()
        total = 0.0
        for q, got in zip(query_words, nears, strict=True):
            if q in text:
                total += 1.0
            else:
                total += max((got.get(t, 0.0) for t in toks), default=0.0)
        score = total / len(query_words)
        if score >= cutoff:
            out.append((key, score))
    out.sort(key=lambda x: -x[1])
    return out
