"""My tie to every contact at once, for ordering the contact list by tie strength.

``my_ties`` is the one place the list asks for tie strengths: the rule is core/ties.py
(``strength_from_sum`` of my stored touch sums, core/db/my_ties.py, with the card's
closeness); who counts as known directly is ``graph.my_view`` (on a team: my own log, or
my own card). Contacts I know only through someone have no tie of their own: absent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from rolodex.core import ties
from rolodex.core.db.fastread import my_tie_totals, on_session
from rolodex.core.db.models import Contact
from rolodex.core.db.store import Store
from rolodex.core.network.bands import my_view


def my_ties(store: Store, now: datetime) -> dict[int, float]:
    """contact id -> the strength of my tie (0.05-1), for every live contact I know
    directly, read in one transaction."""
    login = store.team_login()
    with store.read() as session:
        totals = my_tie_totals(on_session(session), now)  # kept by the writers
        rows = session.connection().execute(
            select(Contact.id, Contact.known_directly, Contact.closeness, Contact.owner)
            .where(Contact.archived == False)).all()  # noqa: E712
    out: dict[int, float] = {}
    for cid, direct, closeness, owner in rows:
        if login is not None:
            direct, closeness = my_view(login, direct, owner, closeness, cid in totals)
        if direct:
            out[cid] = ties.strength_from_sum(totals.get(cid, 0.0), closeness)
    return out
