"""Colleagues' ties on a team rolodex, as the network reads them: a band (strong /
moderate / weak) and the month of the last touch per colleague and contact, nothing more.
The table is written only by the database's own functions (core/team/schema.py, through
core/team/bands.py); here it is only read, and the server shows only what my login may
see (row-level security)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import Integer

from rolodex.core.db.store import Store

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_words(yyyy_mm: str) -> str:
    """'2026-11' -> 'Nov 2026' (the month of a shared last touch)."""
    y, m = yyyy_mm.split("-")
    return f"{MONTHS[int(m) - 1]} {y}"


@dataclass(frozen=True)
class Band:
    """A colleague's shared tie to one contact."""

    login: str
    name: str
    contact_id: int
    band: str
    last_touch: str  # YYYY-MM

    @property
    def month(self) -> str:
        """'Nov 2026'."""
        return month_words(self.last_touch)

    def to_json(self) -> dict:
        return {"login": self.login, "name": self.name, "band": self.band,
                "last_touch": self.last_touch}


def colleague_bands(store: Store, session, contact_ids=None) -> list[Band]:
    """The bands colleagues share (mine left out), of these contacts or of all; [] off a
    team. The database shows only what my login may see."""
    me = store.team_login()
    if me is None:
        return []
    sql = ("SELECT t.login, m.name, t.contact_id, t.band, t.last_touch FROM shared_tie t "
           "JOIN member m ON m.login = t.login WHERE m.active AND t.login <> :me")
    params: dict = {"me": me}
    if contact_ids is not None:
        ids = sorted(set(contact_ids))
        if not ids:
            return []
        sql += " AND t.contact_id = ANY (:ids)"
        q = text(sql).bindparams(bindparam("ids", type_=ARRAY(Integer)))
        params["ids"] = ids
    else:
        q = text(sql)
    return [Band(*r) for r in session.execute(q, params)]
