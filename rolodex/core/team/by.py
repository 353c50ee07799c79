"""Who logged an entry, on a team rolodex (the log's "By" and ``show --json``'s ``"by"``).

Read through a ``fastread`` connection (stdlib only), so the fast ``show`` and the Store
paths (through ``fastread.on_session``) name the loggers by one rule.
"""

from __future__ import annotations

from typing import NamedTuple


class By(NamedTuple):
    """Who logged an entry, on a team rolodex: a member, or me."""

    login: str
    name: str
    mine: bool

    @property
    def words(self) -> str:
        """'you', or the colleague's name."""
        return "you" if self.mine else self.name

    def to_json(self) -> dict:
        return {"login": self.login, "name": self.name, "you": self.mine}


def logged_by(conn, me: str | None, owners) -> dict[str, By]:
    """login -> By for these owners of entries (Interaction.owner), read through ``conn``
    (a ``fastread.ReadConn``); ``me``: my team login. {} off a team, where an entry is
    always mine. A login no longer in ``member`` is named by itself."""
    logins = sorted({o for o in owners if o})
    if me is None or not logins:
        return {}
    names = dict(conn.rows("SELECT login, name FROM member WHERE login = ANY (?)", (logins,)))
    return {login: By(login, names.get(login, login), login == me) for login in logins}
