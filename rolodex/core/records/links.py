"""Knows-edges: who knows whom among my contacts (undirected, stored a_id < b_id)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from rolodex.core.db.models import Contact, Knows
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, UsageError


def upsert_knows(s: Session, a: int, b: int, strength: int = 3, how: str = "",
                 since: date | None = None) -> int:
    """Create or update the edge between a and b inside an open transaction."""
    if a == b:
        raise UsageError("a contact cannot be linked to themselves")
    if not 1 <= int(strength) <= 5:
        raise UsageError(f"strength: {strength} is not between 1 and 5")
    for cid in (a, b):
        if s.get(Contact, cid) is None:
            raise NotFound(f"no contact #{cid}")
    lo, hi = min(a, b), max(a, b)
    edge = s.execute(select(Knows).where(Knows.a_id == lo, Knows.b_id == hi)).scalar_one_or_none()
    if edge is None:
        edge = Knows(a_id=lo, b_id=hi, strength=int(strength), how=how.strip(), since=since)
        s.add(edge)
    else:
        edge.strength = int(strength)
        if how:
            edge.how = how.strip()
        if since:
            edge.since = since
    s.flush()
    return edge.id


def link(store: Store, a: int, b: int, strength: int = 3, how: str = "",
         since: date | None = None) -> int:
    with store.tx() as s:
        eid = upsert_knows(s, a, b, strength, how, since)
    store.notify("knows", (min(a, b), max(a, b)))
    return eid


def unlink(store: Store, a: int, b: int) -> None:
    lo, hi = min(a, b), max(a, b)
    with store.tx() as s:
        edge = s.execute(select(Knows).where(Knows.a_id == lo, Knows.b_id == hi)
                         ).scalar_one_or_none()
        if edge is None:
            raise NotFound(f"#{a} and #{b} are not linked")
        s.delete(edge)
    store.notify("knows", (lo, hi))


def knows_of(s: Session, cid: int) -> list[tuple[int, str, int, str]]:
    """(other id, other name, strength, how) for every edge of one contact, strongest first
    (``lookup.knows_on`` on the session's connection)."""
    from rolodex.core.db.fastread import on_session
    from rolodex.core.records.lookup import knows_on

    return knows_on(on_session(s), cid)
