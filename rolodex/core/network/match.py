"""A query's matches: the parts the query names, the score of every matching person, and
for the few shown how each part matched ("Kubernetes (skill, exact) · Berlin, Germany
(lives there)", "kubernets → Kubernetes (skill, 90%)", "lacks London")."""

from __future__ import annotations

from dataclasses import dataclass, field

LIMIT = 20  # people in one who-can answer (`rolodex who`, the who-can pane: it pages on)

# how a field is said in a reason, and in "no one within 3 ties is a CFO in London"
SAID = {"skill": "skill", "tag": "tag", "title": "title", "company": "works there",
        "location": "lives there"}


@dataclass(frozen=True)
class Part:
    """One thing the query asks for: one or more consecutive query words that one
    vocabulary entry holds together ('python developer', 'new york')."""

    words: tuple[str, ...]  # folded query words
    shown: str  # as the vocabulary writes it: 'Python Developer', 'London'
    field: str  # what it mostly is: skill, tag, title, company or location


@dataclass
class PartMatch:
    """How one person matches one part."""

    part: Part
    value: float  # 0-1, field-weighted (what ranks)
    quality: float  # 0-1, how well the words matched (what the reason says)
    labels: list[str] = field(default_factory=list)  # the entries that matched it
    fields: list[str] = field(default_factory=list)
    read_as: str = ""  # 'kubernets' when the query word was read as another
    lacks: tuple[str, ...] = ()  # the part's words this person has nothing for
    endorsements: int = 0

    @property
    def full(self) -> bool:
        return bool(self.labels) and not self.lacks

    def words(self) -> str:
        """'Kubernetes (skill, exact)'; 'kubernets → Kubernetes (skill, 90%)'; 'Berlin,
        Germany (lives there)'; 'lacks London'."""
        if not self.labels:
            return f"lacks {self.part.shown}"
        said = []
        for label, fld in zip(self.labels, self.fields, strict=True):
            extra = []
            if fld in ("skill", "tag", "title"):
                extra.append("exact" if self.quality >= 0.9995 else f"{self.quality:.0%}")
            if fld == "skill" and self.endorsements:
                n = self.endorsements
                extra.append(f"endorsed {n} time{'s' if n != 1 else ''}")
            said.append(f"{label} ({', '.join([SAID[fld], *extra])})")
        text = " + ".join(said)
        if self.read_as:
            text = f"{self.read_as} → {text}"
        if self.lacks:
            text += f", lacks {' '.join(self.lacks)}"
        return text


@dataclass
class Match:
    """How one person matches a query."""

    score: float  # 0-1: the mean value of the parts (what ranks)
    labels: list[str]  # the vocabulary entries that matched, best first
    fields: list[str]
    endorsements: int = 0  # endorsements of the matched skill(s)
    parts: list[PartMatch] = field(default_factory=list)

    @property
    def full(self) -> bool:
        """Every part of the query matched."""
        return all(p.full for p in self.parts)

    @property
    def lacks(self) -> list[str]:
        return [p.part.shown for p in self.parts if not p.full]

    def reason(self) -> str:
        """Every part and how it matched, ' · ' between."""
        return " · ".join(p.words() for p in self.parts)


def lacking_line(parts: list[Part], hops: int) -> str:
    """'no one within 3 ties is a CFO in London' (the parts as a sentence)."""
    where = [p.shown for p in parts if p.field == "location"]
    said = []
    for p in parts:
        if p.field == "title":
            said.append(f"is {'an' if p.shown[:1].lower() in 'aeiou' else 'a'} {p.shown}")
        elif p.field == "skill":
            said.append(f"knows {p.shown}")
        elif p.field == "tag":
            said.append(f"is tagged {p.shown}")
        elif p.field == "company":
            said.append(f"works at {p.shown}")
    text = " and ".join(said) if said else "lives"
    if where:
        text += " in " + " and ".join(where)
    return f"no one within {hops} tie{'s' if hops != 1 else ''} {text}"


