"""The follow-up day, derived from the log and kept per owner in ``my_tie`` (one row per
owner and contact, core/db/my_ties.py), so that the list and Today read a column instead of
aggregating interactions: the rule lives here, used by the writers (core/records), the
schema migrations, ``rolodex check`` and undo.

``follow_up_due``: an entry's follow-up day (``Interaction.follow_up``) is open for each of
its people until a later one-to-one entry with that person in the same owner's log
(logging anything after it closes it) or until it is marked done for that person
(``Participant.follow_up_done``, without logging); a snooze moves that person's day
(``Participant.follow_up_until``). My ``follow_up_due`` of a contact is the earliest day
open in my own log, None when none is: on a team a colleague's promise is theirs, never on
the shared card (issue 12). The owner of an entry is ``interaction.owner`` ('' where there
is none: SQLite, a personal rolodex on a server), the owner of my_tie's rows.
The rule reads the log only (not ``my_tie``), so ``rolodex check`` judges each
derived figure on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import Date, String, and_, bindparam, exists, func, literal_column, select, text
from sqlalchemy.orm import aliased

from rolodex.core.db.models import Interaction, MyTie, Participant
from rolodex.core.db.my_ties import CHUNK, me_sql, tidy


def entry_owner(entry=Interaction):
    """Whose log an entry is in, as my_tie's owner column spells it."""
    return func.coalesce(entry.owner, literal_column("''", String))


def mine(conn):
    """The condition that an (Interaction) entry is in my own log."""
    return entry_owner() == literal_column(me_sql(conn), String)


def follow_up_day():
    """One person's day of an entry's follow-up: snoozed, else the entry's."""
    return func.coalesce(Participant.follow_up_until, Interaction.follow_up)


def is_open():
    """Whether a (Participant, Interaction) pair's follow-up is still open: it has one, it
    is not done, and no later one-to-one entry of the same owner with that person closed
    it."""
    later, with_them = aliased(Interaction), aliased(Participant)
    closed = exists().where(with_them.contact_id == Participant.contact_id,
                            with_them.interaction_id == later.id,
                            later.one_to_many == False,  # noqa: E712
                            entry_owner(later) == entry_owner(Interaction),
                            later.at > Interaction.at)
    return and_(Interaction.follow_up.is_not(None),
                Participant.follow_up_done == False, ~closed)  # noqa: E712


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _chunks(ids: list[int] | None):
    if ids is None:
        yield None
    else:
        for a in range(0, len(ids), CHUNK):
            yield ids[a:a + CHUNK]


def scratch(conn, contact_ids: Iterable[int] | None = None, *, every_owner: bool = False
            ) -> dict[tuple[str, int], date]:
    """(owner, contact) -> the earliest open follow-up, by the rule above from the log
    alone: in my log, or in every owner's (the migration, the administrator's check)."""
    owner = entry_owner().label("owner")
    q = (select(owner, Participant.contact_id, func.min(follow_up_day()))
         .select_from(Interaction)
         .join(Participant, Participant.interaction_id == Interaction.id)
         .where(is_open()).group_by(owner, Participant.contact_id))
    if not every_owner:
        q = q.where(mine(conn))
    ids = None if contact_ids is None else sorted(set(contact_ids))
    out = {}
    for part in _chunks(ids):
        qq = q if part is None else q.where(Participant.contact_id.in_(part))
        out.update({(o, c): _as_date(d) for o, c, d in conn.execute(qq) if d is not None})
    return out


def stored(conn, contact_ids: Iterable[int] | None = None, *, every_owner: bool = False
           ) -> dict[tuple[str, int], date]:
    """(owner, contact) -> the follow-up day my_tie holds (mine by default)."""
    t = MyTie.__table__
    q = select(t.c.owner, t.c.contact_id, t.c.follow_up_due).where(
        t.c.follow_up_due.is_not(None))
    if not every_owner:
        q = q.where(t.c.owner == literal_column(me_sql(conn), String))
    ids = None if contact_ids is None else sorted(set(contact_ids))
    out = {}
    for part in _chunks(ids):
        qq = q if part is None else q.where(t.c.contact_id.in_(part))
        out.update({(o, c): _as_date(d) for o, c, d in conn.execute(qq)})
    return out


def refresh_follow_ups(conn, contact_ids, *, every_owner: bool = False) -> None:
    """Set my ``follow_up_due`` of these contacts (None: of every contact; ``every_owner``:
    everyone's, as the administrator) by the rule above, in my_tie: a row is made for a
    contact I owe a follow-up with no touch yet, and one left with neither goes.
    ``conn``: a Session or a Connection."""
    ids = None if contact_ids is None else sorted(set(contact_ids))
    if ids is not None and not ids:
        return
    fresh = scratch(conn, ids, every_owner=every_owner)
    t = MyTie.__table__
    clear = t.update().values(follow_up_due=None).where(t.c.follow_up_due.is_not(None))
    if not every_owner:
        clear = clear.where(t.c.owner == literal_column(me_sql(conn), String))
    for part in _chunks(ids):
        conn.execute(clear if part is None else clear.where(t.c.contact_id.in_(part)))
    if fresh:
        owner = ":o" if every_owner else me_sql(conn)
        put = text(
            "INSERT INTO my_tie (owner, contact_id, last_touch_at, acc, follow_up_due) "
            f"VALUES ({owner}, :c, NULL, 0, :d) ON CONFLICT (owner, contact_id) "
            "DO UPDATE SET follow_up_due = excluded.follow_up_due"
        ).bindparams(bindparam("d", type_=Date()))
        rows = [{"o": o, "c": c, "d": d} if every_owner else {"c": c, "d": d}
                for (o, c), d in fresh.items()]
        for a in range(0, len(rows), CHUNK):
            conn.execute(put, rows[a:a + CHUNK])
    tidy(conn, ids, every_owner=every_owner)


def stale_follow_ups(conn, *, every_owner: bool = False) -> list[int]:
    """Contacts whose stored follow-up day (mine; ``every_owner``: anyone's) is not what
    the rule gives (``rolodex check``)."""
    have = stored(conn, every_owner=every_owner)
    want = scratch(conn, every_owner=every_owner)
    return sorted({k[1] for k in set(have) | set(want) if have.get(k) != want.get(k)})


def my_follow_up(conn, contact_id: int) -> date | None:
    """My earliest open follow-up with one contact, as stored (None: none)."""
    t = MyTie.__table__
    day = conn.execute(select(t.c.follow_up_due).where(
        t.c.contact_id == contact_id,
        t.c.owner == literal_column(me_sql(conn), String))).scalar()
    return None if day is None else _as_date(day)
