"""The steps from each older schema to this one (``Store`` runs the pending ones).

The version itself is in ``core/db/schema.py`` (standard library only, so the fast readers
can check it without SQLAlchemy); this module refuses to load if a step is missing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Text, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from rolodex.core.db import models  # noqa: F401  (registers the tables)
from rolodex.core.db.schema import SCHEMA_VERSION
from rolodex.core.errors import StoreError

# Versioned migrations: from_version -> function(connection) that upgrades the schema to
# from_version + 1. All pending ones run in order inside one transaction, after an
# automatic backup of an SQLite file; then any table new in models.py is created.
# To change the schema: bump SCHEMA_VERSION (core/db/schema.py), change models.py, and
# register the step here with @migration(old_version).
MIGRATIONS: dict[int, Callable] = {}


def migration(from_version: int):
    def register(fn: Callable) -> Callable:
        MIGRATIONS[from_version] = fn
        return fn

    return register


@migration(0)
def _add_name_fold(conn) -> None:
    """Schema 0 had no folded name: add ``contact.name_fold``, fill it, index it."""
    from rolodex.core.text import fold

    cols = {c["name"] for c in inspect(conn).get_columns("contact")}
    if "name_fold" not in cols:
        conn.execute(text(
            "ALTER TABLE contact ADD COLUMN name_fold VARCHAR(300) NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT id, name FROM contact")).all()
    if rows:
        conn.execute(text("UPDATE contact SET name_fold = :f WHERE id = :i"),
                     [{"f": fold(name), "i": cid} for cid, name in rows])
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_contact_fold ON contact (name_fold)"))


# Indexes that models.py does not declare: company, title and location lookups of the
# search paths (``rolodex search`` and ``mutt-query`` read the distinct values, fold them
# and ask for contacts whose company is one of a few folded matches).
EXTRA_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_contact_company ON contact (company)",
    "CREATE INDEX IF NOT EXISTS ix_contact_title ON contact (title)",
)
LOCATION_INDEX = "CREATE INDEX IF NOT EXISTS ix_contact_location ON contact (location)"
EXTRA_INDEXES += (LOCATION_INDEX,)


@migration(1)
def _add_search_indexes(conn) -> None:
    """Schema 1 had no index on company and title."""
    for ddl in EXTRA_INDEXES:
        conn.execute(text(ddl))


@migration(2)
def _add_identity(conn) -> None:
    """Schema 2 had contacts without UIDs and no 'checked' flag on emails and phones.

    Every contact without a UID gets a fresh UUID; the ``checked`` columns are added (true:
    everything stored before was checked); the duplicate_pair table is created after the
    migrations by ``create_all``. ALTER TABLE ADD COLUMN only, no table rebuild."""

    for table in ("contact_email", "contact_phone"):
        cols = {c["name"] for c in inspect(conn).get_columns(table)}
        if "checked" not in cols:
            conn.execute(text(
                f"ALTER TABLE {table} ADD COLUMN checked BOOLEAN NOT NULL DEFAULT TRUE"))
    ids = [r[0] for r in conn.execute(text("SELECT id FROM contact WHERE uid IS NULL OR uid = ''"))]
    if ids:
        conn.execute(text("UPDATE contact SET uid = :u WHERE id = :i"),
                     [{"u": str(uuid.uuid4()), "i": cid} for cid in ids])


@contextmanager
def migrating(engine: Engine) -> Iterator:
    """The connection the migrations run on, in one transaction.

    On SQLite the foreign keys are OFF for it (set before BEGIN: inside a transaction
    SQLite ignores the pragma), because a migration that rebuilds a table
    (``rebuild_table``) drops the old one, and with foreign keys on that DROP runs the
    ON DELETE CASCADE of every child table: the emails, interactions... would go. Before
    the commit ``foreign_key_check`` must find nothing; the keys are on again after.
    """
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection if conn.dialect.name == "sqlite" else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                yield conn
                if raw is not None:
                    bad = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if bad:
                        t, rowid, parent, _fk = bad[0]
                        raise StoreError(f"migration left {len(bad)} broken reference(s), "
                                         f"e.g. {t} row {rowid} -> {parent}")
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")


def rebuild_table(conn, name: str) -> None:
    """Rebuild SQLite table ``name`` as models.py declares it now (SQLite cannot alter a
    column's type or constraints in place), keeping every row of the columns old and new
    share: create the new table, copy, drop the old, rename, recreate its indexes.
    Only inside ``migrating`` (foreign keys off); PostgreSQL alters tables in place."""
    from sqlalchemy.schema import CreateIndex, CreateTable

    if conn.dialect.name != "sqlite":
        raise StoreError(f"rebuild_table({name}): SQLite only; use ALTER TABLE")
    if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise StoreError(f"rebuild_table({name}): foreign keys are on (use migrating())")
    table = SQLModel.metadata.tables[name]
    have = {c["name"] for c in inspect(conn).get_columns(name)}
    cols = ", ".join(f'"{c.name}"' for c in table.columns if c.name in have)
    tmp = f"_rebuild_{name}"
    ddl = str(CreateTable(table).compile(dialect=conn.dialect)).strip()
    head = ddl.split("(", 1)
    conn.exec_driver_sql(f'CREATE TABLE "{tmp}" (' + head[1])
    conn.exec_driver_sql(f'INSERT INTO "{tmp}" ({cols}) SELECT {cols} FROM "{name}"')
    conn.exec_driver_sql(f'DROP TABLE "{name}"')
    conn.exec_driver_sql(f'ALTER TABLE "{tmp}" RENAME TO "{name}"')
    for index in table.indexes:
        conn.execute(CreateIndex(index, if_not_exists=True))
    for ddl in EXTRA_INDEXES:
        if f" ON {name} " in ddl:
            conn.execute(text(ddl))

def _holds_text(sa_type) -> bool:
    """A string column: String/Text, SQLModel's AutoString, our clean types."""
    from sqlalchemy import String
    from sqlalchemy.types import TypeDecorator

    while isinstance(sa_type, TypeDecorator):
        sa_type = sa_type.impl_instance
    return isinstance(sa_type, String)


@migration(3)
def _clean_stored_text(conn) -> None:
    """Schema 3 stored text as it came: a stranger's vCard could put terminal control
    sequences in a name. Every text column of every row is cleaned by the rule writers
    now follow (core.text.clean_text; multi-line columns keep tab and newline), and the folded name
    follows its name. A cleaned value that would collide with a unique one already there
    (a skill 'Go<ESC>' beside 'Go') is left for ``rolodex check`` to report."""
    from rolodex.core.db.models import CleanText
    from rolodex.core.text import clean_text, fold

    present = set(inspect(conn).get_table_names())  # tables new since are made after
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in present or table.name == "rolodex_meta" or "id" not in table.c:
            continue
        have = {c["name"] for c in inspect(conn).get_columns(table.name)}
        cols = [c for c in table.columns if c.name in have and _holds_text(c.type)]
        if not cols:
            continue
        names = ", ".join(f'"{c.name}"' for c in cols)
        updates = []
        for row in conn.execute(text(f'SELECT id, {names} FROM "{table.name}"')):
            changed = {}
            for c, v in zip(cols, row[1:], strict=True):
                if isinstance(v, str) and v:
                    cv = clean_text(v, multiline=isinstance(c.type, Text | CleanText))
                    if cv != v:
                        changed[c.name] = cv
            if changed:
                if table.name == "contact" and "name" in changed:
                    changed["name_fold"] = fold(changed["name"])
                updates.append((row[0], changed))
        for rid, changed in updates:
            sets = ", ".join(f'"{k}" = :{k}' for k in changed)
            try:
                with conn.begin_nested():
                    conn.execute(text(f'UPDATE "{table.name}" SET {sets} WHERE id = :rid'),
                                 {**changed, "rid": rid})
            except IntegrityError:
                continue


@migration(4)
def _add_follow_up_due(conn) -> None:
    """Schema 4 kept an entry's follow-up day (``interaction.follow_up``) but not who still
    owes one: ``contact.follow_up_due`` is added and indexed (ALTER TABLE ADD COLUMN only).
    Schema 9's step moves it to each owner's row of my_tie and fills it from the log."""
    cols = {c["name"] for c in inspect(conn).get_columns("contact")}
    if "follow_up_due" not in cols:
        conn.execute(text("ALTER TABLE contact ADD COLUMN follow_up_due DATE"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_contact_follow_up_due "
                      "ON contact (follow_up_due)"))


# The columns of a team rolodex (core/team): who wrote a row, and whether it is for the
# team. NULL / false on SQLite, where there is no team; ``rolodex team init`` gives the
# login columns the server default ``current_user`` on a team database.
TEAM_COLUMNS = (
    ("contact", "owner", "VARCHAR(63) DEFAULT NULL"),
    ("contact", "private", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("interaction", "owner", "VARCHAR(63) DEFAULT NULL"),
    ("interaction", "shared", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("interaction_participant", "owner", "VARCHAR(63) DEFAULT NULL"),
    ("interaction_participant", "shared", "BOOLEAN NOT NULL DEFAULT FALSE"),
    ("knows", "recorded_by", "VARCHAR(63) DEFAULT NULL"),
    ("endorsement", "recorded_by", "VARCHAR(63) DEFAULT NULL"),
)


@migration(5)
def _add_team_columns(conn) -> None:
    """Schema 5 had no team: add who wrote each contact, interaction (and its participant
    rows), knows-edge and endorsement, and the private / shared flags (ALTER TABLE ADD
    COLUMN only; every row written before is a team card, and nobody's log)."""
    for table, column, ddl in TEAM_COLUMNS:
        if column not in {c["name"] for c in inspect(conn).get_columns(table)}:
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


@migration(6)
def _add_my_tie(conn) -> None:
    """Schema 6 recomputed my ties from the whole log on every ``who`` and ``stats``, and a
    team card's ``last_touch_at`` was the newest touch anyone logged (a colleague learnt
    when I last called someone): the table ``my_tie`` (one row per owner and contact: the
    newest one-to-one touch and the tie model's accumulator, core/db/my_ties.py) is made
    and filled from every owner's log (interactions with no owner: ''), and the column
    ``contact.last_touch_at`` and its index are dropped (every reader reads ``my_tie``)."""
    from rolodex.core.db import my_ties
    from rolodex.core.db.models import MyTie

    MyTie.__table__.create(conn, checkfirst=True)
    my_ties.recompute(conn, every_owner=True)
    if "last_touch_at" in {c["name"] for c in inspect(conn).get_columns("contact")}:
        conn.execute(text("DROP INDEX IF EXISTS ix_contact_last_touch_at"))
        conn.execute(text("ALTER TABLE contact DROP COLUMN last_touch_at"))


@migration(7)
def _add_follow_up_done_and_snooze(conn) -> None:
    """Schema 7 closed a follow-up only by a later entry: each participant row gets
    ``follow_up_done`` (closed without logging) and ``follow_up_until`` (snoozed to that
    day). ALTER TABLE ADD COLUMN only; every follow-up stays as it was (not done, its
    entry's day), so ``follow_up_due`` needs no refresh."""
    _participant_follow_up_columns(conn)


def _participant_follow_up_columns(conn) -> None:
    """Add ``follow_up_done`` and ``follow_up_until`` to the participant rows if missing
    (the step of schema 7)."""
    cols = {c["name"] for c in inspect(conn).get_columns("interaction_participant")}
    for column, ddl in (("follow_up_done", "BOOLEAN NOT NULL DEFAULT FALSE"),
                        ("follow_up_until", "DATE")):
        if column not in cols:
            conn.execute(text(f"ALTER TABLE interaction_participant ADD COLUMN {column} {ddl}"))


@migration(8)
def _add_location_index(conn) -> None:
    """Schema 8 had no index on location: reading its distinct values scanned every row
    (the one-shot search and ``mutt-query`` read them on every run)."""
    conn.execute(text(LOCATION_INDEX))


@migration(9)
def _follow_ups_mine(conn) -> None:
    """Schema 9 kept the earliest open follow-up on the card (``contact.follow_up_due``),
    from the log of whoever wrote it: on a team a colleague read my promise to call back
    (issue 12). Each owner's day moves to their row of ``my_tie`` (a new column; a row may
    now hold a follow-up with no touch, so ``last_touch_at`` may be NULL and ``acc``
    defaults to 0), filled from every owner's log by the writers' rule
    (core/db/derived.py), and the card's column and its index are dropped."""
    from rolodex.core.db.derived import refresh_follow_ups

    if "follow_up_due" not in {c["name"] for c in inspect(conn).get_columns("my_tie")}:
        if conn.dialect.name == "sqlite":
            rebuild_table(conn, "my_tie")  # a NOT NULL dropped: SQLite rebuilds the table
        else:
            conn.execute(text("ALTER TABLE my_tie ADD COLUMN follow_up_due DATE"))
            conn.execute(text("ALTER TABLE my_tie ALTER COLUMN last_touch_at DROP NOT NULL"))
            conn.execute(text("ALTER TABLE my_tie ALTER COLUMN acc SET DEFAULT 0"))
            conn.execute(text("CREATE INDEX IF NOT EXISTS ix_my_tie_owner_follow_up_due "
                              "ON my_tie (owner, follow_up_due)"))
    refresh_follow_ups(conn, None, every_owner=True)
    if "follow_up_due" in {c["name"] for c in inspect(conn).get_columns("contact")}:
        conn.execute(text("DROP INDEX IF EXISTS ix_contact_follow_up_due"))
        conn.execute(text("ALTER TABLE contact DROP COLUMN follow_up_due"))


@migration(10)
def _add_text_fold(conn) -> None:
    """Schema 10 had no folded copy of the address, URL and notes: a deep search folded
    every such row in Python on every run (about 200 ms of ``rolodex search`` at 34,257
    contacts). Add ``contact.text_fold`` and fill it by the writers' rule
    (models.text_fold)."""
    if "text_fold" not in {c["name"] for c in inspect(conn).get_columns("contact")}:
        conn.execute(text("ALTER TABLE contact ADD COLUMN text_fold TEXT NOT NULL DEFAULT ''"))
    rows = conn.execute(text("SELECT id, address, url, notes FROM contact WHERE "
                             "address <> '' OR url <> '' OR notes <> ''")).all()
    if rows:
        conn.execute(text("UPDATE contact SET text_fold = :f WHERE id = :i"),
                     [{"f": models.text_fold(a, u, n), "i": cid} for cid, a, u, n in rows])


@migration(11)
def _cover_knows_b_id(conn) -> None:
    """Schema 11 indexed ``knows.b_id`` alone: reading the ties of a set of people from
    the b end looked up every row for its a_id (255 ms of ``rolodex stats`` at 100,000
    contacts, 62 ms with the a_id in the index). The index on (b_id, a_id) replaces it."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_knows_b_id_a_id ON knows (b_id, a_id)"))
    conn.execute(text("DROP INDEX IF EXISTS ix_knows_b_id"))


if sorted(MIGRATIONS) != list(range(SCHEMA_VERSION)):
    raise ImportError(f"migrations {sorted(MIGRATIONS)} do not reach schema {SCHEMA_VERSION}")
