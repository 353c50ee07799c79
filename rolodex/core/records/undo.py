"""Undo for the destructive changes: delete or edit an interaction, archive, edit or merge
a contact.

One generic mechanism over ``SQLModel.metadata``, not an inverse per operation. A change
names its *roots* (contact ids, interaction ids); ``record`` snapshots the root rows and
every row that references them through foreign keys (emails, phones, skills, tags,
participants, knows-edges, endorsements, introductions, and any table added later), runs
the change, and snapshots the same closure again. ``undo`` then, in one transaction, puts
every row of the first snapshot back as it was (same ids), deletes the rows the change
created, and leaves alone what was added afterwards (a call logged since stays). A row the
change wrote that has been changed again since is a conflict: nothing is undone and the
error says which. My ties and follow-up days (``my_tie``) are derived from the log, so
they are not snapshotted but recomputed for every contact involved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, delete, insert, or_, select, update
from sqlmodel import Session, SQLModel

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups
from rolodex.core.db.models import Contact, Interaction, MyTie, Participant
from rolodex.core.db.store import Store
from rolodex.core.errors import RolodexError

# (table, column) kept by the writer path from other rows: recomputed, never compared
DERIVED_TABLES = {MyTie.__tablename__}  # derived whole: recomputed, never snapshotted
CHUNK = 500

Key = tuple  # a row's primary-key values, in the table's primary-key column order
Rows = dict[str, dict[Key, dict[str, Any]]]  # table name -> key -> column -> value


@dataclass
class UndoStep:
    """What one change did, enough to take it back. ``what`` says it in words."""

    what: str
    contacts: list[int]
    interactions: list[int]
    before: Rows = field(default_factory=dict)
    after: Rows = field(default_factory=dict)

    def touched_contacts(self) -> list[int]:
        """Every contact whose rows the change or its undo touches (for change events)."""
        ids = dict.fromkeys(self.contacts)
        for rows in (self.before, self.after):
            for row in rows.get(Participant.__tablename__, {}).values():
                ids[row["contact_id"]] = None
            for row in rows.get(Contact.__tablename__, {}).values():
                ids[row["id"]] = None
        return list(ids)


def _tables() -> list[Table]:
    # parents before children
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in DERIVED_TABLES]


def _key(table: Table, row) -> Key:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _chunks(values: list, n: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(values), n):
        yield values[i:i + n]


def snapshot(s: Session, contacts: Iterable[int] = (), interactions: Iterable[int] = ()
             ) -> Rows:
    """The root rows and, transitively, every row that references them by foreign key."""
    tables = _tables()
    by_name = {t.name: t for t in tables}
    out: Rows = {}

    def add(table: Table, where) -> bool:
        rows = out.setdefault(table.name, {})
        new = False
        for row in s.execute(select(table).where(where)).mappings():
            k = _key(table, row)
            if k not in rows:
                rows[k] = dict(row)
                new = True
        return new

    roots = ((Contact.__tablename__, list(dict.fromkeys(contacts))),
             (Interaction.__tablename__, list(dict.fromkeys(interactions))))
    for name, ids in roots:
        table = by_name[name]
        for part in _chunks(ids):
            add(table, table.c.id.in_(part))
    seen: dict[tuple[str, str], set] = {}  # (table, fk column) -> parent values followed
    grew = True
    while grew:
        grew = False
        for table in tables:
            for fk in table.foreign_keys:
                parent = fk.column.table.name
                values = {row[fk.column.name] for row in out.get(parent, {}).values()}
                done = seen.setdefault((table.name, fk.parent.name), set())
                todo = sorted(v for v in values - done if v is not None)
                done.update(todo)
                for part in _chunks(todo):
                    grew |= add(table, fk.parent.in_(part))
    return {name: rows for name, rows in out.items() if rows}


def _current(s: Session, table: Table, keys: list[Key]) -> dict[Key, dict[str, Any]]:
    cols = list(table.primary_key.columns)
    found: dict[Key, dict[str, Any]] = {}
    for part in _chunks(keys):
        if len(cols) == 1:
            where = cols[0].in_([k[0] for k in part])
        else:
            where = or_(*[_where_key(table, k) for k in part])
        for row in s.execute(select(table).where(where)).mappings():
            found[_key(table, row)] = dict(row)
    return found


def _where_key(table: Table, key: Key):
    return and_(*[c == v for c, v in zip(table.primary_key.columns, key, strict=True)])


def _same(table: Table, a: dict, b: dict) -> bool:
    return all(a.get(c) == b.get(c) for c in a)


def record(store: Store, what: str, change: Callable[[], Any], *,
           contacts: Iterable[int] = (), interactions: Iterable[int] = ()
           ) -> tuple[Any, UndoStep]:
    """Run ``change()`` (a core write) and return its result with the step that undoes it.
    ``contacts`` and ``interactions`` are the ids whose rows the change may alter."""
    step = UndoStep(what, list(dict.fromkeys(contacts)), list(dict.fromkeys(interactions)))
    with store.read() as s:
        step.before = snapshot(s, step.contacts, step.interactions)
    result = change()
    with store.read() as s:
        step.after = snapshot(s, step.contacts, step.interactions)
    return result, step


def undo(store: Store, step: UndoStep) -> None:
    """Put back what ``step`` changed, in one transaction, and send the change events."""
    tables = _tables()
    parents = {fk.column.table.name for t in tables for fk in t.foreign_keys}
    with store.tx() as s:
        current: Rows = {}
        for table in tables:
            keys = set(step.before.get(table.name, {})) | set(step.after.get(table.name, {}))
            if keys:
                current[table.name] = _current(s, table, sorted(keys, key=repr))
        for table in tables:  # refuse if what the change wrote was changed again since
            now = current.get(table.name, {})
            for k, row in step.after.get(table.name, {}).items():
                if k not in now or not _same(table, row, now[k]):
                    raise RolodexError(f"not undone: {_describe(table.name, row)} was "
                                       "changed since; nothing was changed")
        # rows nothing references (emails, participants, edges...): delete, re-insert
        for table in reversed(tables):
            if table.name in parents:
                continue
            for k in current.get(table.name, {}):
                s.execute(delete(table).where(_where_key(table, k)))
        s.flush()
        # referenced rows (contacts, interactions): update in place (a delete would take
        # rows added since with it), insert the ones the change removed
        for table in tables:
            if table.name not in parents:
                continue
            now = current.get(table.name, {})
            before = step.before.get(table.name, {})
            for k, row in before.items():
                if k in now:
                    s.execute(update(table).where(_where_key(table, k)).values(row))
            missing = [row for k, row in before.items() if k not in now]
            if missing:
                s.execute(insert(table), missing)
        for table in reversed(tables):
            if table.name not in parents:
                continue
            before = step.before.get(table.name, {})
            for k in current.get(table.name, {}):
                if k not in before:
                    s.execute(delete(table).where(_where_key(table, k)))
        for table in tables:
            if table.name in parents:
                continue
            rows = list(step.before.get(table.name, {}).values())
            if rows:
                s.execute(insert(table), rows)
        s.flush()
        who = step.touched_contacts()
        live = set(s.scalars(select(Contact.id).where(Contact.id.in_(who)))) if who else set()
        refresh_follow_ups(s, [c for c in who if c in live])
        my_ties.recompute(s, [c for c in who if c in live])
    participants: dict[int, list[int]] = {}
    for rows in (step.before, step.after):
        for row in rows.get(Participant.__tablename__, {}).values():
            participants.setdefault(row["interaction_id"], []).append(row["contact_id"])
    for iid in step.interactions:
        store.notify("interaction", (iid, list(dict.fromkeys(participants.get(iid, [])))))
    for cid in step.touched_contacts():
        store.notify("contact", cid)


def _describe(table: str, row: dict) -> str:
    if table == Contact.__tablename__:
        return f"contact '{row.get('name', '')}' (#{row.get('id')})"
    if table == Interaction.__tablename__:
        return f"the {row.get('kind', 'entry')} '{row.get('summary', '')}' (#{row.get('id')})"
    return f"a row of {table}"
