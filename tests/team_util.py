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


# -- what a member can read, for the privacy tests ------------------------------------------
def readable_tables(conn) -> list[str]:
    return [t for (t,) in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = "
        "current_schema() AND has_table_privilege(format('%I.%I', table_schema, table_name), "
        "'SELECT') ORDER BY table_name").fetchall()]


def read_in_sql(team: Team, who: str) -> dict:
    """Every row of every table ``who``'s own login can read, in the columns they may read
    (raw SQL as that role: what a colleague with psql sees)."""
    from rolodex.core.team.schema import HIDDEN_COLUMNS

    out = {}
    with team.raw(who) as conn:
        for table in readable_tables(conn):
            cols = [c for (c,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = current_schema() AND has_column_privilege("
                "format('%%I.%%I', table_schema, table_name), column_name, 'SELECT') "
                "ORDER BY ordinal_position", (table,)).fetchall()
                if c not in HIDDEN_COLUMNS.get(table, ())]
            out[table] = sorted(map(repr, conn.execute(
                f"SELECT {', '.join(cols)} FROM {table}").fetchall()))
    return out


def read_in_rolodex(team: Team, who: str, cid: int, now, clock) -> dict:
    """What rolodex shows ``who`` of the card ``cid`` and around it: show, stats and today
    as JSON (the CLI), the list's first page, overdue, the list's follow-up colours, the
    index rows and Today (the TUI's sources)."""
    import json

    from typer.testing import CliRunner

    from rolodex.cli.app import app
    from rolodex.core.db import fastread
    from rolodex.core.db.store import Store
    from rolodex.core.records.cadence import overdue
    from rolodex.core.search.listing import first_page
    from rolodex.core.search.rows import read_rows
    from rolodex.core.today import follow_ups, today

    out = {}
    for args in (["show", str(cid), "--json"], ["stats", "--json"], ["today", "--json"]):
        r = CliRunner().invoke(app, ["--db", team.url(who), *args])
        assert r.exit_code == 0, (args, r.output)
        out[args[0]] = json.loads(r.stdout)
        if isinstance(out[args[0]], dict):
            out[args[0]].pop("now", None)  # the CLI runs on the wall clock
    store = Store(team.url(who), clock=clock)
    try:
        out["first_page"] = first_page(store)
        out["overdue"] = overdue(store)
        out["follow_ups"] = follow_ups(store)
        with fastread.for_store(store) as conn:
            out["index"] = list(read_rows(conn, None))
        out["today"] = today(store, now)
    finally:
        store.close()
    return out
