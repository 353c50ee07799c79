"""Possible duplicates: pairs of contacts that look alike with no identity in common.

An import records them (interchange/dedupe.py decides); a person decides: merge them (the
rules of ``rolodex merge``, core/records/merge.py) or keep both (remembered: the pair is never
suggested again). Pairs are stored with a_id < b_id; deleting a contact deletes its pairs.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import insert, select, tuple_, update
from sqlmodel import Session

from rolodex.core.db.models import Contact, ContactEmail, ContactPhone, DuplicatePair
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, UsageError
from rolodex.core.records.merge import MergeResult, merge_contacts


def _lohi(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def record_pairs(s: Session, pairs: list[tuple[int, int, dict]], now: datetime) -> int:
    """Store new open pairs inside the caller's transaction; a pair already there (open or
    kept) is left as it is. Returns how many were stored."""
    wanted: dict[tuple[int, int], dict] = {}
    for a, b, ev in pairs:
        if a != b:
            wanted.setdefault(_lohi(a, b), ev)
    if not wanted:
        return 0
    have: set[tuple[int, int]] = set()
    keys = list(wanted)
    for i in range(0, len(keys), 400):
        chunk = keys[i:i + 400]
        have.update(s.execute(select(DuplicatePair.a_id, DuplicatePair.b_id).where(
            tuple_(DuplicatePair.a_id, DuplicatePair.b_id).in_(chunk))).all())
    rows = [{"a_id": a, "b_id": b, "status": "open", "created_at": now,
             "evidence": json.dumps(ev, ensure_ascii=False)}
            for (a, b), ev in wanted.items() if (a, b) not in have]
    if rows:
        s.execute(insert(DuplicatePair.__table__), rows)
    return len(rows)


def _card(s: Session, cid: int) -> dict:
    c = s.get(Contact, cid)
    emails = list(s.scalars(select(ContactEmail.value).where(ContactEmail.contact_id == cid)
                            .order_by(ContactEmail.position, ContactEmail.id)))
    phones = list(s.scalars(select(ContactPhone.value).where(ContactPhone.contact_id == cid)
                            .order_by(ContactPhone.position, ContactPhone.id)))
    return {"id": c.id, "name": c.name, "company": c.company, "title": c.title,
            "emails": emails, "phones": phones, "location": c.location, "url": c.url,
            "birthday": c.birthday, "uid": c.uid}


def open_pairs(store: Store, limit: int | None = None) -> list[dict]:
    """Open pairs, oldest first: {a, b (cards), for, against, created_at}."""
    with store.read() as s:
        q = select(DuplicatePair).where(DuplicatePair.status == "open").order_by(
            DuplicatePair.id)
        if limit is not None:
            q = q.limit(limit)
        out = []
        for p in s.scalars(q).all():
            try:
                ev = json.loads(p.evidence) if p.evidence else {}
            except ValueError:
                ev = {}
            out.append({"a": _card(s, p.a_id), "b": _card(s, p.b_id),
                        "for": ev.get("for", []), "against": ev.get("against", []),
                        "created_at": p.created_at.isoformat(sep=" ")})
    return out


def keep_both(store: Store, a: int, b: int) -> None:
    """A and B are two people: the pair is closed as kept and never suggested again."""
    if a == b:
        raise UsageError("a contact is not a duplicate of itself")
    lo, hi = _lohi(a, b)
    with store.tx() as s:
        for cid in (lo, hi):
            if s.get(Contact, cid) is None:
                raise NotFound(f"no contact #{cid}")
        n = s.execute(update(DuplicatePair).where(
            DuplicatePair.a_id == lo, DuplicatePair.b_id == hi).values(status="kept")).rowcount
        if not n:
            s.execute(insert(DuplicatePair.__table__), [{
                "a_id": lo, "b_id": hi, "status": "kept", "created_at": store.now(),
                "evidence": ""}])
    store.notify("dupes", (lo, hi))


def merge_pair(store: Store, keep: int, drop: int) -> MergeResult:
    """Merge ``drop`` into ``keep`` exactly as ``rolodex merge`` does (their pair goes with
    ``drop``)."""
    res = merge_contacts(store, keep, drop)
    store.notify("dupes", _lohi(keep, drop))
    return res
