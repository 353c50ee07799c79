"""Reads without SQLAlchemy: a plain DB-API connection for the fast paths.

``rolodex search``, ``rolodex mutt-query`` and ``ContactIndex.load`` only read, and
importing SQLAlchemy/SQLModel costs ~0.4 s, so they talk to the database directly:
``sqlite3`` (read-only, ``mode=ro``) for SQLite and ``psycopg`` for PostgreSQL. SQL is
written once with ``?`` placeholders and converted for psycopg. Booleans are tested as
``NOT archived`` so one statement works on both.

Imports only the standard library (psycopg lazily, for PostgreSQL URLs).
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime

from rolodex.core.db.schema import MY_TIE_OWNER, PG_CHANNEL, SCHEMA_VERSION, TIE_EPOCH_KEY
from rolodex.core.errors import StoreError
from rolodex.core.paths import display_url, is_sqlite, libpq_url, resolve_db_url, sqlite_file
from rolodex.core.ties import EPOCH, acc_scale


def to_dt(value) -> datetime | None:
    """A datetime from what the driver returns (sqlite3 gives ISO text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def to_day(value) -> date | None:
    """A date from what the driver returns (sqlite3 gives ISO text; a timestamp: its day)."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _pg_sql(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class ReadConn:
    """The one plain-SQL reader: ``rows(sql, params)``, ``one(sql, params)``, ``close()``.
    SQL has ``?`` placeholders on both databases; rows are the driver's tuples."""

    def __init__(self, raw, kind: str, where: str, *, borrowed: bool = False):
        self.raw = raw
        self.kind = kind
        self.where = where
        self.borrowed = borrowed  # a session's connection: closing is the session's business

    def param(self, value):
        """A parameter as the column holds it: on SQLite a datetime is compared as text in
        SQLAlchemy's storage format (always with microseconds)."""
        if self.kind == "sqlite" and isinstance(value, datetime):
            return value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return value

    def rows(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        if self.kind == "postgres":
            sql = _pg_sql(sql)
        try:
            cur = self.raw.cursor()
            try:
                cur.execute(sql, tuple(self.param(p) for p in params))
                return cur.fetchall()
            finally:
                cur.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.where}: cannot read ({_first_line(exc)})") from exc
        except Exception as exc:
            if self.kind == "postgres" and exc.__class__.__module__.startswith("psycopg"):
                raise StoreError(f"{self.where}: cannot read ({_first_line(exc)})") from exc
            raise

    def one(self, sql: str, params: tuple | list = ()):
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def snapshot(self) -> _Snapshot:
        """``with conn.snapshot():`` the reads inside see one state of the database (a read
        transaction), unless the connection is in a transaction already (a session's)."""
        return _Snapshot(self)

    def close(self) -> None:
        if not self.borrowed:
            self.raw.close()

    def __enter__(self) -> ReadConn:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Snapshot:
    def __init__(self, conn: ReadConn):
        self.conn = conn
        self.began = False

    def __enter__(self) -> None:
        raw = self.conn.raw
        if self.conn.borrowed:
            return
        if self.conn.kind == "sqlite":
            if not raw.in_transaction:
                raw.execute("BEGIN")
                self.began = True
        elif raw.autocommit:
            raw.autocommit = False  # the next statement opens a transaction
            self.began = True

    def __exit__(self, *exc) -> None:
        if self.began:
            self.conn.raw.rollback()  # nothing was written
            if self.conn.kind == "postgres":
                self.conn.raw.autocommit = True


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else exc.__class__.__name__


def connect_sqlite(path: str, busy_timeout_ms: int = 2000) -> ReadConn:
    """A read-only connection (``mode=ro``) to an existing rolodex file.

    The file is only ever opened by SQLite: POSIX locks belong to the process, so reading
    its header with ``open()`` and closing it would drop the locks this process's other
    SQLite connections hold (the TUI's), and another program would then delete the -wal
    under them. A file that is not SQLite is found by the first read instead.
    """
    path = os.path.abspath(str(path))
    if not os.path.exists(path):
        raise StoreError(f"{path}: no rolodex there")
    if os.path.isdir(path):
        raise StoreError(f"{path}: is a folder, not a rolodex database")
    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro"
    try:
        raw = sqlite3.connect(uri, uri=True, timeout=busy_timeout_ms / 1000,
                              check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open ({_first_line(exc)})") from exc
    try:
        raw.execute("PRAGMA schema_version").fetchall()  # reads the header
    except sqlite3.DatabaseError as exc:
        raw.close()
        if "file is not a database" in str(exc):
            raise StoreError(f"{path}: not a rolodex database (not an SQLite file)") from exc
        raise StoreError(f"{path}: cannot read ({_first_line(exc)})") from exc
    return ReadConn(raw, "sqlite", str(path))


def connect_postgres(url: str) -> ReadConn:
    import psycopg

    where = display_url(url)
    try:
        raw = psycopg.connect(libpq_url(url), autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        raise StoreError(f"{where}: cannot connect ({_first_line(exc)})") from exc
    return ReadConn(raw, "postgres", where)


def connect(url: str | None = None, *, check: bool = True) -> ReadConn:
    """A read-only connection to the rolodex at ``url`` (--db rules: $ROLODEX_DB, default).

    With ``check``, refuses a database that is not a rolodex or has a schema other than
    this one (StoreError; the full Store upgrades older schemas).
    """
    url = resolve_db_url(url)
    if is_sqlite(url):
        path = sqlite_file(url)
        if path is None:
            raise StoreError("an in-memory database cannot be read from another connection")
        conn = connect_sqlite(path)
    else:
        conn = connect_postgres(url)
    if check:
        try:
            check_schema(conn)
        except BaseException:
            conn.close()
            raise
    return conn


def schema_version(conn: ReadConn) -> int | None:
    """The rolodex schema version, or None when the database is not a rolodex."""
    if conn.kind == "sqlite":
        have = conn.one("SELECT 1 FROM sqlite_master WHERE type='table' AND name='rolodex_meta'")
    else:
        have = conn.one("SELECT to_regclass('rolodex_meta')")
        have = have if have and have[0] is not None else None
    if not have:
        return None
    row = conn.one("SELECT value FROM rolodex_meta WHERE key = 'schema_version'")
    if row is None:
        return None
    try:
        return int(row[0])
    except ValueError:
        return None


def check_schema(conn: ReadConn) -> int:
    version = schema_version(conn)
    if version is None:
        if conn.kind == "sqlite" and not conn.one("SELECT 1 FROM sqlite_master LIMIT 1"):
            raise StoreError(f"{conn.where}: an empty database, not a rolodex yet")
        raise StoreError(f"{conn.where}: not a rolodex database")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{conn.where}: written by a newer rolodex (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade rolodex to open it"
        )
    if version < SCHEMA_VERSION:
        raise StaleSchema(f"{conn.where}: an older rolodex (schema {version}); run any other "
                          "rolodex command once to upgrade it")
    return version


class StaleSchema(StoreError):
    """An older schema: open it once with the full Store, which upgrades it."""


def team_login(conn: ReadConn) -> str | None:
    """The member ``conn`` logs in as when the database is a team rolodex (a ``member``
    table, and ``current_user`` an active member of it), else None: SQLite, a personal
    rolodex on a server, or its administrator."""
    if conn.kind == "sqlite" or not conn.one("SELECT to_regclass('member') IS NOT NULL")[0]:
        return None
    row = conn.one("SELECT login FROM member WHERE login = current_user AND active")
    return row[0] if row and row[0] else None


def open_as_member(conn: ReadConn) -> str | None:
    """``team_login``, and for a member the colleagues' shared bands brought up to today
    first (core/team/schema.py: the bands due to decay recomputed by the database; a tie
    decays though no one writes), so every way of opening a team rolodex (the Store, the
    fast ``show``) reads bands as they are now. The caller commits."""
    login = team_login(conn)
    if login is not None and \
            conn.one("SELECT to_regproc('rolodex_refresh_stale_ties') IS NOT NULL")[0]:
        conn.one("SELECT rolodex_refresh_stale_ties()")
    return login


def on_session(session) -> ReadConn:
    """The reader over an open SQLModel session's (or SQLAlchemy Connection's) own
    connection (same transaction)."""
    conn = session.connection() if hasattr(session, "get_bind") else session
    kind = "sqlite" if conn.dialect.name == "sqlite" else "postgres"
    return ReadConn(conn.connection.dbapi_connection, kind, kind, borrowed=True)


def reader(source) -> ReadConn:
    """A read connection from what a core read is given: an open Store (its database, see
    ``for_store``), or a database URL or path (None: the --db rules), for the fast paths
    that never build a Store."""
    if source is None or isinstance(source, str):
        return connect(source)
    return for_store(source)


def clock_of(source) -> datetime:
    """"now" for a read: an open Store's clock (tests fix it), else the wall clock."""
    now = source.now() if hasattr(source, "now") else datetime.now()
    return now.replace(microsecond=0)


def for_store(store) -> ReadConn:
    """A read connection to the same database as an open Store.

    A file or server gets its own connection; an in-memory SQLite database borrows one
    of the store's own (it cannot be reached otherwise).
    """
    if store.path is None and is_sqlite(store.url):
        # closing it returns it to the store's pool
        return ReadConn(store.engine.raw_connection(), "sqlite", "memory")
    return connect(store.url, check=False)


class ChangeWatch:
    """Tells whether another program changed the rolodex since the last look.

    SQLite: ``PRAGMA data_version`` on the watch's own long-lived connection changes when
    any other connection commits, and the header counter every rolodex write bumps
    (``Store._mark_change``: ``PRAGMA user_version``) tells the followed Store's own
    commits from the others'. PostgreSQL: LISTEN to the writers' NOTIFY and ignore the
    followed Store's token. Cheap enough to call every second; made before the first read
    so that nothing committed after that read is missed.
    """

    def __init__(self, url: str):
        import threading

        self._lock = threading.Lock()
        self._conn: ReadConn | None = connect(url, check=False)
        self.own_marks: set[int] = set()
        self.token: str | None = None
        if self._conn.kind == "postgres":
            self._conn.raw.execute(f"LISTEN {PG_CHANNEL}")
            self._seen = (0, 0)
        else:
            self._seen = self._look()

    def follow(self, store) -> None:
        """Count this Store's commits as our own (its listeners follow them already)."""
        self.own_marks = store.own_marks
        self.token = store.token

    def _look(self) -> tuple[int, int]:
        data = self._conn.one("PRAGMA data_version")[0]
        mark = self._conn.one("PRAGMA user_version")[0]
        return int(data), int(mark)

    def changed(self) -> bool:
        """True when another program committed a change since the last call."""
        with self._lock:
            if self._conn is None:
                return False
            if self._conn.kind == "postgres":
                try:
                    notes = list(self._conn.raw.notifies(timeout=0))
                except Exception as exc:
                    if exc.__class__.__module__.startswith("psycopg"):
                        raise StoreError(f"{self._conn.where}: cannot read "
                                         f"({_first_line(exc)})") from exc
                    raise
                return any(n.payload != self.token for n in notes)
            data, mark = self._look()
            seen_data, seen_mark = self._seen
            if data == seen_data:
                return False
            self._seen = (data, mark)
            own, between = self.own_marks, range(seen_mark + 1, mark + 1)
            if mark <= seen_mark or len(between) > len(own):
                return True  # a writer that does not count, or more changes than ours
            theirs = any(m not in own for m in between)
            own.difference_update(between)
            return theirs

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def my_tie_totals(conn: ReadConn, now: datetime) -> dict[int, float]:
    """contact id -> the sum of my touch weights at ``now`` for everyone I have touched,
    from my stored ties (core/db/my_ties.py: one row a person, never the log). One read of
    two columns: cheaper than a look-up by ids even for a few thousand people."""
    row = conn.one("SELECT value FROM rolodex_meta WHERE key = ?", (TIE_EPOCH_KEY,))
    scale = acc_scale(datetime.fromisoformat(row[0]) if row and row[0] else EPOCH, now)
    return {cid: acc * scale for cid, acc in conn.rows(
        f"SELECT contact_id, acc FROM my_tie WHERE owner = {MY_TIE_OWNER[conn.kind]} "
        "AND last_touch_at IS NOT NULL")}
