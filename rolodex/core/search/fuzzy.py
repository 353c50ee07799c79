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

A vocabulary of at most ``SMALL`` words (a one-shot search's few candidates, a typed name's
few namesakes), or of at most ``COLD`` while rapidfuzz is not imported yet (a one-shot
search's vocabulary once ``narrow`` has kept the words of a possible length and first
letter), is compared in Python (``extract_small``: the same distances and order as
rapidfuzz's extract), since importing rapidfuzz costs a command line more (~30 ms) than
comparing them.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence

SMALL = 300  # at most this many choices: compared in Python
COLD = 2000  # ... or this many while rapidfuzz is not imported yet (~12 us a choice here)
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


def same_start(word: str) -> bool:
    """Whether every word that ``word`` may mean begins with its first letter: none other
    can be 90% alike. A word with another first letter is at least one edit away, and k
    letters longer at least k: the nearest such is one letter longer, one edit away, so
    words of up to 8 letters."""
    return max_edits(word) == 0 or similarity(word, word + "?", 1) < 0.9


def narrow(query_words: Iterable[str], choices: Iterable[str]) -> list[str]:
    """The choices that may be near one of the query words (without the prefixes): a
    length within the edits allowed, and the first letter when ``same_start``; a quick
    necessary condition, for narrowing a big vocabulary before it is compared."""
    keys = {(w[:1] if same_start(w) else "", len(w) - max_edits(w), len(w) + max_edits(w))
            for w in query_words}
    if len(keys) == 1:  # the common case, without a generator per choice (7x faster)
        ((first, lo, hi),) = keys
        return [c for c in choices if lo <= len(c) <= hi and c.startswith(first)]
    return [c for c in choices
            if any(lo <= len(c) <= hi and c.startswith(first) for first, lo, hi in keys)]


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
        if len(choices) <= SMALL or (len(choices) <= COLD and "rapidfuzz" not in sys.modules):
            found = extract_small(word, choices, edits, limit)
        else:
            from rapidfuzz import process
            from rapidfuzz.distance import OSA

            found = [(w, d) for w, d, _ in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=edits, limit=limit)]
        for w, d in found:
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


def extract_small(word: str, choices: Iterable[str], cutoff: int, limit: int | None = None
                  ) -> list[tuple[str, int]]:
    """(choice, OSA distance) of the choices at most ``cutoff`` edits from ``word``, nearest
    first, ties in the choices' order, at most ``limit``: rapidfuzz's ``process.extract``
    with ``OSA.distance``, in Python, for a few choices."""
    found = []
    for i, w in enumerate(choices):
        d = osa_distance(word, w, cutoff)
        if d <= cutoff:
            found.append((d, i, w))
    found.sort()
    return [(w, d) for d, _i, w in found[:limit]]


def osa_distance(a: str, b: str, cutoff: int) -> int:
    """The optimal string alignment distance of ``a`` and ``b`` (insertions, deletions,
    substitutions and swaps of two neighbours, each one edit), or ``cutoff + 1`` when it
    is more than ``cutoff``."""
    if a == b:
        return 0
    la, lb = len(a), len(b)
    if abs(la - lb) > cutoff:
        return cutoff + 1
    before: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        ai = a[i - 1]
        cur = [i] + [0] * lb
        for j in range(1, lb + 1):
            bj = b[j - 1]
            v = prev[j - 1] + (ai != bj)
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == bj and before[j - 2] + 1 < v:
                v = before[j - 2] + 1
            cur[j] = v
        if min(cur) > cutoff and min(prev) > cutoff:  # every later row is further still
            return cutoff + 1
        before, prev = prev, cur
    return prev[lb] if prev[lb] <= cutoff else cutoff + 1


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
