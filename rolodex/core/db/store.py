"""Engine and session handling: pragmas, file modes, schema version, migrations.

``Store`` is the one handle the CLI and the TUI hold. Every change goes through
``store.tx()``: one transaction, committed whole or rolled back whole.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Text, event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, create_engine

from rolodex.core.db import models  # noqa: F401  (registers the tables)
from rolodex.core.db.fastread import PG_CHANNEL, SCHEMA_VERSION, ChangeWatch
from rolodex.core.errors import RolodexError, StoreError
from rolodex.core.files import write_new
from rolodex.core.paths import display_url, is_sqlite, resolve_db_url, sqlite_path

# Versioned migrations: from_version -> function(connection) that upgrades the schema to
# from_version + 1. All pending ones run in order inside one transaction, after an
# automatic backup of an SQLite file; then any table new in models.py is created.
# To change the schema: bump SCHEMA_VERSION (core/db/fastread.py), change models.py, and
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


# Indexes that models.py does not declare: company and title lookups of the search paths
# (``rolodex search`` asks for contacts whose company is one of a few folded matches).
EXTRA_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_contact_company ON contact (company)",
    "CREATE INDEX IF NOT EXISTS ix_contact_title ON contact (title)",
)


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
    import uuid

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
    owes one: ``contact.follow_up_due`` is added, indexed, and filled from the log by the
    writers' own rule (an entry's follow-up is open until a later one-to-one entry with
    that person; ``refresh_follow_ups``). ALTER TABLE ADD COLUMN only."""
    from rolodex.core.db.derived import refresh_follow_ups

    cols = {c["name"] for c in inspect(conn).get_columns("contact")}
    if "follow_up_due" not in cols:
        conn.execute(text("ALTER TABLE contact ADD COLUMN follow_up_due DATE"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_contact_follow_up_due "
                      "ON contact (follow_up_due)"))
    refresh_follow_ups(conn, None)


Clock = Callable[[], datetime]
T = TypeVar("T")

# An event naming more contacts than this (an import) is a bulk change: those who follow
# the store (the TUI's index, the network) reload instead of applying it one by one.
BULK_EVENT = 200


# A writer waits this long in all for another program's write lock (the CLI's
# $ROLODEX_BUSY_MS): SQLite's busy handler waits up to BUSY_STEP_MS at a time, then the
# store retries with a growing pause until the total is spent.
BUSY_TOTAL_MS = 30_000
BUSY_STEP_MS = 5_000
WRITE = "rolodex_write"  # the execution option that makes a transaction a write


def _sqlite_on_connect(busy_ms: int):
    def on_connect(dbapi_conn, _record):
        # The driver's own transaction handling is switched off so that BEGIN is ours.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            # the first statement reads the file: a file that is not SQLite fails here
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
        finally:
            cur.close()

    return on_connect


def _is_busy(exc: BaseException) -> bool:
    msg = str(getattr(exc, "orig", None) or exc).lower()
    return "locked" in msg or "busy" in msg


def _prepare_sqlite_file(path: Path, create: bool) -> None:
    """The folder and an empty 0600 file for a new rolodex.

    Never opens an existing file with anything but SQLite: POSIX locks belong to the
    process, so closing any other descriptor on the database drops the locks the process's
    SQLite connections hold, and another program then deletes the -wal under them. Whether
    the file is SQLite at all is found by the first connection (``not_sqlite``).
    """
    folder = path.parent
    if not folder.exists():
        if not create:
            raise StoreError(f"{path}: no rolodex there")
        try:
            folder.mkdir(parents=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a rolodex database")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no rolodex there")
        try:
            # O_EXCL: a file that appeared meanwhile is someone's, and may be open here
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the database ({exc.strerror})") from exc


def not_sqlite(exc: BaseException) -> bool:
    """The error SQLite gives for a file that is not an SQLite database."""
    return "file is not a database" in str(getattr(exc, "orig", None) or exc)


