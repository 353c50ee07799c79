"""Members of a team rolodex: each a PostgreSQL login role of their own, in the group role.

Adding and removing are the administrator's (a superuser's URL); listing is anyone's.
A removed member's role is made NOLOGIN and their row inactive: the policies look the
member up on every statement, so even a session still open sees nothing more, and their
private rows stay in the database for the administrator to export.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from rolodex.core.db.store import Store, _short
from rolodex.core.errors import NotFound, StoreError, UsageError
from rolodex.core.team.schema import Roles, q, team_roles

LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass
class Member:
    login: str
    name: str
    active: bool
    share_ties: bool

    def to_json(self) -> dict:
        return asdict(self)


def check_login(login: str, roles: Roles) -> str:
    if not LOGIN.match(login):
        raise UsageError(f"LOGIN: '{login}' is not a login name (lower-case letters, digits "
                         "and _, starting with a letter, at most 63)")
    if login in (roles.owner, roles.group) or login.startswith("pg_"):
        raise UsageError(f"LOGIN: '{login}' is a role of the team itself")
    return login


def add_member(store: Store, login: str, name: str, *, password: str | None = None) -> bool:
    """Create (or re-admit) ``login`` as a member named ``name``; True if the role is new.
    A role that already exists is accepted only if it is a plain login: no superuser, no
    BYPASSRLS, no member of another member's role or of the owner."""
    roles = team_roles(store)
    check_login(login, roles)
    name = name.strip()
    if not name:
        raise UsageError("NAME: a member needs a name")
    try:
        with store.tx() as s:
            x = s.execute
            row = x(text("SELECT rolsuper, rolbypassrls, rolcreaterole, oid FROM pg_roles "
                         "WHERE rolname = :r"), {"r": login}).first()
            if row is None:
                x(text(f"CREATE ROLE {q(login)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                       "NOCREATEROLE NOREPLICATION INHERIT"))
            else:
                if row[0] or row[1] or row[2]:
                    raise StoreError(f"{login}: that role is a superuser, bypasses row "
                                     "security or creates roles; a member is a plain login")
                inside = x(text(
                    "SELECT r.rolname FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid "
                    "WHERE a.member = :m AND (r.rolname = :o OR r.rolname IN "
                    "(SELECT login FROM member WHERE login <> :l))"),
                    {"m": row[3], "o": roles.owner, "l": login}).scalars().all()
                if inside:
                    raise StoreError(f"{login}: that role is a member of {inside[0]}; a "
                                     "member must be a plain login")
                x(text(f"ALTER ROLE {q(login)} LOGIN"))
            if password is not None:
                from psycopg import sql

                raw = s.connection().connection.driver_connection
                x(text(sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    sql.Identifier(login), sql.Literal(password)).as_string(raw)))
            x(text(f"GRANT {q(roles.group)} TO {q(login)}"))
            x(text("INSERT INTO member (login, name) VALUES (:l, :n) ON CONFLICT (login) "
                   "DO UPDATE SET name = excluded.name, active = true"), {"l": login, "n": name})
    except DatabaseError as exc:
        raise StoreError(f"{store.where()}: cannot add {login}, nothing changed "
                         f"({_short(exc)})") from exc
    return row is None


def remove_member(store: Store, login: str) -> None:
    """``login`` can no longer log in, nor see anything in a session still open; their
    shared bands go at once; their rows stay."""
    roles = team_roles(store)
    check_login(login, roles)
    try:
        with store.tx() as s:
            found = s.execute(text("UPDATE member SET active = false, share_ties = false "
                                   "WHERE login = :l"), {"l": login}).rowcount
            if not found:
                raise NotFound(f"no member {login}")
            s.execute(text("DELETE FROM shared_tie WHERE login = :l"), {"l": login})
            s.execute(text(f"ALTER ROLE {q(login)} NOLOGIN"))
    except DatabaseError as exc:
        raise StoreError(f"{store.where()}: cannot remove {login}, nothing changed "
                         f"({_short(exc)})") from exc


def list_members(store: Store) -> list[Member]:
    team_roles(store)
    with store.read() as s:
        rows = s.execute(text("SELECT login, name, active, share_ties FROM member "
                              "ORDER BY active DESC, name, login")).all()
    return [Member(*r) for r in rows]


def member_names(store: Store) -> dict[str, str]:
    """login -> name of every member (active or not)."""
    with store.read() as s:
        return dict(s.execute(text("SELECT login, name FROM member")).all())


__all__ = ["Member", "add_member", "remove_member", "list_members", "member_names"]
