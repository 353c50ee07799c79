"""Close or snooze a contact's follow-up without logging anything.

A follow-up is open per person (core/db/derived.py): ``done`` closes the one that is due,
the earliest open day (every open entry of that day: two entries promised for the same
Friday are one promise), as logging would have, but without an entry; the later ones stay.
``snooze`` moves every open follow-up of the contact that falls before the new day to it:
nothing reminds before then. Each is one transaction on that person's participant rows
(a group meeting's other people keep theirs), then my ``follow_up_due`` is recomputed by the
one rule. Both are undone by core/records/undo.py like any change rooted at the contact.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from rolodex.core.db.derived import follow_up_day, is_open, mine, refresh_follow_ups
from rolodex.core.db.models import Contact, Interaction, Participant
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, RolodexError, UsageError


def _open(s, cid: int) -> list[tuple[int, date]]:
    """(interaction id, day) of every open follow-up of ``cid`` in my own log."""
    q = (select(Participant.interaction_id, follow_up_day())
         .join(Interaction, Interaction.id == Participant.interaction_id)
         .where(Participant.contact_id == cid, is_open(), mine(s)))
    return [(iid, _as_date(day)) for iid, day in s.execute(q)]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _name(s, cid: int) -> str:
    name = s.execute(select(Contact.name).where(Contact.id == cid)).scalar_one_or_none()
    if name is None:
        raise NotFound(f"no contact #{cid}")
    return name


def follow_up_done(store: Store, cid: int) -> date:
    """Close the contact's earliest open follow-up (without logging); returns its day.
    RolodexError when they have none open."""
    with store.tx() as s:
        name = _name(s, cid)
        rows = _open(s, cid)
        if not rows:
            raise RolodexError(f"{name} has no open follow-up")
        day = min(d for _i, d in rows)
        ids = [iid for iid, d in rows if d == day]
        s.execute(update(Participant)
                  .where(Participant.contact_id == cid, Participant.interaction_id.in_(ids))
                  .values(follow_up_done=True),
                  execution_options={"synchronize_session": False})
        refresh_follow_ups(s, [cid])
    store.notify("contact", cid)
    return day


def snooze_follow_up(store: Store, cid: int, until: date) -> list[date]:
    """Move every open follow-up of the contact due before ``until`` to ``until``; returns
    the days moved (earliest first). UsageError when ``until`` is not after today;
    RolodexError when none is open, or every open one is due on or after it already."""
    today = store.now().date()
    if until <= today:
        raise UsageError(f"snooze to a day after today, not {until:%a %Y-%m-%d}")
    with store.tx() as s:
        name = _name(s, cid)
        rows = _open(s, cid)
        if not rows:
            raise RolodexError(f"{name} has no open follow-up")
        moved = sorted((iid, d) for iid, d in rows if d < until)
        if not moved:
            raise RolodexError(f"{name}'s follow-ups are all due on or after "
                             f"{until:%a %Y-%m-%d} already")
        s.execute(update(Participant)
                  .where(Participant.contact_id == cid,
                         Participant.interaction_id.in_([iid for iid, _d in moved]))
                  .values(follow_up_until=until),
                  execution_options={"synchronize_session": False})
        refresh_follow_ups(s, [cid])
    store.notify("contact", cid)
    return sorted(d for _i, d in moved)
