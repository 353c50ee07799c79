"""Dump and restore: the whole rolodex as JSON Lines, one record a line, versioned.

The first line is a header ``{"rolodex_dump": 1, "schema": N, "rows": {table: count}}``;
then one ``{"table": ..., "row": {...}}`` per row, tables in foreign-key order (every
table of ``SQLModel.metadata``, so a table or column added to models.py is dumped
without touching this file), rows by primary key, columns in the model's order.
Datetimes and dates are ISO text, booleans JSON booleans, text exact: SQLite and
PostgreSQL dump the same rolodex to the same bytes.

``restore`` fills an EMPTY rolodex in one transaction with the same ids, then moves
PostgreSQL's sequences past them. A dump of a newer schema is refused; so is one of an
older schema (restore it with the rolodex that wrote it, which upgrades when opened by
this one, then dump again). The header's row counts catch a truncated file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Boolean, Date, DateTime, Integer, Table, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from rolodex.core.db.schema import SCHEMA_VERSION
from rolodex.core.db.store import Store, _short
from rolodex.core.errors import RolodexError, StoreError
from rolodex.core.files import write_new

DUMP_FORMAT = 1
META = "rolodex_meta"
BATCH = 1000


def dump_tables() -> list[Table]:
    """Every table of the schema, parents before children."""
    return list(SQLModel.metadata.sorted_tables)


def _pk(table: Table) -> list:
    return list(table.primary_key.columns)


def _encode(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class _Codec:
    """A table's columns read back from JSON: ISO text to datetimes and dates, whole
    numbers and booleans checked (worked out once per table, not per value)."""

    def __init__(self, table: Table):
        self.table = table
        self.names = frozenset(table.c.keys())
        self.parse = [(c.name, datetime.fromisoformat) for c in table.columns
                      if isinstance(c.type, DateTime)]
        self.parse += [(c.name, date.fromisoformat) for c in table.columns
                       if isinstance(c.type, Date)]
        self.typed = [(c.name, bool, "true/false") for c in table.columns
                      if isinstance(c.type, Boolean)]
        self.typed += [(c.name, int, "a whole number") for c in table.columns
                       if isinstance(c.type, Integer)]

    def decode(self, row: dict, where: str) -> dict:
        if not row.keys() <= self.names:
            extra = sorted(set(row) - self.names)
            raise RolodexError(f"{where}: {self.table.name}: unknown column '{extra[0]}'")
        for name, parse in self.parse:
            v = row.get(name)
            if v is not None:
                try:
                    row[name] = parse(v)
                except (TypeError, ValueError):
                    raise RolodexError(f"{where}: {self.table.name}.{name}: '{v}' is not "
                                       "an ISO date") from None
        for name, kind, what in self.typed:
            v = row.get(name)
            if v is not None and type(v) is not kind:
                raise RolodexError(f"{where}: {self.table.name}.{name}: {v!r} is not {what}")
        return row


def _line(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def _rows(conn, table: Table) -> Iterator[dict]:
    if all(isinstance(c.type, Integer) for c in _pk(table)):
        yield from conn.execute(select(table).order_by(*_pk(table))).mappings()
        return
    # Text keys: sorted here, not by the database's collation (which differs per backend).
    rows = conn.execute(select(table)).mappings()
    yield from sorted(rows, key=lambda r: tuple(r[c.name] for c in _pk(table)))


def iter_dump(store: Store) -> Iterator[str]:
    """The dump's lines, read in one consistent snapshot."""
    conn = store.engine.connect()
    try:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            tables = dump_tables()
            counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                      for t in tables}
            yield _line({"rolodex_dump": DUMP_FORMAT, "schema": SCHEMA_VERSION,
                         "rows": counts})
            for t in tables:
                names = [c.name for c in t.columns]
                for r in _rows(conn, t):
                    yield _line({"table": t.name,
                                 "row": {n: _encode(r[n]) for n in names}})
    except DBAPIError as exc:
        raise StoreError(f"{store.where()}: cannot read ({_short(exc)})") from exc
    finally:
        conn.close()


def dump(store: Store, dest: str | Path, *, force: bool = False) -> dict[str, int]:
    """Write the dump to ``dest`` atomically (core.files.write_new: beside it, fsync,
    rename). Returns the counts. An existing ``dest`` is refused unless ``force``; a
    failure leaves it as it was."""
    counts: dict[str, int] = {}

    def fill(tmp: Path) -> None:
        nonlocal counts
        with open(tmp, "w", encoding="utf-8", newline="\n") as out:
            first = True
            for line in iter_dump(store):
                if first:
                    counts = json.loads(line)["rows"]
                    first = False
                out.write(line)

    write_new(dest, fill, force=force, what="the dump")
    return counts


def is_empty(store: Store) -> bool:
    """No row in any table but the database's own facts (rolodex_meta)."""
    with store.read() as s:
        for t in dump_tables():
            if t.name != META and s.execute(select(t).limit(1)).first() is not None:
                return False
    return True


def _header(first: str, where: str) -> dict:
    try:
        head = json.loads(first)
    except ValueError:
        head = None
    if not isinstance(head, dict) or "rolodex_dump" not in head:
        raise RolodexError(f"{where}:1: not a rolodex dump (no rolodex_dump header)")
    if head["rolodex_dump"] != DUMP_FORMAT:
        raise RolodexError(f"{where}:1: dump format {head['rolodex_dump']!r}; this rolodex "
                         f"reads format {DUMP_FORMAT}")
    schema = head.get("schema")
    if not isinstance(schema, int):
        raise RolodexError(f"{where}:1: the header has no schema version")
    if schema > SCHEMA_VERSION:
        raise RolodexError(f"{where}:1: dumped by a newer rolodex (schema {schema}, this one "
                         f"knows {SCHEMA_VERSION}); upgrade rolodex to restore it")
    if schema < SCHEMA_VERSION:
        raise RolodexError(
            f"{where}:1: dumped at schema {schema}, this rolodex writes schema "
            f"{SCHEMA_VERSION}: restore it with the rolodex that wrote it, open that "
            "database with this one (it upgrades, keeping a backup), and dump again")
    if not isinstance(head.get("rows"), dict):
        raise RolodexError(f"{where}:1: the header has no row counts")
    return head