class Store:
    """A rolodex database. ``clock`` gives "now" (tests pass a fixed one)."""

    def __init__(
        self,
        url: str | None = None,
        *,
        clock: Clock | None = None,
        create: bool = True,
        busy_timeout_ms: int = BUSY_TOTAL_MS,
        echo: bool = False,
    ):
        self.url = resolve_db_url(url)
        self.clock: Clock = clock or datetime.now
        self.path = sqlite_path(self.url)
        self._listeners: list[Callable[[str, object], None]] = []
        self.upgraded_from = None  # the old schema version when opening upgraded it
        self.upgrade_backup: Path | None = None
        self.busy_ms = max(0, int(busy_timeout_ms))
        self.token = uuid.uuid4().hex  # names this Store's own writes (PostgreSQL NOTIFY)
        self.own_marks: set[int] = set()  # change marks of this Store's commits (SQLite)
        self._watches: list[ChangeWatch] = []
        if self.path is not None:
            _prepare_sqlite_file(self.path, create)
        self.engine = self._make_engine(echo)
        # the same engine and pool; its transactions are writes (BEGIN IMMEDIATE on SQLite)
        self._writer = self.engine.execution_options(**{WRITE: True})
        try:
            self._ensure_schema()
        except RolodexError:
            self.engine.dispose()
            raise
        except (DatabaseError, OSError) as exc:
            self.engine.dispose()
            if not_sqlite(exc):
                raise StoreError(f"{self._where()}: not a rolodex database "
                                 "(not an SQLite file)") from exc
            if _is_busy(exc):
                raise StoreError(f"{self._where()}: the database is locked by another "
                                 "program; nothing was done") from exc
            raise StoreError(f"{self._where()}: cannot open the rolodex ({_short(exc)})") from exc

    # -- engine -----------------------------------------------------------------------------
    def _make_engine(self, echo: bool) -> Engine:
        if is_sqlite(self.url):
            engine = create_engine(
                self.url, echo=echo, connect_args={"check_same_thread": False}
            )
            event.listen(engine, "connect",
                         _sqlite_on_connect(min(self.busy_ms, BUSY_STEP_MS)))
            event.listen(engine, "begin", self._sqlite_begin)
            return engine
        return create_engine(self.url, echo=echo, pool_pre_ping=True)

    def _sqlite_begin(self, conn) -> None:
        """Reads begin deferred. A write takes the write lock at once (BEGIN IMMEDIATE), so
        it waits for another writer instead of failing later on a stale snapshot; after
        SQLite's busy timeout it retries with a growing pause, up to ``busy_ms`` in all.
        Nothing has been written yet, so giving up leaves nothing behind."""
        if not conn.get_execution_options().get(WRITE):
            conn.exec_driver_sql("BEGIN")
            return
        raw = conn.connection.driver_connection
        deadline = time.monotonic() + self.busy_ms / 1000
        pause = 0.02
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                left = deadline - time.monotonic()
                if not _is_busy(exc) or left <= 0:
                    if _is_busy(exc):
                        raise Busy(self._busy_message()) from exc
                    raise
                time.sleep(min(pause * (0.5 + random.random()), left))
                pause = min(pause * 2, 1.0)

    def _busy_message(self) -> str:
        return (f"{self._where()}: the database is busy (locked by another program for "
                f"{_seconds(self.busy_ms)}); not saved")

    def _where(self) -> str:
        return display_url(self.url)

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def close(self) -> None:
        for watch in self._watches:
            watch.close()
        self._watches.clear()
        self.engine.dispose()

    # -- schema -----------------------------------------------------------------------------
    def _ensure_schema(self) -> None:
        with self.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        if "rolodex_meta" not in tables:
            if tables - {"sqlite_sequence"}:
                raise StoreError(f"{self._where()}: not a rolodex database (it has other tables)")
            with self._writer.begin() as conn:
                SQLModel.metadata.create_all(conn)
                for ddl in EXTRA_INDEXES:
                    conn.execute(text(ddl))
                conn.execute(
                    text("INSERT INTO rolodex_meta (key, value) VALUES ('schema_version', :v)"),
                    {"v": str(SCHEMA_VERSION)},
                )
            return
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self._where()}: written by a newer rolodex (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade rolodex to open it"
            )
        if version < SCHEMA_VERSION:
            self._upgrade(version)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT value FROM rolodex_meta WHERE key = 'schema_version'")
            ).first()
        if row is None or not str(row[0]).isdigit():
            raise StoreError(f"{self._where()}: not a rolodex database (no schema version)")
        return int(row[0])

    def _upgrade(self, version: int) -> None:
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise StoreError(f"{self._where()}: schema {version} is too old to upgrade "
                             f"(no migration from {missing[0]})")
        backup = self.backup_path(version)
        if backup is not None:
            self.backup(backup)
        self.upgraded_from: int | None = version
        self.upgrade_backup = backup
        try:
            with migrating(self.engine) as conn:
                for v in range(version, SCHEMA_VERSION):
                    MIGRATIONS[v](conn)
                SQLModel.metadata.create_all(conn)
                conn.execute(
                    text("UPDATE rolodex_meta SET value = :v WHERE key = 'schema_version'"),
                    {"v": str(SCHEMA_VERSION)},
                )
        except (DatabaseError, OSError) as exc:
            kept = f"; the backup is {backup}" if backup else ""
            raise StoreError(f"{self._where()}: upgrading schema {version} to "
                             f"{SCHEMA_VERSION} failed, nothing changed ({_short(exc)}){kept}"
                             ) from exc

    def backup_path(self, version: int) -> Path | None:
        if self.path is None:
            return None
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        return self.path.with_name(f"{self.path.stem}.schema{version}.{stamp}.bak")

    def backup(self, dest: str | Path, *, force: bool = False) -> Path:
        """A consistent copy of the whole rolodex (SQLite online backup API), written beside
        ``dest`` and renamed over it; an existing ``dest`` is refused unless ``force``."""
        if self.path is None:
            raise StoreError("backup works on SQLite rolodexes; use pg_dump for PostgreSQL")

        def fill(tmp: Path) -> None:
            try:
                src = sqlite3.connect(str(self.path))
                out = sqlite3.connect(str(tmp))
                try:
                    src.backup(out)
                finally:
                    out.close()
                    src.close()
            except sqlite3.Error as exc:
                raise StoreError(f"{dest}: cannot write the backup ({_short(exc)})") from exc

        return write_new(dest, fill, force=force, what="the backup")

    # -- transactions -------------------------------------------------------------------------
    @contextmanager
    def tx(self) -> Iterator[Session]:
        """One write transaction: commit on success, roll back whole on any error.

        On SQLite it takes the write lock at its first statement (work done before that,
        like parsing a file, does not hold it), waiting and retrying for ``busy_ms``; see
        ``_sqlite_begin``. On PostgreSQL a serialization failure or a deadlock at any
        point rolls back whole with a clear message (``write(fn)`` retries them).
        """
        session = Session(self._writer, expire_on_commit=False)
        committing = saved = False
        mark = None
        try:
            yield session
            if session.in_transaction():
                mark = self._mark_change(session)
            committing = True
            session.commit()
            saved = True
        except IntegrityError as exc:
            session.rollback()
            raise RolodexError(f"not saved: {_short(exc)}") from exc
        except OperationalError as exc:
            session.rollback()
            if _retryable(exc):
                raise Conflict(f"{self._where()}: another program changed the same data at "
                               "the same moment; not saved, try again") from exc
            if committing and not is_sqlite(self.url):
                # the commit itself failed on a server (a lost connection): whether it was
                # applied is unknown, so never a plain "not saved". SQLite's COMMIT is
                # atomic in this process: an error there (a full disk) means not saved.
                raise StoreError(f"{self._where()}: the commit failed ({_short(exc)}); the "
                                 "change may or may not have been saved: look before "
                                 "trying again") from exc
            if is_sqlite(self.url) and _is_busy(exc):
                raise Busy(self._busy_message()) from exc
            raise StoreError(f"{self._where()}: not saved ({_short(exc)})") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            if mark is not None and not saved:
                self.own_marks.discard(mark)

    def _mark_change(self, session: Session) -> int | None:
        """Tell the programs watching this rolodex (``ChangeWatch``) that it changed, and
        which change is ours. SQLite: a counter in the header (``PRAGMA user_version``; the
        transaction holds the write lock), PostgreSQL: NOTIFY with this Store's token."""
        if not is_sqlite(self.url):
            session.execute(text("SELECT pg_notify(:c, :t)"), {"c": PG_CHANNEL, "t": self.token})
            return None
        mark = int(session.execute(text("PRAGMA user_version")).scalar_one()) + 1
        if mark > 2**31 - 1:
            mark = 1
        session.execute(text(f"PRAGMA user_version = {mark}"))
        self.own_marks.add(mark)  # before the commit: a look right after it knows it is ours
        return mark

    def write(self, fn: Callable[[Session], T], *, attempts: int = 5) -> T:
        """``fn(session)`` in one ``tx()``, run again from scratch (up to ``attempts`` times,
        with a growing pause) when PostgreSQL reports a serialization failure or a
        deadlock: ``fn`` must be re-runnable (it only talks to the session)."""
        pause = 0.05
        for attempt in range(1, attempts + 1):
            try:
                with self.tx() as s:
                    return fn(s)
            except Conflict:
                if attempt == attempts:
                    raise
                time.sleep(pause * (0.5 + random.random()))
                pause = min(pause * 2, 1.0)
        raise AssertionError("unreachable")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (nothing is committed)."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
        except OperationalError as exc:
            raise StoreError(f"{self._where()}: cannot read ({_short(exc)})") from exc
        finally:
            session.close()

    def watch_changes(self) -> ChangeWatch | None:
        """A ``ChangeWatch`` following this Store's own writes (None for an in-memory
        database, which no other program can reach); closed with the Store."""
        if self.path is None and is_sqlite(self.url):
            return None
        watch = ChangeWatch(self.url)
        watch.follow(self)
        self._watches.append(watch)
        return watch

    # -- change notification (the TUI's fuzzy index and graph follow edits) -----------------
    def subscribe(self, listener: Callable[[str, object], None]) -> None:
        """``listener(event, payload)`` after each committed change, e.g. ('contact', id)."""
        self._listeners.append(listener)

    def notify(self, event_name: str, payload: object = None) -> None:
        """Tell the listeners; called after the commit, so the change is saved whatever
        they do: one that cannot read it now gets ('reload', None) and catches up later
        (never a "not saved" for a write that was made)."""
        for listener in list(self._listeners):
            try:
                listener(event_name, payload)
            except RolodexError:
                listener("reload", None)


class Busy(StoreError):
    """Another program held the write lock for longer than the store waits."""


class Conflict(StoreError):
    """PostgreSQL refused the transaction for a concurrent one (serialization, deadlock)."""


def _retryable(exc: BaseException) -> bool:
    code = getattr(getattr(exc, "orig", None), "sqlstate", None)
    return code in ("40001", "40P01")  # serialization_failure, deadlock_detected


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g} s"


def _short(exc: BaseException) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return msg[0] if msg else exc.__class__.__name__
