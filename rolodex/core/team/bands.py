"""Ties shared as bands: a member who opts in publishes, for each contact of their own log,
only a band (strong / moderate / weak, core/ties.py) and the month of the last
touch, never the log behind it.

Members cannot write ``shared_tie`` at all: the security-definer functions of
core/team/schema.py compute the caller's own rows from the caller's own log. The writer
path (core/records/interactions.py) asks for the contacts it touched in the same
transaction; ``share_ties(store, False)`` removes every band of the caller at once.
"""

from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.types import Integer

from rolodex.core.db.store import Store, _short
from rolodex.core.errors import StoreError, UsageError
from rolodex.core.paths import is_sqlite
from rolodex.core.team.schema import require_server


def _require_member(store: Store) -> str:
    login = store.team_login()
    if login is None:
        require_server(store.url)
        raise UsageError(f"team: {store.where()} is not a team rolodex you are a member of "
                         "(connect as your own login)")
    return login


def share_ties(store: Store, on: bool) -> int:
    """Start (and publish every band now) or stop sharing my ties; how many bands I share."""
    _require_member(store)
    try:
        with store.tx() as s:
            return int(s.execute(text("SELECT rolodex_share_ties(:on)"), {"on": on}).scalar())
    except DatabaseError as exc:
        raise StoreError(f"{store.where()}: cannot change sharing ({_short(exc)})") from exc


def refresh_bands(store: Store, session, contact_ids) -> None:
    """In the writer's transaction: my bands for these contacts, from my log as it is now
    (nothing when I do not share; nothing at all off a team)."""
    if store.team_login() is not None:
        # only on a team: the PostgreSQL dialect costs every SQLite write ~0.1 s to import
        from sqlalchemy.dialects.postgresql import ARRAY

        q = text("SELECT rolodex_refresh_ties(:ids)").bindparams(
            bindparam("ids", type_=ARRAY(Integer)))
        session.execute(q, {"ids": sorted(set(contact_ids))})


def recompute_bands(store: Store, session) -> str | None:
    """``rolodex check --repair``: the shared bands recomputed from the log as it is now,
    in the repair's transaction: a member's own (what a member may), the administrator's
    every sharing member's; what was done in words, None off a team or with no one
    sharing."""
    if is_sqlite(store.url):
        return None
    if store.team_login() is not None:
        n = int(session.execute(text("SELECT rolodex_refresh_ties(NULL)")).scalar())
        return f"your {n:,} shared band{'s' if n != 1 else ''} recomputed" if n else None
    if not session.execute(text("SELECT to_regproc('rolodex_refresh_ties') IS NOT NULL")
                           ).scalar():
        return None  # a personal rolodex on a server: no team
    members, n = session.execute(text(
        "SELECT count(*), coalesce(sum(rolodex_refresh_ties(NULL, login)), 0) FROM member "
        "WHERE active AND share_ties")).one()
    if not members:
        return None
    return (f"{n:,} shared band{'s' if n != 1 else ''} of {members} member"
            f"{'s' if members != 1 else ''} recomputed")