def read_header(src: str | Path) -> dict:
    """The dump's header, checked (format, schema, counts), before a rolodex is opened."""
    src = Path(src).expanduser()
    try:
        with open(src, encoding="utf-8", newline="") as fh:
            first = fh.readline()
    except UnicodeDecodeError:
        raise RolodexError(f"{src}:1: not UTF-8 text") from None
    except OSError as exc:
        raise RolodexError(f"{src}: cannot read ({exc.strerror})") from exc
    return _header(first, str(src))


def restore(store: Store, src: str | Path) -> dict[str, int]:
    """Load a dump into this (empty) rolodex in one transaction. Returns rows per table."""
    src = Path(src).expanduser()
    where = str(src)
    try:
        fh = open(src, encoding="utf-8", newline="")
    except OSError as exc:
        raise RolodexError(f"{src}: cannot read ({exc.strerror})") from exc
    tables = {t.name: t for t in dump_tables()}
    codecs = {n: _Codec(t) for n, t in tables.items()}
    rank_of = {n: i for i, n in enumerate(tables)}
    order = list(tables)
    counts = {n: 0 for n in order}
    with fh:
        try:
            first = fh.readline()
        except UnicodeDecodeError:
            raise RolodexError(f"{where}:1: not UTF-8 text") from None
        head = _header(first, where)
        unknown = sorted(set(head["rows"]) - set(tables))
        if unknown:
            raise RolodexError(f"{where}:1: unknown table '{unknown[0]}'")
        if not is_empty(store):
            raise RolodexError(f"{store.where()}: not empty; restore goes into an empty "
                             "rolodex only (nothing was restored)")
        with store.tx() as s:
            conn = s.connection()
            # The new rolodex's own facts give way to the dump's (same schema).
            conn.execute(tables[META].delete())
            pending: list[dict] = []
            table: Table | None = None
            first_line = 2
            rank = -1
            lineno = 1
            for lineno, raw in enumerate(_lines(fh, where), start=2):
                name, row = _record(raw, lineno, where, tables)
                if table is None or name != table.name:
                    _flush(conn, table, pending, where, first_line, lineno - 1)
                    pending = []
                    if rank_of[name] <= rank:
                        raise RolodexError(f"{where}:{lineno}: table '{name}' out of order "
                                         "(tables come in foreign-key order, each once)")
                    table, rank, first_line = tables[name], rank_of[name], lineno
                pending.append(codecs[name].decode(row, f"{where}:{lineno}"))
                counts[name] += 1
                if len(pending) >= BATCH:
                    _flush(conn, table, pending, where, first_line, lineno)
                    pending, first_line = [], lineno + 1
            _flush(conn, table, pending, where, first_line, lineno)
            for n in order:
                want = head["rows"].get(n, 0)
                if counts[n] != want:
                    raise RolodexError(f"{where}: {n}: {counts[n]} rows, the header says {want} "
                                     "(a truncated or edited dump); nothing was restored")
            if conn.dialect.name == "postgresql":
                _fix_sequences(conn, tables.values())
    return {n: c for n, c in counts.items() if n != META}


def _lines(fh, where: str) -> Iterator[str]:
    lineno = 1
    while True:
        lineno += 1
        try:
            raw = fh.readline()
        except UnicodeDecodeError:
            raise RolodexError(f"{where}:{lineno}: not UTF-8 text") from None
        if not raw:
            return
        if not raw.endswith("\n"):
            raise RolodexError(f"{where}:{lineno}: the last line is cut short (a truncated dump)")
        yield raw


def _record(raw: str, lineno: int, where: str, tables: dict[str, Table]) -> tuple[str, dict]:
    try:
        rec = json.loads(raw)
    except ValueError:
        raise RolodexError(f"{where}:{lineno}: not a JSON object") from None
    if not isinstance(rec, dict) or set(rec) != {"table", "row"} or \
            not isinstance(rec["row"], dict):
        raise RolodexError(f"{where}:{lineno}: not a {{table, row}} record")
    name = rec["table"]
    if name not in tables:
        raise RolodexError(f"{where}:{lineno}: unknown table '{name}'")
    return name, rec["row"]


def _flush(conn, table: Table | None, rows: list[dict], where: str, a: int, b: int) -> None:
    if table is None or not rows:
        return
    try:
        conn.execute(table.insert(), rows)
    except DBAPIError as exc:
        span = f"{a}" if a == b else f"{a}-{b}"
        raise RolodexError(f"{where}:{span}: {table.name}: {_short(exc)}; nothing was "
                           "restored") from exc


def _fix_sequences(conn, tables) -> None:
    """Move each serial id's sequence past the restored ids, so new rows don't collide."""
    for t in tables:
        pk = _pk(t)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        col = pk[0].name
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": t.name, "c": col}).scalar_one()
        if seq is None:
            continue
        conn.execute(text(f'SELECT setval(:s, coalesce((SELECT max("{col}") FROM '
                          f'"{t.name}"), 1), (SELECT count(*) FROM "{t.name}") > 0)'),
                     {"s": seq})
