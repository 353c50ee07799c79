"""Columns derived from the log and kept on the contact row, so that the list and Today
read a column instead of aggregating interactions: the rule for each lives here, used by
the writers (core/records), the schema migration that added it, ``rolodex check`` and undo.

``follow_up_due``: an entry's follow-up day (``Interaction.follow_up``) is open for each of
its people until a later one-to-one entry with that person (logging anything after it
closes it) or until it is marked done for that person (``Participant.follow_up_done``,
without logging); a snooze moves that person's day (``Participant.follow_up_until``).
A contact's ``follow_up_due`` is the earliest open day, None when none is.
The rule reads the log only (not ``my_tie``), so ``rolodex check`` judges each
derived figure on its own.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.orm import aliased

from rolodex.core.db.models import Contact, Interaction, Participant


def follow_up_day():
    """One person's day of an entry's follow-up: snoozed, else the entry's."""
    return func.coalesce(Participant.follow_up_until, Interaction.follow_up)


def is_open():
    """Whether a (Participant, Interaction) pair's follow-up is still open: it has one, it
    is not done, and no later one-to-one entry with that person closed it."""
    later, with_them = aliased(Interaction), aliased(Participant)
    closed = exists().where(with_them.contact_id == Participant.contact_id,
                            with_them.interaction_id == later.id,
                            later.one_to_many == False,  # noqa: E712
                            later.at > Interaction.at)
    return and_(Interaction.follow_up.is_not(None),
                Participant.follow_up_done == False, ~closed)  # noqa: E712


def open_follow_up():
    """The SQL expression of a contact's earliest open follow-up (correlated to Contact)."""
    return (select(func.min(follow_up_day())).select_from(Interaction)
            .join(Participant, Participant.interaction_id == Interaction.id)
            .where(Participant.contact_id == Contact.id, is_open())
            .scalar_subquery())


def refresh_follow_ups(conn, contact_ids) -> None:
    """Set ``follow_up_due`` of these contacts (None: of every contact) by the rule above.
    ``conn``: a Session or a Connection."""
    stmt = update(Contact).values(follow_up_due=open_follow_up())
    if contact_ids is not None:
        ids = sorted(set(contact_ids))
        if not ids:
            return
        stmt = stmt.where(Contact.id.in_(ids))
    conn.execute(stmt, execution_options={"synchronize_session": False})


def stale_follow_ups(conn) -> list[int]:
    """Contacts whose ``follow_up_due`` is not what the rule gives (``rolodex check``)."""
    q = (select(Contact.id).where(Contact.follow_up_due.is_distinct_from(open_follow_up()))
         .order_by(Contact.id))
    return [r[0] for r in conn.execute(q)]