class Matches:
    """Every matching person's score, the parts, and details on demand.

    ``scores``: id -> 0-1; ``hits``: id -> how many parts they match whole (None: every
    person matches every part, as for a one-word query)."""

    def __init__(self, vocab, scores: dict[int, float], per: tuple, parts: list[Part],
                 spans: list[list[int]], sims: list[dict[str, float]], words: list[str],
                 hits: dict[int, int] | None = None, unknown: tuple[str, ...] = ()):
        self.vocab, self.scores, self._per = vocab, scores, per
        self.parts, self._spans, self._sims, self._words = parts, spans, sims, words
        self.hits, self.unknown = hits, unknown
        self._held: dict[int, set[int]] = {}  # first word of a part -> entries holding it

    def __len__(self) -> int:
        return len(self.scores)

    def __contains__(self, cid) -> bool:
        return cid in self.scores

    def __getitem__(self, cid: int) -> Match:
        return self.detail(cid)

    def hit(self, cid: int) -> int:
        """How many parts ``cid`` matches whole."""
        return len(self.parts) if self.hits is None else self.hits.get(cid, 0)

    def groups(self):
        """The scores split by parts matched whole, most first (full matches first), each
        made only when asked for: who_can stops once the first groups fill its limit."""
        if self.hits is None:
            if self.scores:
                yield self.scores
            return
        hits, scores = self.hits, self.scores
        for k in range(len(self.parts), 0, -1):
            group = {cid: scores[cid] for cid, h in hits.items() if h == k}
            if group:
                yield group
        rest = {cid: s for cid, s in scores.items() if cid not in hits}
        if rest:
            yield rest

    def detail(self, cid: int) -> Match:
        best, src = self._per
        entries = self.vocab.entries
        parts = []
        for part, span in zip(self.parts, self._spans, strict=True):
            got = [j for j in span if cid in best[j]]
            idxs = list(dict.fromkeys(src[j][cid] for j in sorted(got, key=lambda j: (
                -best[j][cid], j))))
            es = [entries[i] for i in idxs]
            quality, read = 0.0, []
            for j in got:
                e = entries[src[j][cid]]
                w, s = max(((w, self._sims[j].get(w, 0.0)) for w in e.words),
                           key=lambda x: x[1])
                quality += s
                if w != self._words[j]:
                    read.append(self._words[j])
            covered = {w for e in es for w in e.words
                       if any(w in self._sims[j] for j in got)}
            n_words = len({w for e in es for w in e.words}) or 1
            if covered and len(covered) < n_words:  # 'python' of 'python developer'
                quality *= 0.85 + 0.15 * len(covered) / n_words
            value = sum(best[j][cid] for j in got) / len(span)
            lacks = tuple(self._words[j] for j in span if j not in got) if got else ()
            if got and not lacks and len(span) > 1:
                held = self._held.get(span[0])
                if held is None:  # once per part, not once per person shown
                    held = self._held[span[0]] = self.vocab.entries_holding(
                        [self._sims[j] for j in span])
                if not any(entries[i].has(cid) for i in held):
                    lacks = (f"{part.shown} (as one)",)  # 'New Look' + 'York': not New York
            ends = sum(self.vocab.endorsements(cid, e.key) for e in es if e.field == "skill")
            parts.append(PartMatch(part, value, min(quality / max(len(got), 1), 1.0),
                                   [e.label for e in es], [e.field for e in es],
                                   " ".join(read), lacks, ends))
        order = sorted((p for p in parts if p.labels), key=lambda p: -p.value)
        labels = list(dict.fromkeys(lab for p in order for lab in p.labels))
        fields = []
        for lab in labels:
            fields.append(next(f for p in order for la, f in zip(p.labels, p.fields,
                                                                 strict=True) if la == lab))
        ends = sum(p.endorsements for p in parts)
        return Match(self.scores[cid], labels, fields, ends, parts)
