"""Colleagues' ties on a team rolodex, as the network reads them: a band (strong /
moderate / weak) and the month of the last touch per colleague and contact, nothing more.
The table is written only by the database's own functions (core/team/schema.py, through
core/team/bands.py); here it is only read, and the server shows only what my login may
see (row-level security). Plain SQL through a ``fastread`` connection (``rolodex show``
reads them without SQLAlchemy); ``my_view`` is the rule of my own view of a team card.
"""

from __future__ import annotations

from collections import namedtuple

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_words(yyyy_mm: str) -> str:
    """'2026-11' -> 'Nov 2026' (the month of a shared last touch)."""
    y, m = yyyy_mm.split("-")
    return f"{MONTHS[int(m) - 1]} {y}"


class Band(namedtuple("Band", "login name contact_id band last_touch")):
    """A colleague's shared tie to one contact (``last_touch``: YYYY-MM). A named tuple:
    ``show`` imports this module, and importing ``dataclasses`` costs more than its reads."""

    __slots__ = ()

    @property
    def month(self) -> str:
        """'Nov 2026'."""
        return month_words(self.last_touch)

    def to_json(self) -> dict:
        return {"login": self.login, "name": self.name, "band": self.band,
                "last_touch": self.last_touch}


def my_view(login: str | None, direct: bool, owner: str | None, closeness: int | None,
            touched: bool) -> tuple[bool, int | None]:
    """(do I know this card directly, the closeness that lifts my tie). Off a team: the
    card says. On a team a card is everyone's: I know them if my own log has them, or the
    card is mine and says so; its closeness is its maker's."""
    if login is None:
        return direct, closeness
    mine = owner == login
    return touched or (direct and mine), closeness if mine else None


def colleague_bands(store, session, contact_ids=None) -> list[Band]:
    """The bands colleagues share (mine left out), of these contacts or of all; [] off a
    team. The database shows only what my login may see."""
    from rolodex.core.db.fastread import on_session

    me = store.team_login()
    if me is None:
        return []
    return shared_bands(on_session(session), me, contact_ids)


def shared_bands(conn, me: str, contact_ids=None) -> list[Band]:
    """``colleague_bands`` through a ``fastread`` connection, for the member ``me``."""
    sql = ("SELECT t.login, m.name, t.contact_id, t.band, t.last_touch FROM shared_tie t "
           "JOIN member m ON m.login = t.login WHERE m.active AND t.login <> ?")
    params: list = [me]
    if contact_ids is not None:
        ids = sorted(set(contact_ids))
        if not ids:
            return []
        sql += " AND t.contact_id = ANY (?)"
        params.append(ids)
    return [Band(*r) for r in conn.rows(sql, params)]
