"""The rows behind the contact index: ``Row``, the column store that keeps them compactly,
and the plain column selects that load them (through a ``fastread`` connection: no
SQLAlchemy, no ORM objects).

Memory at 100,000 contacts: a Row object with its two datetimes costs ~250 bytes, so the
index keeps columns instead (lists of shared strings, ``array('q')`` of microseconds) and
makes a Row only when asked (``Columns.row``). Companies and titles repeat: interned.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from rolodex.core.db.schema import my_tie_join
from rolodex.core.text import fold

SEP = "\x1f"  # between name, company, title, extras, place and text in a haystack
RS = "\x1e"  # between the parts of one of those; both are whitespace to str.split
NONE = -(2**63)  # no datetime / no cadence
EPOCH = datetime(1970, 1, 1)
US = timedelta(microseconds=1)


class Row:
    """One contact as a list shows it. A plain class (not a dataclass: importing
    ``dataclasses`` costs ``mutt-query`` more than its whole query)."""

    __slots__ = ("id", "name", "company", "title", "last_touch_at", "cadence_days",
                 "created_at")

    def __init__(self, id: int, name: str, company: str, title: str,  # noqa: A002
                 last_touch_at: datetime | None, cadence_days: int | None,
                 created_at: datetime) -> None:
        self.id = id
        self.name = name
        self.company = company
        self.title = title
        self.last_touch_at = last_touch_at
        self.cadence_days = cadence_days
        self.created_at = created_at

    def _key(self) -> tuple:
        return (self.id, self.name, self.company, self.title, self.last_touch_at,
                self.cadence_days, self.created_at)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Row) else NotImplemented

    __hash__ = None  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return "Row(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"


# One contact as the loader hands it over: (id, name, company, title, last_touch_at,
# cadence_days, created_at) with datetimes as microseconds, then folded name, company,
# title, the folded extras (emails, skills, tags) joined by RS, the folded place (location
# RS address) and the folded text (URL RS notes).
Entry = tuple


class Columns:
    """Row fields by slot. Append-only: an edit appends a new slot and repoints the id, so
    a reader in another thread (the list repainting) never sees half a row; ``compact``
    copies the live slots into a new Columns once a quarter of them are dead."""

    __slots__ = ("slot", "name", "fname", "company", "title", "last", "cadence", "created",
                 "odd", "dead")

    def __init__(self) -> None:
        self.slot: dict[int, int] = {}
        self.name: list[str] = []
        self.fname: list[str] = []
        self.company: list[str] = []
        self.title: list[str] = []
        self.last = array("q")
        self.cadence = array("q")
        self.created = array("q")
        self.odd: dict[tuple[int, int], datetime] = {}  # (slot, 0|1) -> tz-aware datetime
        self.dead = 0

    def add(self, e: Entry) -> None:
        cid, name, company, title, last, cadence, created, fname = e[:8]
        s = len(self.name)
        self.name.append(name)
        self.fname.append(fname)
        self.company.append(company)
        self.title.append(title)
        for k, (col, v) in enumerate(((self.last, last), (self.created, created))):
            if isinstance(v, datetime):
                self.odd[(s, k)] = v
                v = NONE
            col.append(v)
        self.cadence.append(NONE if cadence is None else cadence)
        self.slot[cid] = s  # last: the row is whole before anyone can find it

    def drop(self, cid: int) -> None:
        del self.slot[cid]
        self.dead += 1

    def row(self, cid: int) -> Row:
        s = self.slot[cid]
        return Row(cid, self.name[s], self.company[s], self.title[s], self._dt(s, 0),
                   None if self.cadence[s] == NONE else self.cadence[s], self._dt(s, 1))

    def entry(self, cid: int) -> Entry:
        s = self.slot[cid]
        return (cid, self.name[s], self.company[s], self.title[s], self._us(s, 0),
                None if self.cadence[s] == NONE else self.cadence[s], self._us(s, 1),
                self.fname[s])

    def _us(self, s: int, k: int):
        v = (self.last if k == 0 else self.created)[s]
        return self.odd.get((s, k), NONE) if v == NONE else v

    def _dt(self, s: int, k: int) -> datetime | None:
        v = (self.last if k == 0 else self.created)[s]
        if v == NONE:
            return self.odd.get((s, k))
        return EPOCH + timedelta(microseconds=v)

    def compacted(self) -> Columns:
        new = Columns()
        for cid in list(self.slot):
            new.add(self.entry(cid))
        return new


class Rows:
    """The contacts of an index in the default order (folded name, then id): ids, folded
    names, companies and titles, and one haystack each (``name SEP company SEP title SEP
    extras SEP place SEP text``), with the Row fields in a Columns store by id."""

    def __init__(self) -> None:
        self._cols = Columns()
        self._ids = array("q")
        self._name: list[str] = []  # folded, sorted (ties by id)
        self._company: list[str] = []
        self._title: list[str] = []
        self._comb: list[str] = []

    def _fill_rows(self, entries: Iterable[Entry]) -> None:
        cols, ids, name, company, title, comb = Columns(), array("q"), [], [], [], []
        for e in entries:
            cols.add(e)
            ids.append(e[0])
            name.append(e[7])
            company.append(e[8])
            title.append(e[9])
            comb.append(haystack(e))
        if not _in_order(name, ids):  # the database sorted otherwise: sort here
            perm = sorted(range(len(ids)), key=lambda i: (name[i], ids[i]))
            ids = array("q", [ids[i] for i in perm])
            name, company, title, comb = ([col[i] for i in perm]
                                          for col in (name, company, title, comb))
        self._cols, self._ids, self._name, self._company, self._title, self._comb = (
            cols, ids, name, company, title, comb)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, cid: object) -> bool:
        return cid in self._cols.slot

    def all_ids(self) -> list[int]:
        return self._ids.tolist()

    def row(self, cid: int) -> Row:
        return self._cols.row(cid)

    def times(self) -> Iterator[tuple[int, int | None, int | None, int | None]]:
        """(id, last touch, cadence days, created) of every row in the default order, the
        times as microseconds since 1970 (None: none): what the list's sorts compare,
        without making a Row each."""
        cols = self._cols
        slot, last, cadence, created, odd = (cols.slot, cols.last, cols.cadence, cols.created,
                                             cols.odd)
        for cid in self._ids:
            s = slot[cid]
            lt, cd, cr = last[s], cadence[s], created[s]
            if lt == NONE:
                lt = _us_of(odd.get((s, 0)))
            if cr == NONE:
                cr = _us_of(odd.get((s, 1)))
            yield cid, lt, None if cd == NONE else cd, cr

    def position(self, cid: int) -> int:
        """Where ``cid`` sits in the default order."""
        cols = self._cols
        return self._find(cols.fname[cols.slot[cid]], cid)

    def _find(self, name: str, cid: int) -> int:
        """Where (name, cid) is or would go in the default order."""
        names, ids = self._name, self._ids
        i = bisect.bisect_left(names, name)
        while i < len(names) and names[i] == name and ids[i] < cid:
            i += 1
        return i

    def _fields(self, i: int) -> tuple[str, str, str, list[str]]:
        """(name, company, title, extras) folded, of the row at position ``i``, for the
        typo index; the extras are the emails, skills and tags, then the location (not the
        address: one phrase per contact would double the typo index)."""
        name, company, title, rest, place, _text = self._comb[i].split(SEP)
        location = place.split(RS, 1)[0]
        more = f"{rest}{RS}{location}" if rest and location else rest or location
        return name, company, title, more.split(RS) if more else []

    def _parts(self, i: int) -> tuple[str, str, str]:
        """(extras, place, text) folded, of the row at position ``i``, RS between words."""
        extras, place, text = self._comb[i].split(SEP)[3:]
        return extras, place, text

    def _add_row(self, e: Entry) -> int:
        cid, name, company, title = e[0], e[7], e[8], e[9]
        i = self._find(name, cid)
        self._ids.insert(i, cid)
        self._name.insert(i, name)
        self._company.insert(i, company)
        self._title.insert(i, title)
        self._comb.insert(i, haystack(e))
        self._cols.add(e)
        return i

    def _drop_row(self, i: int, cid: int) -> None:
        for arr in (self._ids, self._name, self._company, self._title, self._comb):
            del arr[i]
        cols = self._cols
        cols.drop(cid)
        if cols.dead > max(1000, len(cols.slot) // 3):
            self._cols = cols.compacted()  # readers holding the old one still see it whole


def _us_of(value: datetime | None) -> int | None:
    """An odd (tz-aware) datetime as naive wall-clock microseconds since 1970."""
    if value is None:
        return None
    return (value.replace(tzinfo=None) - EPOCH) // US


def _in_order(names: list[str], ids) -> bool:
    """Whether (name, id) pairs ascend."""
    return all(a < b or (a == b and i < j)
               for a, b, i, j in zip(names, names[1:], ids, ids[1:], strict=False))


def to_us(value) -> int | datetime:
    """Microseconds since 1970 of a naive datetime (or its ISO text); None -> NONE; an
    aware datetime is returned as it is (kept aside by Columns)."""
    if value is None:
        return NONE
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        return value
    return (value - EPOCH) // US


def haystack(e: Entry) -> str:
    return SEP.join((e[7], e[8], e[9], e[10], e[11], e[12]))


def _joined(values) -> str:
    return RS.join(f for f in map(fold, values) if f)


def entry_of(r: Row, extras, place=(), text=()) -> Entry:
    """The Entry of a Row given with its emails, skills and tags, its place (location,
    address) and its text (URL, notes)."""
    location, address = (list(place) + ["", ""])[:2]
    return (r.id, r.name, sys.intern(r.company), sys.intern(r.title), to_us(r.last_touch_at),
            r.cadence_days, to_us(r.created_at), fold(r.name), sys.intern(fold(r.company)),
            sys.intern(fold(r.title)), _joined(extras), _place(sys.intern(fold(location)),
                                                              address), _joined(text))


def read_rows(conn, ids: list[int] | None, *, archived: bool = False) -> Iterator[Entry]:
    """Entries of every live contact (with ``archived``: every archived one; or of those in
    ``ids``), in the default order (folded
    name, id) as far as the database orders them (``ContactIndex`` checks). One select
    with the emails, skills and tags aggregated per contact, streamed in batches: no
    100,000-row lists or dicts alive at once (they would fragment the heap for good)."""
    where = ""
    if ids is not None:
        marks = ",".join(str(int(i)) for i in ids) or "NULL"  # ints only: safe inline
        where = f" AND c.id IN ({marks})"
    if conn.kind == "sqlite":
        agg, order = "group_concat({}, char(31))", "+c.name_fold, c.id"  # +: sort, no index
    else:
        agg, order = "string_agg({}, chr(31))", 'c.name_fold COLLATE "C", c.id'
    sql = (
        "SELECT c.id, c.name, c.name_fold, c.company, c.title, t.last_touch_at, "
        "c.cadence_days, c.created_at, c.location, c.address, c.url, c.notes, "
        f"(SELECT {agg.format('x.norm')} FROM contact_email x "
        f"WHERE x.contact_id = c.id), (SELECT {agg.format('v.key')} FROM contact_skill x "
        "JOIN skill v ON v.id = x.skill_id WHERE x.contact_id = c.id), "
        f"(SELECT {agg.format('v.key')} FROM contact_tag x JOIN tag v ON v.id = x.tag_id "
        f"WHERE x.contact_id = c.id) FROM contact c {my_tie_join(conn.kind)} "
        f"WHERE {'' if archived else 'NOT '}c.archived{where} ORDER BY {order}")
    memo: dict[str, tuple[str, str]] = {"": ("", "")}

    def org(s: str | None) -> tuple[str, str]:  # (interned original, interned fold)
        v = memo.get(s or "")
        if v is None:
            v = memo[s] = (sys.intern(s), sys.intern(fold(s)))
        return v

    for (cid, name, name_fold, company, title, last, cadence, created, location, address,
         url, notes, *more) in _stream(conn, sql):
        (c, fc), (t, ft) = org(company), org(title)
        x = SEP.join(filter(None, more))
        if x:
            if not x.isascii():
                x = fold_each(x)
            x = x.replace(SEP, RS)
            if RS + RS in x or x.startswith(RS) or x.endswith(RS):
                x = RS.join(p for p in x.split(RS) if p)
        yield (cid, name, c, t, to_us(last), cadence, to_us(created),
               name_fold if name_fold else fold(name), fc, ft, x,
               _place(org(location)[1], address), _text(url, notes))


def _place(location: str, address: str | None) -> str:
    """Folded location, then RS and the folded address when there is one (its lines
    joined by spaces): the location is what comes before the first RS."""
    if address:
        address = fold(address)  # str.split: newlines, SEP and RS are whitespace to it
        return f"{location}{RS}{address}" if address else location
    return location


def _text(url: str | None, notes: str | None) -> str:
    got = [fold(v) for v in (url, notes) if v]
    return RS.join(g for g in got if g)


def _stream(conn, sql: str, batch: int = 2048) -> Iterator[tuple]:
    """The rows of ``sql`` (no parameters) a batch at a time, errors as StoreError."""
    import sqlite3

    from rolodex.core.errors import StoreError

    cur = conn.raw.cursor()
    try:
        cur.execute(sql)
        while rows := cur.fetchmany(batch):
            yield from rows
    except Exception as exc:
        if isinstance(exc, sqlite3.DatabaseError) or (
                conn.kind == "postgres" and exc.__class__.__module__.startswith("psycopg")):
            first = (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
            raise StoreError(f"{conn.where}: cannot read ({first})") from exc
        raise
    finally:
        cur.close()


def fold_each(joined: str) -> str:
    """Fold every SEP-separated part (keys are folded already; emails only casefolded)."""
    return SEP.join(fold(x) for x in joined.split(SEP))
