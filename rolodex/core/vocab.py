"""The "who can X" vocabulary: distinct skills, tags, titles, companies and locations,
each mapped to the people who have it (an inverted index), and the fuzzy matcher.

A query is matched word by word against the few thousand distinct *words* of the
vocabulary with rapidfuzz (typos: 'kubernets' ~ 'kubernetes'; prefixes while typing:
'kuber'), then each entry containing a matched word is scored by how much of it the query
covers. A person's match is the mean, over the query words that matched anything, of the
best field-weighted entry covering that word: skill 1.0, tag 0.8, title 0.7, company 0.5,
location 0.5. An un-endorsed skill counts 0.9 of its weight; each endorsement halves the
rest (1: 0.95, 2: 0.975...). Query words that match nothing in the vocabulary are left
out of the mean; a query none of whose words match finds nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from .models import ContactSkill, ContactTag, Endorsement, Skill, Tag
from .text import fold

FIELD_WEIGHT = {"skill": 1.0, "tag": 0.8, "title": 0.7, "company": 0.5, "location": 0.5}
FIELD_ORDER = ("skill", "tag", "title", "company", "location")
MAX_QUERY_WORDS = 8


def word_cutoff(word: str) -> float:
    """Similarity (0-100) a vocabulary word needs: exact for words of 1-3 letters.
    A word being typed also matches words up to twice as long that it begins ('kuber',
    CJK '機械'), not more ('java' is not 'javascript')."""
    return 100.0 if len(word) <= 3 else 80.0


def endorsement_factor(count: int) -> float:
    return 0.9 + 0.1 * (1.0 - 0.5 ** max(count, 0))


@dataclass
class Entry:
    field: str
    key: str
    label: str
    words: tuple[str, ...]
    ids: set[int] = field(default_factory=set)


@dataclass
class Match:
    """How one person matches a query."""

    score: float  # 0-1
    labels: list[str]  # the vocabulary entries that matched, best first
    fields: list[str]
    endorsements: int = 0  # endorsements of the matched skill(s)


class Vocab:
    """Inverted index entry -> people. Not thread-safe by itself: Network locks around it."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self._words: dict[str, list[int]] = {}
        self._word_list: list[str] | None = None
        self.of_contact: dict[int, tuple[int, ...]] = {}
        self.endorsed: dict[int, dict[str, int]] = {}  # contact -> skill key -> count

    # -- building -------------------------------------------------------------------------
    def _entry(self, fld: str, value: str) -> int | None:
        key = fold(value)
        if not key:
            return None
        idx = self._by_key.get((fld, key))
        if idx is None:
            idx = len(self.entries)
            words = tuple(dict.fromkeys(key.split()))
            self.entries.append(Entry(fld, key, value.strip(), words))
            self._by_key[(fld, key)] = idx
            for w in words:
                if w not in self._words:
                    self._word_list = None
                self._words.setdefault(w, []).append(idx)
        return idx

    def set_contact(self, cid: int, fields: dict[str, list[str]]) -> None:
        """(Re)place what one contact has: {'skill': [...], 'title': [...], ...}."""
        self.drop_contact(cid)
        idxs = []
        for fld, values in fields.items():
            for v in values:
                idx = self._entry(fld, v) if v else None
                if idx is not None and idx not in idxs:
                    self.entries[idx].ids.add(cid)
                    idxs.append(idx)
        if idxs:
            self.of_contact[cid] = tuple(idxs)

    def load_all(self, s, rows) -> None:
        """rows: (id, company, title, location) of every live contact."""
        fields = {cid: {"skill": [], "tag": [], "title": [title], "company": [company],
                        "location": [loc]} for cid, company, title, loc in rows}
        for fld, model, link, col in (("skill", Skill, ContactSkill, ContactSkill.skill_id),
                                      ("tag", Tag, ContactTag, ContactTag.tag_id)):
            for cid, name in s.execute(select(link.contact_id, model.name)
                                       .join(model, model.id == col)):
                if cid in fields:
                    fields[cid][fld].append(name)
        for cid, f in fields.items():
            self.set_contact(cid, f)
        for cid, key, n in s.execute(_endorse_q()):
            if cid in fields:
                self.endorsed.setdefault(cid, {})[key] = n

    def load_one(self, s, cid: int, company: str, title: str, location: str) -> None:
        skills = list(s.scalars(select(Skill.name).join(
            ContactSkill, ContactSkill.skill_id == Skill.id).where(
            ContactSkill.contact_id == cid)))
        tags = list(s.scalars(select(Tag.name).join(
            ContactTag, ContactTag.tag_id == Tag.id).where(ContactTag.contact_id == cid)))
        self.set_contact(cid, {"skill": skills, "tag": tags, "title": [title],
                               "company": [company], "location": [location]})
        self.set_endorsements(cid, {key: n for _, key, n in s.execute(_endorse_q(cid))})

    def drop_contact(self, cid: int) -> None:
        for idx in self.of_contact.pop(cid, ()):
            self.entries[idx].ids.discard(cid)

    def set_endorsements(self, cid: int, counts: dict[str, int]) -> None:
        """counts: skill key -> number of endorsements of this contact."""
        counts = {k: n for k, n in counts.items() if n}
        if counts:
            self.endorsed[cid] = counts
        else:
            self.endorsed.pop(cid, None)

    def endorsements(self, cid: int, skill_key: str) -> int:
        got = self.endorsed.get(cid)
        return got.get(skill_key, 0) if got else 0

    def company_of(self, cid: int) -> str | None:
        for idx in self.of_contact.get(cid, ()):
            if self.entries[idx].field == "company":
                return self.entries[idx].key
        return None

    def company_members(self, company_key: str) -> set[int]:
        idx = self._by_key.get(("company", company_key))
        return self.entries[idx].ids if idx is not None else set()

    def companies(self):
        for e in self.entries:
            if e.field == "company":
                yield e.key, e.ids

    # -- matching -------------------------------------------------------------------------
    def _similar_words(self, qword: str) -> dict[str, float]:
        from rapidfuzz import fuzz, process

        if self._word_list is None:
            self._word_list = list(self._words)
        out = {w: s for w, s, _ in process.extract(
            qword, self._word_list, scorer=fuzz.ratio, score_cutoff=word_cutoff(qword),
            limit=None)}
        if len(qword) >= 3 or (len(qword) >= 2 and not qword.isascii()):
            for w in self._word_list:
                if len(qword) < len(w) <= 2 * len(qword) and w.startswith(qword):
                    out[w] = max(out.get(w, 0.0), 80.0 + 20.0 * len(qword) / len(w))
        return out

    def match(self, query: str) -> dict[int, Match]:
        """Every person matching the query, with a score 0-1 and the matched labels."""
        qwords = list(dict.fromkeys(fold(query).split()))[:MAX_QUERY_WORDS]
        sims = [self._similar_words(q) for q in qwords]
        live = [i for i, s in enumerate(sims) if s]
        if not live:
            return {}
        candidates: set[int] = set()
        for i in live:
            for w in sims[i]:
                candidates.update(self._words[w])
        # person -> per query word: (weighted score, entry index)
        best: dict[int, dict[int, tuple[float, int]]] = {}
        for idx in candidates:
            e = self.entries[idx]
            if not e.ids:
                continue
            per_word = [(i, max((sims[i].get(w, 0.0) for w in e.words), default=0.0))
                        for i in live]
            per_word = [(i, s) for i, s in per_word if s > 0]
            if not per_word:
                continue
            covered = sum(1 for w in e.words if any(w in sims[i] for i in live))
            cover = 0.85 + 0.15 * covered / len(e.words)
            weight = FIELD_WEIGHT[e.field] * cover
            for cid in e.ids:
                factor = weight
                if e.field == "skill":
                    factor *= endorsement_factor(self.endorsements(cid, e.key))
                mine = best.setdefault(cid, {})
                for i, s in per_word:
                    v = factor * s / 100.0
                    if v > mine.get(i, (0.0, -1))[0]:
                        mine[i] = (v, idx)
        out: dict[int, Match] = {}
        n = len(live)
        for cid, per in best.items():
            score = sum(v for v, _ in per.values()) / n
            order = sorted(per.values(), key=lambda t: -t[0])
            idxs = list(dict.fromkeys(idx for _, idx in order))
            ends = sum(self.endorsements(cid, self.entries[i].key)
                       for i in idxs if self.entries[i].field == "skill")
            out[cid] = Match(min(score, 1.0), [self.entries[i].label for i in idxs],
                             [self.entries[i].field for i in idxs], ends)
        return out


def _endorse_q(cid: int | None = None):
    q = (select(Endorsement.contact_id, Skill.key, func.count())
         .join(Skill, Skill.id == Endorsement.skill_id)
         .group_by(Endorsement.contact_id, Skill.key))
    return q if cid is None else q.where(Endorsement.contact_id == cid)
