"""Engine and session handling: pragmas, file modes, the schema check and upgrade.

``Store`` is the one handle the CLI and the TUI hold. Every change goes through
``store.tx()``: one transaction, committed whole or rolled back whole.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, SQLModel, create_engine

from rolodex.core.db import models  # noqa: F401  (registers the tables)
from rolodex.core.db.events import Change, decode
from rolodex.core.db.fastread import ChangeWatch, ReadConn, open_as_member
from rolodex.core.db.migrations import EXTRA_INDEXES, MIGRATIONS, migrating
from rolodex.core.db.schema import PG_CHANNEL, SCHEMA_VERSION
from rolodex.core.errors import RolodexError, StoreError
from rolodex.core.files import write_new
from rolodex.core.paths import display_url, is_sqlite, resolve_db_url, sqlite_path

Clock = Callable[[], datetime]
T = TypeVar("T")



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
        self._listeners: list[Callable[[Change], None]] = []
        self.upgraded_from = None  # the old schema version when opening upgraded it
        self.upgrade_backup: Path | None = None
        self.busy_ms = max(0, int(busy_timeout_ms))
        self.token = uuid.uuid4().hex  # names this Store's own writes (PostgreSQL NOTIFY)
        self.own_marks: set[int] = set()  # change marks of this Store's commits (SQLite)
        self._watches: list[ChangeWatch] = []
        self._team: str | None = None  # "" once known to be no team member (team_login)
        self._team_lock = threading.Lock()  # the TUI's workers ask from several threads
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
                raise StoreError(f"{self.where()}: not a rolodex database "
                                 "(not an SQLite file)") from exc
            if _is_busy(exc):
                raise StoreError(f"{self.where()}: the database is locked by another "
                                 "program; nothing was done") from exc
            raise StoreError(f"{self.where()}: cannot open the rolodex ({_short(exc)})") from exc

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
        return (f"{self.where()}: the database is busy (locked by another program for "
                f"{_seconds(self.busy_ms)}); not saved")

    def where(self) -> str:
        return display_url(self.url)

    def now(self) -> datetime:
        return self.clock().replace(microsecond=0)

    def team_login(self) -> str | None:
        """The member this store connects as when the database is a team rolodex
        (core/team: a ``member`` table, and ``current_user`` an active member of it),
        else None: SQLite, a personal rolodex on a server, or its administrator. Asked
        once per Store; a member's first ask also brings the team's shared bands up to
        today (any a day old or more are recomputed by the database: a tie decays
        though no one writes)."""
        with self._team_lock:
            if self._team is None:
                self._team = self._ask_team_login()
        return self._team or None

    def _ask_team_login(self) -> str:
        if is_sqlite(self.url):
            return ""
        with self.engine.connect() as conn:
            raw = ReadConn(conn.connection.dbapi_connection, "postgres", self.where(),
                           borrowed=True)
            login = open_as_member(raw) or ""  # the one rule (core/db/fastread.py)
            raw.raw.commit()  # the bands it brought up to today, once per Store
            return login

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
                raise StoreError(f"{self.where()}: not a rolodex database (it has other tables)")
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
                f"{self.where()}: written by a newer rolodex (schema {version}, this one "
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
            raise StoreError(f"{self.where()}: not a rolodex database (no schema version)")
        return int(row[0])

    def _upgrade(self, version: int) -> None:
        missing = [v for v in range(version, SCHEMA_VERSION) if v not in MIGRATIONS]
        if missing:
            raise StoreError(f"{self.where()}: schema {version} is too old to upgrade "
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
            raise StoreError(f"{self.where()}: upgrading schema {version} to "
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
        except StaleDataError as exc:
            session.rollback()
            raise RolodexError("not saved: a row to change was deleted meanwhile, or (a team "
                               "rolodex) is not yours to change") from exc
        except OperationalError as exc:
            session.rollback()
            if _retryable(exc):
                raise Conflict(f"{self.where()}: another program changed the same data at "
                               "the same moment; not saved, try again") from exc
            if committing and not is_sqlite(self.url):
                # the commit itself failed on a server (a lost connection): whether it was
                # applied is unknown, so never a plain "not saved". SQLite's COMMIT is
                # atomic in this process: an error there (a full disk) means not saved.
                raise StoreError(f"{self.where()}: the commit failed ({_short(exc)}); the "
                                 "change may or may not have been saved: look before "
                                 "trying again") from exc
            if is_sqlite(self.url) and _is_busy(exc):
                raise Busy(self._busy_message()) from exc
            raise StoreError(f"{self.where()}: not saved ({_short(exc)})") from exc
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
            raise StoreError(f"{self.where()}: cannot read ({_short(exc)})") from exc
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
    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """``listener(change)`` after each committed change (core/db/events.py)."""
        self._listeners.append(listener)

    def notify(self, event_name: str, payload: object = None) -> None:
        """Tell the listeners what ``event_name`` + ``payload`` changed (decoded once into a
        ``Change``); called after the commit, so the change is saved whatever they do: one
        that cannot read it now gets a reload and catches up later (never a "not saved"
        for a write that was made)."""
        change = decode(event_name, payload)
        for listener in list(self._listeners):
            try:
                listener(change)
            except RolodexError:
                listener(Change("reload"))


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
