"""Introductions as work: ask an introducer for a warm introduction, follow it up, close it.

``ask`` records the Introduction (status 'asked') and logs the ask as an interaction with
the introducer, in one transaction. ``close_intro(..., 'made')`` models "I now know the
target": the target becomes ``known_directly`` and a note interaction "Introduced by ..."
is logged with them (my tie to them starts from that note: 0.10 instead of the 0.05 floor),
so the network gains the edge me - target. 'declined' and 'no-reply' only close the ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups
from rolodex.core.db.models import Contact, Interaction, Introduction, Participant
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, RolodexError, UsageError
from rolodex.core.records.interactions import check_kind
from rolodex.core.when import ago_words

CLOSING = ("made", "declined", "no-reply")


@dataclass
class IntroView:
    id: int
    introducer_id: int
    introducer: str
    target_id: int
    target: str
    for_what: str
    note: str
    status: str
    asked_at: datetime
    closed_at: datetime | None
    age_days: int
    age: str  # '4 days ago'


def _log(s: Session, kind: str, cid: int, summary: str, when: datetime) -> int:
    """One one-to-one interaction inside the caller's transaction (keeps my ties,
    and closes the person's follow-ups as every later entry does)."""
    it = Interaction(kind=kind, at=when, summary=summary[:500], created_at=when)
    s.add(it)
    s.flush()
    s.add(Participant(interaction_id=it.id, contact_id=cid))
    my_ties.add(s, my_ties.touches_of(it, [cid]))
    refresh_follow_ups(s, [cid])
    return it.id


def _live(s: Session, cid: int) -> Contact:
    c = s.get(Contact, cid)
    if c is None or c.archived:
        raise NotFound(f"no contact #{cid}")
    return c


def ask(store: Store, introducer_id: int, target_id: int, *, note: str = "",
        for_what: str = "", kind: str = "message") -> int:
    """Ask ``introducer`` to introduce me to ``target``; returns the introduction's id."""
    kind = check_kind(kind)
    if introducer_id == target_id:
        raise UsageError("the introducer and the target are the same person")
    if len(note) > 500 or len(for_what) > 300:
        raise UsageError("note: longer than 500 characters")
    now = store.now()
    with store.tx() as s:
        who, whom = _live(s, introducer_id), _live(s, target_id)
        open_ask = s.execute(select(Introduction.id, Introduction.asked_at).where(
            Introduction.introducer_id == introducer_id, Introduction.target_id == target_id,
            Introduction.status == "asked")).first()
        if open_ask:
            raise RolodexError(
                f"already asked {who.name} to introduce {whom.name} "
                f"(intro #{open_ask[0]}, {ago_words(open_ask[1], now)})")
        intro = Introduction(introducer_id=introducer_id, target_id=target_id,
                             for_what=for_what.strip(), note=note.strip(), status="asked",
                             asked_at=now)
        s.add(intro)
        s.flush()
        summary = f"Asked for an introduction to {whom.name}"
        if for_what.strip():
            summary += f" ({for_what.strip()})"
        if note.strip():
            summary += f": {note.strip()}"
        iid = _log(s, kind, introducer_id, summary, now)
        intro_id = intro.id
    store.notify("intro", intro_id)
    store.notify("interaction", (iid, [introducer_id]))
    return intro_id


def close_intro(store: Store, intro_id: int, status: str) -> IntroView:
    """Close an open ask as made, declined or no-reply (see the module docstring)."""
    status = status.strip().lower().replace("_", "-")
    if status == "noreply":
        status = "no-reply"
    if status not in CLOSING:
        raise UsageError(f"status: '{status}' is not one of {', '.join(CLOSING)}")
    now = store.now()
    iid = None
    with store.tx() as s:
        intro = s.get(Introduction, intro_id)
        if intro is None:
            raise NotFound(f"no introduction #{intro_id}")
        if intro.status != "asked":
            raise RolodexError(f"introduction #{intro_id} is already closed ({intro.status})")
        intro.status, intro.closed_at = status, now
        target_id = intro.target_id
        if status == "made":
            target = s.get(Contact, target_id)
            by = s.get(Contact, intro.introducer_id)
            target.known_directly = True
            target.updated_at = now
            iid = _log(s, "note", target_id, f"Introduced by {by.name}", now)
    store.notify("intro", intro_id)
    if iid is not None:
        store.notify("contact", target_id)
        store.notify("interaction", (iid, [target_id]))
    return get_intro(store, intro_id)


def _views(store: Store, where) -> list[IntroView]:
    by, to = aliased(Contact), aliased(Contact)
    now = store.now()
    with store.read() as s:
        rows = s.execute(
            select(Introduction, by.name, to.name)
            .join(by, by.id == Introduction.introducer_id)
            .join(to, to.id == Introduction.target_id)
            .where(*where).order_by(Introduction.asked_at, Introduction.id)).all()
    return [IntroView(i.id, i.introducer_id, bn, i.target_id, tn, i.for_what, i.note, i.status,
                      i.asked_at, i.closed_at, max((now - i.asked_at).days, 0),
                      ago_words(i.asked_at, now)) for i, bn, tn in rows]


def open_intros(store: Store) -> list[IntroView]:
    """Asks still waiting for an answer, oldest first."""
    return _views(store, [Introduction.status == "asked"])


def all_intros(store: Store) -> list[IntroView]:
    return _views(store, [])


def get_intro(store: Store, intro_id: int) -> IntroView:
    got = _views(store, [Introduction.id == intro_id])
    if not got:
        raise NotFound(f"no introduction #{intro_id}")
    return got[0]
