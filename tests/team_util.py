"""A team rolodex for a test: a database of its own on the test server, made a team by
``init_team`` as the superuser, with login roles for the members; everything dropped
after (roles are cluster-wide, so every name carries this run's tag)."""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from conftest import PG_URL, _pg_or_skip
from sqlalchemy.engine import make_url

from rolodex.core.paths import libpq_url
from rolodex.core.team.schema import Roles


@dataclass
class Team:
    admin: str  # the superuser's URL of the team database
    db: str
    prefix: str
    logins: dict[str, str]  # short name -> login role

    def url(self, who: str) -> str:
        """The SQLAlchemy URL that connects as member ``who`` (no superuser, no owner)."""
        return _url(self.db, self.logins.get(who, who))

    def raw(self, who: str, **kw) -> psycopg.Connection:
        """A plain psycopg connection as member ``who``."""
        return psycopg.connect(libpq_url(self.url(who)), **kw)

    @property
    def owner(self) -> str:
        return Roles(self.prefix).owner

    @property
    def group(self) -> str:
        return Roles(self.prefix).group


def _url(db: str, user: str) -> str:
    return make_url(PG_URL).set(database=db, username=user).render_as_string(
        hide_password=False)


@contextmanager
def team_db(members=(("alice", "Alice Wong"), ("bob", "Bob Li")), *, init: bool = True):
    from rolodex.core.db.store import Store
    from rolodex.core.team.members import add_member
    from rolodex.core.team.schema import init_team

    tag = uuid.uuid4().hex[:10]
    db, prefix = f"rolodex_team_{tag}", f"rt_{tag}"
    base = libpq_url(PG_URL)
    with _pg_or_skip(base) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    team = Team(_url(db, make_url(PG_URL).username), db, prefix,
                {short: f"{short}_{tag}" for short, _ in members})
    try:
        if init:
            store = Store(team.admin)
            try:
                init_team(store, prefix)
                for short, name in members:
                    add_member(store, team.logins[short], name)
            finally:
                store.close()
        yield team
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (db,))
            conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
            for role in [*team.logins.values(), team.owner, team.group]:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')
