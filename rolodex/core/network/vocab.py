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

from array import array
from bisect import bisect_left
from dataclasses import dataclass, field

from sqlalchemy import func, select

from rolodex.core.db.models import Contact, ContactSkill, ContactTag, Endorsement, Skill, Tag
from rolodex.core.network.match import Matches
from rolodex.core.text import fold

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
    ids: array = field(default_factory=lambda: array("q"))  # sorted contact ids

    def add(self, cid: int) -> None:
        i = bisect_left(self.ids, cid)
        if i == len(self.ids) or self.ids[i] != cid:
            self.ids.insert(i, cid)

    def discard(self, cid: int) -> None:
        i = bisect_left(self.ids, cid)
        if i < len(self.ids) and self.ids[i] == cid:
            del self.ids[i]

    def extend(self, cids) -> None:
        """Add many at once (a sorted array of ints costs 8 bytes each; a set ~50)."""
        self.ids = array("q", sorted(set(self.ids).union(cids)))


class Vocab:
    """Inverted index entry -> people. Not thread-safe by itself: Network locks around it."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._by_key: dict[tuple[str, str], int] = {}
        self._words: dict[str, list[int]] = {}
        self._word_list: list[str] | None = None
        self.of_contact: dict[int, bytes] = {}  # contact -> its entries, _pack()ed
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
                    self.entries[idx].add(cid)
                    idxs.append(idx)
        if idxs:
            self.of_contact[cid] = _pack(idxs)

    def load_all(self, s, rows) -> None:
        """rows: (id, company, title, location) of every live contact. Each distinct
        string is folded once (310,000 values, 6,400 distinct at 34,257 contacts)."""
        seen: dict[tuple[str, str], int | None] = {}

        def idx_of(fld: str, value: str) -> int | None:
            got = seen.get((fld, value), -1)
            if got == -1:
                got = seen[(fld, value)] = self._entry(fld, value)
            return got

        per: dict[int, list] = {}
        for cid, company, title, loc in rows:
            per[cid] = [idx_of("title", title) if title else None,
                        idx_of("company", company) if company else None,
                        idx_of("location", loc) if loc else None]
        for fld, model, link, col in (("skill", Skill, ContactSkill, ContactSkill.skill_id),
                                      ("tag", Tag, ContactTag, ContactTag.tag_id)):
            names = dict(s.execute(select(model.id, model.name)).all())
            by_vid: dict[int, int | None] = {}  # filled as live contacts use them
            for cid, vid in s.execute(select(link.contact_id, col)):
                mine = per.get(cid)
                if mine is not None:
                    i = by_vid.get(vid, -1)
                    if i == -1:
                        i = by_vid[vid] = idx_of(fld, names[vid])
                    mine.append(i)
        members: dict[int, list[int]] = {}
        for cid, idxs in per.items():  # contacts in rising id order: the lists come sorted
            idxs = tuple(dict.fromkeys(i for i in idxs if i is not None))
            if idxs:
                self.of_contact[cid] = _pack(idxs)
                for i in idxs:
                    members.setdefault(i, []).append(cid)
        for i, cids in members.items():
            self.entries[i].extend(cids)
        for cid, key, n in s.execute(_endorse_q()):
            if cid in per:
                self.endorsed.setdefault(cid, {})[key] = n

    def load_lazy(self, s) -> None:
        """Only the distinct strings (the one-shot CLI); ``prefetch`` then reads the people
        of the entries a query touches."""
        self._lazy: dict[int, list] = {}  # entry -> skill/tag ids or raw column values
        for fld, model in (("skill", Skill), ("tag", Tag)):
            for vid, name in s.execute(select(model.id, model.name)):
                idx = self._entry(fld, name)
                if idx is not None:
                    self._lazy.setdefault(idx, []).append(vid)
        for fld, col in (("title", Contact.title), ("company", Contact.company),
                         ("location", Contact.location)):
            for (value,) in s.execute(select(col).where(Contact.archived == False)  # noqa: E712
                                      .distinct()):
                idx = self._entry(fld, value) if value else None
                if idx is not None:
                    self._lazy.setdefault(idx, []).append(value)
        for cid, key, n in s.execute(_endorse_q()):
            self.endorsed.setdefault(cid, {})[key] = n

    def prefetch(self, s, query: str) -> None:
        """Read the people of every lazy entry the query could match."""
        wanted: set[int] = set()
        for q in list(dict.fromkeys(fold(query).split()))[:MAX_QUERY_WORDS]:
            for w in self._similar_words(q):
                wanted.update(i for i in self._words[w] if i in self._lazy)
        live = Contact.archived == False  # noqa: E712
        for fld, link, col in (("skill", ContactSkill, ContactSkill.skill_id),
                               ("tag", ContactTag, ContactTag.tag_id)):
            by_id = {v: i for i in wanted if self.entries[i].field == fld
                     for v in self._lazy.pop(i)}
            if by_id:
                got: dict[int, list[int]] = {}
                for cid, vid in s.execute(select(link.contact_id, col).join(
                        Contact, Contact.id == link.contact_id).where(col.in_(by_id), live)):
                    got.setdefault(by_id[vid], []).append(cid)
                for i, cids in got.items():
                    self.entries[i].extend(cids)
        for fld, col in (("title", Contact.title), ("company", Contact.company),
                         ("location", Contact.location)):
            by_value = {v: i for i in wanted if self.entries[i].field == fld
                        for v in self._lazy.pop(i)}
            if by_value:
                got = {}
                for cid, value in s.execute(select(Contact.id, col).where(
                        col.in_(by_value), live)):
                    got.setdefault(by_value[value], []).append(cid)
                for i, cids in got.items():
                    self.entries[i].extend(cids)

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
        for idx in _unpack(self.of_contact.pop(cid, b"")):
            self.entries[idx].discard(cid)

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
        for idx in _unpack(self.of_contact.get(cid, b"")):
            if self.entries[idx].field == "company":
                return self.entries[idx].key
        return None

    def company_members(self, company_key: str) -> array:
        idx = self._by_key.get(("company", company_key))
        return self.entries[idx].ids if idx is not None else array("q")

    def companies(self):
        for e in self.entries:
            if e.field == "company":
                yield e.key, e.ids

    # -- matching -------------------------------------------------------------------------
    def _similar_words(self, qword: str) -> dict[str, float]:
        from rapidfuzz import fuzz, process

        if self._word_list is None:
            self._word_list = sorted(self._words)
        words = self._word_list
        out = {w: s for w, s, _ in process.extract(
            qword, words, scorer=fuzz.ratio, score_cutoff=word_cutoff(qword), limit=None)
            if s >= 90 or w[0] == qword[0]}  # 'cooking' is not 'booking'; 'kubernets' is
        if len(qword) >= 3 or (len(qword) >= 2 and not qword.isascii()):
            i = bisect_left(words, qword)
            while i < len(words) and words[i].startswith(qword):
                w = words[i]
                if len(qword) < len(w) <= 2 * len(qword):
                    out[w] = max(out.get(w, 0.0), 80.0 + 20.0 * len(qword) / len(w))
                i += 1
        return out

    def match(self, query: str) -> Matches:
        """Every person matching the query: ``.scores`` {id: 0-1}; ``.detail(id)`` says
        which vocabulary entries matched (computed only for the people shown)."""
        qwords = list(dict.fromkeys(fold(query).split()))[:MAX_QUERY_WORDS]
        sims = [self._similar_words(q) for q in qwords]
        live = [i for i, s in enumerate(sims) if s]
        n = len(live)
        if not live:
            return Matches(self, {}, ([], []), 1)
        candidates: set[int] = set()
        for i in live:
            for w in sims[i]:
                candidates.update(self._words[w])
        # per live query word j: {person: best weighted value} and {person: entry index},
        # filled entry by entry in rising value so the best wins (dict.update: C speed)
        best: list[dict[int, float]] = [{} for _ in live]
        src: list[dict[int, int]] = [{} for _ in live]
        scored = []
        for idx in candidates:
            e = self.entries[idx]
            if not e.ids:
                continue
            per = [max((sims[i].get(w, 0.0) for w in e.words), default=0.0) for i in live]
            if not any(per):
                continue
            covered = sum(1 for w in e.words if any(w in sims[i] for i in live))
            weight = FIELD_WEIGHT[e.field] * (0.85 + 0.15 * covered / len(e.words)) / 100.0
            if e.field == "skill":
                weight *= endorsement_factor(0)
            scored.append((idx, e, [p * weight for p in per]))
        for j in range(len(live)):
            for idx, e, row in sorted(scored, key=lambda x: (x[2][j], x[1].key)):
                if row[j] > 0:
                    best[j].update(dict.fromkeys(e.ids, row[j]))
                    src[j].update(dict.fromkeys(e.ids, idx))
        for idx, e, row in scored:  # endorsed skills count more
            if e.field == "skill":
                for cid in self.endorsed.keys() & e.ids:
                    f = endorsement_factor(self.endorsed[cid].get(e.key, 0)) / 0.9
                    for j in range(len(live)):
                        if row[j] * f > best[j].get(cid, 0.0):
                            best[j][cid], src[j][cid] = row[j] * f, idx
        n = len(live)
        if n == 1:
            scores = {cid: min(v, 1.0) for cid, v in best[0].items()}
        else:
            acc = dict(best[0])  # the per-word values added in word order, as sum() would
            for b in best[1:]:
                get = acc.get
                acc.update({cid: get(cid, 0.0) + v for cid, v in b.items()})
            scores = {cid: min(v / n, 1.0) for cid, v in acc.items()}
        return Matches(self, scores, (best, src), n)


def _endorse_q(cid: int | None = None):
    q = (select(Endorsement.contact_id, Skill.key, func.count())
         .join(Skill, Skill.id == Endorsement.skill_id)
         .group_by(Endorsement.contact_id, Skill.key))
    return q if cid is None else q.where(Endorsement.contact_id == cid)


def _pack(idxs) -> bytes:
    """A contact's entry numbers as int32 bytes: ~60 bytes instead of a ~110-byte tuple."""
    return array("i", idxs).tobytes()


def _unpack(data: bytes) -> array:
    out = array("i")
    out.frombytes(data)
    return out
