"""Endorsements: who vouches for whom on which skill (counted in the who-can match)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from rolodex.core.db.models import Contact, ContactSkill, Endorsement, Skill
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, UsageError
from rolodex.core.records.contacts import skill_ids
from rolodex.core.text import nfc


@dataclass
class EndorsementView:
    id: int
    skill: str
    by_id: int | None  # None: me
    by_name: str  # "me" when by_id is None
    note: str
    at: datetime


def endorse(store: Store, contact_id: int, skill: str, *, by_id: int | None = None,
            note: str = "") -> int:
    """Record that ``by_id`` (me when None) vouches for the contact's ``skill``, in one
    transaction. The skill is added to the contact's skills if missing. Endorsing the same
    skill twice by the same person updates the note instead of counting twice."""
    skill = nfc(skill)
    if not skill:
        raise UsageError("skill: an endorsement needs a skill")
    if len(note) > 500:
        raise UsageError("note: longer than 500 characters")
    if by_id is not None and by_id == contact_id:
        raise UsageError("a contact cannot endorse themselves")
    with store.tx() as s:
        for cid in (contact_id, by_id):
            if cid is not None:
                c = s.get(Contact, cid)
                if c is None or c.archived:
                    raise NotFound(f"no contact #{cid}")
        sid = skill_ids(s, [skill])[0]
        if s.get(ContactSkill, (contact_id, sid)) is None:
            s.add(ContactSkill(contact_id=contact_id, skill_id=sid))
        by = Endorsement.by_id.is_(None) if by_id is None else Endorsement.by_id == by_id
        row = s.execute(select(Endorsement).where(
            Endorsement.contact_id == contact_id, Endorsement.skill_id == sid, by)
        ).scalar_one_or_none()
        if row is None:
            row = Endorsement(contact_id=contact_id, skill_id=sid, by_id=by_id,
                              note=note.strip(), at=store.now())
            s.add(row)
        elif note.strip():
            row.note = note.strip()
        s.flush()
        eid = row.id
    store.notify("endorsement", contact_id)
    return eid


def endorsements_of(store: Store, contact_id: int) -> list[EndorsementView]:
    """A contact's endorsements, grouped by skill (most endorsed skill first), newest first."""
    with store.read() as s:
        rows = s.execute(
            select(Endorsement.id, Skill.name, Endorsement.by_id, Contact.name,
                   Endorsement.note, Endorsement.at)
            .join(Skill, Skill.id == Endorsement.skill_id)
            .outerjoin(Contact, Contact.id == Endorsement.by_id)
            .where(Endorsement.contact_id == contact_id)
        ).all()
    count: dict[str, int] = {}
    for r in rows:
        count[r[1]] = count.get(r[1], 0) + 1
    views = [EndorsementView(i, sk, by, name if by is not None else "me", note, at)
             for i, sk, by, name, note, at in rows]
    views.sort(key=lambda v: (-count[v.skill], v.skill.casefold(), -v.at.timestamp(), -v.id))
    return views


def endorsement_counts(store: Store, contact_id: int) -> dict[str, int]:
    """skill name -> number of endorsements, for a profile line 'Kubernetes (3)'."""
    out: dict[str, int] = {}
    for v in endorsements_of(store, contact_id):
        out[v.skill] = out.get(v.skill, 0) + 1
    return out
