"""The fast path for many contacts at once (the demo, imports): plain tuples straight to
the driver's executemany (SQLAlchemy's public ``Connection.exec_driver_sql``) inside the
caller's one transaction; no ORM objects, no per-row bind processing.

Measured on 34,257 demo contacts: ORM add_all ~11,600 rows/s; Core insert with a list of
dicts ~10,000 contacts/s with their emails, phones and skills; tuples to the driver about
three times that (bench/bench_import.py prints the figure of the day).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Skill,
    Tag,
)
from rolodex.core.records.contacts import (
    CONTACT_COLUMNS,
    EMAIL_COLUMNS,
    PHONE_COLUMNS,
    ContactIn,
    address_values,
    contact_values,
    validate,
)
from rolodex.core.text import nfc, vocab_key


def raw_insert(s: Session, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    """One executemany of ``rows`` (tuples in ``columns`` order) straight to the driver.

    No bind processing happens: every value must already be what the driver stores for
    its column (``bound`` converts one value the way the column type would)."""
    if not rows:
        return
    conn = s.connection()
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    conn.exec_driver_sql(sql, rows)


def bound(s: Session, column, value):
    """``value`` as the column's type binds it on this database (a datetime becomes
    SQLite's text form; most values pass unchanged): for values that are the same in
    every row, or rare, so that ``raw_insert`` stays free of per-row processing."""
    if value is None:
        return None
    dialect = s.get_bind().dialect
    proc = column.type.dialect_impl(dialect).bind_processor(dialect)
    return proc(value) if proc is not None else value


def big_cache(s: Session, kib: int | None) -> None:
    """A big SQLite page cache while many rows are written (fewer spills to the WAL
    before the commit); ``None`` puts the default back. Nothing on PostgreSQL."""
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text(f"PRAGMA cache_size={-(kib or 2000)}"))


# The tables bulk_insert_contacts fills; fewer new contacts than BULK_MIN leave their
# indexes alone (nothing to gain).
BULK_TABLES = tuple(m.__tablename__ for m in (Contact, ContactEmail, ContactPhone,
                                               ContactSkill, ContactTag))
BULK_MIN = 1000


@contextmanager
def bulk_load(s: Session, adding: int) -> Iterator[None]:
    """Around many ``bulk_insert_contacts`` calls in one transaction (an import, the demo).

    SQLite: when ``adding`` is at least as many contacts as the rolodex holds, the
    secondary indexes of ``BULK_TABLES`` are dropped first and built again after, from
    their own stored definitions: one sort per index instead of a B-tree insert per row
    (the demo export's rows went in in 0.93 s instead of 1.20 s). It is all in the
    caller's transaction, which holds the write lock: an error rolls the indexes back with
    the rows, and other connections never see the rolodex without them. Into a rolodex
    already bigger than what comes, rebuilding would cost more than it saves, so the
    indexes stay. Nothing on PostgreSQL (a team member does not own the indexes)."""
    if s.get_bind().dialect.name != "sqlite":
        yield
        return
    indexes: list = []
    if adding >= BULK_MIN and adding >= s.execute(
            select(func.count()).select_from(Contact)).scalar_one():
        names = ", ".join(f"'{t}'" for t in BULK_TABLES)
        indexes = s.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names})")).all()
        for name, _sql in indexes:
            s.execute(text(f'DROP INDEX "{name}"'))
    yield
    for _name, sql in indexes:
        s.execute(text(sql))


def vocab_map(s: Session, model, names: set[str]) -> dict[str, int]:
    """key -> id for every name in ``names``, inserting the missing ones in one statement."""
    keys: dict[str, str] = {}
    for n in names:
        n = nfc(n)
        if n:
            keys.setdefault(vocab_key(n), n)
    have = dict(s.execute(select(model.key, model.id)).all())
    missing = [{"name": n, "key": k} for k, n in keys.items() if k not in have]
    if missing:
        s.execute(insert(model.__table__), missing)
        have = dict(s.execute(select(model.key, model.id)).all())
    return have


def _ids_by_name(s: Session, model, names: set[str]) -> dict[str, int]:
    """Each name as written -> its vocabulary id (names repeat: each is folded once);
    a name that is blank once normalised is left out."""
    keys = vocab_map(s, model, names)
    out = {}
    for n in names:
        k = nfc(n)
        if k:
            out[n] = keys[vocab_key(k)]
    return out


def new_contact_ids(s: Session, n: int) -> list[int]:
    """``n`` ids for contacts about to be inserted with their ids given.

    Given, not returned: on SQLite, ``INSERT ... RETURNING`` in parameter order runs one
    statement per row. SQLite: the transaction takes the write lock (a no-op write), so
    max(id)+1 .. max(id)+n stay free until the commit. PostgreSQL: drawn from the
    column's own sequence, so other writers never get the same ones."""
    if n <= 0:
        return []
    if s.get_bind().dialect.name == "sqlite":
        s.execute(text("UPDATE rolodex_meta SET value = value WHERE key = 'schema_version'"))
        table = Contact.__table__
        top = s.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one()
        return list(range(top + 1, top + n + 1))
    return sorted(s.execute(text(
        "SELECT nextval(pg_get_serial_sequence('contact', 'id')) "
        "FROM generate_series(1, :n)"), {"n": n}).scalars())


def bulk_insert_contacts(s: Session, items: Sequence[ContactIn], now: datetime,
                         *, check: bool = True) -> list[int]:
    """Insert contacts with their emails, phones, skills and tags; returns their ids in order."""
    if not items:
        return []
    if check:
        for it in items:
            validate(it)
    ids = new_contact_ids(s, len(items))
    table = Contact.__table__
    stamp = bound(s, table.c.created_at, now)
    met_on = table.c.met_on

    def as_date(d):
        return bound(s, met_on, d)

    rows = [(cid, *contact_values(it, stamp, as_date))
            for cid, it in zip(ids, items, strict=True)]
    raw_insert(s, table.name, ("id", *CONTACT_COLUMNS), rows)
    skills = _ids_by_name(s, Skill, {n for it in items for n in it.skills})
    tags = _ids_by_name(s, Tag, {n for it in items for n in it.tags})
    emails: list[tuple] = []
    phones: list[tuple] = []
    cs: list[tuple] = []
    ct: list[tuple] = []
    for cid, it in zip(ids, items, strict=True):
        if it.emails or it.phones:
            more_emails, more_phones = address_values(cid, it)
            emails += more_emails
            phones += more_phones
        if it.skills:
            cs += [(cid, sid) for sid in dict.fromkeys(
                skills[n] for n in it.skills if n in skills)]
        if it.tags:
            ct += [(cid, tid) for tid in dict.fromkeys(tags[n] for n in it.tags if n in tags)]
    raw_insert(s, ContactEmail.__tablename__, EMAIL_COLUMNS, emails)
    raw_insert(s, ContactPhone.__tablename__, PHONE_COLUMNS, phones)
    raw_insert(s, ContactSkill.__tablename__, ("contact_id", "skill_id"), cs)
    raw_insert(s, ContactTag.__tablename__, ("contact_id", "tag_id"), ct)
    return ids
