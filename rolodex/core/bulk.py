"""The fast path for many contacts at once (the demo, imports): SQLAlchemy Core
executemany inside the caller's one transaction, no ORM objects.

Measured: ORM add_all ~11,600 rows/s; Core insert with a list of dicts ~165,000 rows/s.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlmodel import Session

from .contacts import ContactIn, validate
from .models import Contact, ContactEmail, ContactPhone, ContactSkill, ContactTag, Skill, Tag
from .text import fold, nfc, norm_email, norm_phone, vocab_key


def vocab_map(s: Session, model, names: set[str]) -> dict[str, int]:
    """key -> id for every name in ``names``, inserting the missing ones in one statement."""
    keys: dict[str, str] = {}
    for n in names:
        n = nfc(n)
        if n:
            keys.setdefault(vocab_key(n), n)
    have = dict(s.execute(select(model.key, model.id)).all())
    missing = [{"name": n, "key": k} for k, n in keys.items() if k not in have]
    if missing:
        s.execute(insert(model.__table__), missing)
        have = dict(s.execute(select(model.key, model.id)).all())
    return have


def bulk_insert_contacts(s: Session, items: Sequence[ContactIn], now: datetime,
                         *, check: bool = True) -> list[int]:
    """Insert contacts with their emails, phones, skills and tags; returns their ids in order."""
    if not items:
        return []
    if check:
        for it in items:
            validate(it)
    rows = []
    for it in items:
        name = nfc(it.name)
        rows.append({
            "name": name, "name_fold": fold(name), "company": nfc(it.company),
            "title": nfc(it.title), "address": it.address.strip(), "location": nfc(it.location),
            "url": it.url.strip(), "notes": it.notes, "category": it.category,
            "known_directly": it.known_directly, "closeness": it.closeness,
            "cadence_days": it.cadence_days, "archived": False, "birthday": it.birthday,
            "met_on": it.met_on, "uid": it.uid or None,
            "extra": json.dumps(it.extra, ensure_ascii=False) if it.extra else "",
            "last_touch_at": None, "created_at": now, "updated_at": now,
        })
    table = Contact.__table__
    result = s.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    ids = [r[0] for r in result]
    skills = vocab_map(s, Skill, {n for it in items for n in it.skills})
    tags = vocab_map(s, Tag, {n for it in items for n in it.tags})
    emails, phones, cs, ct = [], [], [], []
    for cid, it in zip(ids, items, strict=True):
        for i, e in enumerate(dict.fromkeys(x.strip() for x in it.emails if x.strip())):
            lab = it.email_labels[i] if i < len(it.email_labels) else ""
            emails.append({"contact_id": cid, "value": e, "norm": norm_email(e), "label": lab,
                           "position": i})
        for i, p in enumerate(dict.fromkeys(x.strip() for x in it.phones if x.strip())):
            lab = it.phone_labels[i] if i < len(it.phone_labels) else ""
            phones.append({"contact_id": cid, "value": p, "norm": norm_phone(p), "label": lab,
                           "position": i})
        for sid in dict.fromkeys(skills[vocab_key(nfc(n))] for n in it.skills if nfc(n)):
            cs.append({"contact_id": cid, "skill_id": sid})
        for tid in dict.fromkeys(tags[vocab_key(nfc(n))] for n in it.tags if nfc(n)):
            ct.append({"contact_id": cid, "tag_id": tid})
    for model, batch in ((ContactEmail, emails), (ContactPhone, phones),
                         (ContactSkill, cs), (ContactTag, ct)):
        if batch:
            s.execute(insert(model.__table__), batch)
    return ids
