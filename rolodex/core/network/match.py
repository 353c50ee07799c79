"""A query's matches: the score of every matching person, details for the few shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Match:
    """How one person matches a query."""

    score: float  # 0-1
    labels: list[str]  # the vocabulary entries that matched, best first
    fields: list[str]
    endorsements: int = 0  # endorsements of the matched skill(s)


class Matches:
    def __init__(self, vocab, scores: dict[int, float], per: dict, n: int):
        self.vocab, self.scores, self._per, self._n = vocab, scores, per, n

    def __len__(self) -> int:
        return len(self.scores)

    def __contains__(self, cid) -> bool:
        return cid in self.scores

    def __getitem__(self, cid: int) -> Match:
        return self.detail(cid)

    def detail(self, cid: int) -> Match:
        best, src = self._per
        vals = [b.get(cid, 0.0) for b in best]
        src = [s.get(cid, -1) for s in src]
        order = sorted(range(len(vals)), key=lambda j: -vals[j])
        idxs = list(dict.fromkeys(src[j] for j in order if src[j] >= 0))
        entries = [self.vocab.entries[i] for i in idxs]
        ends = sum(self.vocab.endorsements(cid, e.key) for e in entries if e.field == "skill")
        return Match(self.scores[cid], [e.label for e in entries], [e.field for e in entries],
                     ends)
