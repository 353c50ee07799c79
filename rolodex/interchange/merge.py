"""Merging incoming records into contacts already in the rolodex, all at once: a few selects
for every target, then executemany updates and inserts, inside the import's transaction.

The rules are ``rolodex merge``'s (core/records/merge.py ``fill``): empty fields are filled (never
overwritten), new emails, phones, tags and skills are added without duplicates, notes are
appended unless already there, extra data is united.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Skill,
    Tag,
    text_fold,
)
from rolodex.core.records.bulk import vocab_map
from rolodex.core.records.contacts import ContactIn, address_rows, contact_row
from rolodex.core.records.merge import FIELDS, fill
from rolodex.core.text import nfc, norm_email, vocab_key

from .dedupe import Index, phone_or_norm

CHUNK = 900  # ids per IN (...) list
_COLS = ("id", "uid") + FIELDS


def merge_many(s: Session, merges: dict[int, ContactIn], now, idx: Index) -> None:
    ids = list(merges)
    for a in range(0, len(ids), CHUNK):
        _merge_chunk(s, {i: merges[i] for i in ids[a:a + CHUNK]}, now, idx)


def _merge_chunk(s: Session, merges: dict[int, ContactIn], now, idx: Index) -> None:
    ids = list(merges)
    t = Contact.__table__
    rows = {r[0]: dict(zip(_COLS, r, strict=True))
            for r in s.execute(select(*[t.c[c] for c in _COLS]).where(t.c.id.in_(ids)))}
    updates = []
    for cid, c in merges.items():
        row = rows[cid]
        new = dict(row)
        fill(new, contact_row(c, now))
        if not row["uid"] and c.uid and idx.uid.get(c.uid, cid) == cid:
            new["uid"] = c.uid
        if new != row:
            new["text_fold"] = text_fold(new["address"], new["url"], new["notes"])
            new["_id"] = cid
            new["updated_at"] = now
            del new["id"]
            updates.append(new)
    if updates:
        values = {k: bindparam(k) for k in updates[0] if k != "_id"}
        s.execute(update(t).where(t.c.id == bindparam("_id")).values(**values), updates)
    _children(s, merges, ContactEmail, 0, norm_email)
    _children(s, merges, ContactPhone, 1, phone_or_norm)
    _links(s, merges, ContactTag, Tag, "tag_id", "tags")
    _links(s, merges, ContactSkill, Skill, "skill_id", "skills")


def _children(s, merges, model, which: int, key) -> None:
    """New emails (which=0) or phones (1), as ``address_rows`` maps them, after the
    contact's own (by normalised value)."""
    wanted = {cid: address_rows(cid, c)[which] for cid, c in merges.items()}
    wanted = {cid: rows for cid, rows in wanted.items() if rows}
    if not wanted:
        return
    have: dict[int, set[str]] = defaultdict(set)
    pos: dict[int, int] = defaultdict(lambda: -1)
    q = select(model.contact_id, model.value, model.position).where(
        model.contact_id.in_(list(wanted)))
    for cid, value, p in s.execute(q):
        have[cid].add(key(value))
        pos[cid] = max(pos[cid], p)
    rows = []
    for cid, batch in wanted.items():
        for r in batch:
            k = key(r["value"])
            if k not in have[cid]:
                have[cid].add(k)
                pos[cid] += 1
                rows.append({**r, "position": pos[cid]})
    if rows:
        s.execute(insert(model.__table__), rows)


def _links(s, merges, link, vocab, col, attr) -> None:
    wanted = {cid: c for cid, c in merges.items() if getattr(c, attr)}
    if not wanted:
        return
    keys = vocab_map(s, vocab, {n for c in wanted.values() for n in getattr(c, attr)})
    have = set(s.execute(select(link.contact_id, getattr(link, col)).where(
        link.contact_id.in_(list(wanted)))).all())
    rows = []
    for cid, c in wanted.items():
        for n in getattr(c, attr):
            n = nfc(n)
            if not n:
                continue
            pair = (cid, keys[vocab_key(n)])
            if pair not in have:
                have.add(pair)
                rows.append({"contact_id": cid, col: pair[1]})
    if rows:
        s.execute(insert(link.__table__), rows)
