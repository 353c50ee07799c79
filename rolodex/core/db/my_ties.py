"""My tie to each contact, kept in the database by the writer path (table ``my_tie``).

One row per (owner, contact) with a one-to-one touch in the owner's own log or a
follow-up still open in it (``follow_up_due``, kept by core/db/derived.py's rule): the
newest touch (``last_touch_at``, NULL while there is none) and the tie model's decay accumulator
``acc = sum(w_kind * 2 ** ((t - t0) / H))`` (core/ties.py), so that the sum of touch
weights at any ``now`` is ``0.5 ** ((now - t0) / H) * acc`` exactly and a read of my ties
is one indexed row per contact instead of the whole log.

The owner is who logged the touches: '' on SQLite and on a personal rolodex on a server
(no team; interactions have no owner there), the member's login on a team database (the
server fills ``interaction.owner`` with ``current_user``; row security shows and writes
a member's own rows only). ``ME`` is that owner as SQL, evaluated by the database.

Every writer of the log or its participants calls here in its own transaction: ``add``
for new touches (O(1) a contact: an upsert adding the terms), ``changed`` for an edit or
a delete (the terms taken out and put in, and the newest touch read back from the log
through the participant index), ``recompute`` where rows move wholesale (merge, undo) or
for ``rolodex check --repair``. ``stale`` is what ``rolodex check`` reports.

The epoch t0 is stored in rolodex_meta ('tie_epoch'; core/ties.EPOCH when absent).
Re-basing to a new epoch is one UPDATE multiplying every acc by
``ties.rebase_factor(old, new)`` and the new epoch written, in one transaction
(``rebase``: by the administrator on a team, who can write every member's rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    DateTime,
    Float,
    Integer,
    String,
    bindparam,
    func,
    literal_column,
    select,
    text,
)

from rolodex.core import ties
from rolodex.core.db.models import Interaction, Meta, MyTie, Participant
from rolodex.core.db.schema import MY_TIE_OWNER, TIE_EPOCH_KEY

EPOCH_KEY = TIE_EPOCH_KEY
TOLERANCE = 1e-9  # on the sum of touch weights now: what ``check`` calls a mismatch
CHUNK = 5000


Touch = tuple[int, str, datetime]  # (contact id, kind, at) of a one-to-one interaction


def me_sql(conn) -> str:
    """My owner value as an SQL expression, for this connection's (or session's) database."""
    name = conn.get_bind().dialect.name if hasattr(conn, "get_bind") else conn.dialect.name
    return MY_TIE_OWNER["sqlite" if name == "sqlite" else "postgres"]


def epoch(conn) -> datetime:
    value = conn.execute(select(Meta.value).where(Meta.key == EPOCH_KEY)).scalar()
    return datetime.fromisoformat(value) if value else ties.EPOCH


def touches_of(interaction: Interaction, contact_ids: Iterable[int]) -> list[Touch]:
    """The one-to-one touches an interaction makes with these people (none for a send)."""
    if interaction.one_to_many:
        return []
    return [(cid, interaction.kind, interaction.at) for cid in dict.fromkeys(contact_ids)]


def _sums(touches: Iterable[Touch], t0: datetime, sign: float = 1.0
          ) -> dict[int, list]:
    out: dict[int, list] = {}
    for cid, kind, at in touches:
        row = out.setdefault(cid, [at, 0.0])
        row[1] += sign * ties.acc_term(kind, at, t0)
        if at > row[0]:
            row[0] = at
    return out


def _upsert(conn):
    me = me_sql(conn)
    return text(
        f"INSERT INTO my_tie (owner, contact_id, last_touch_at, acc) VALUES ({me}, :c, :t, :a) "
        "ON CONFLICT (owner, contact_id) DO UPDATE SET acc = my_tie.acc + excluded.acc, "
        "last_touch_at = CASE WHEN my_tie.last_touch_at IS NULL "
        "OR excluded.last_touch_at > my_tie.last_touch_at "
        "THEN excluded.last_touch_at ELSE my_tie.last_touch_at END"
    ).bindparams(bindparam("c", type_=Integer), bindparam("t", type_=DateTime()),
                 bindparam("a", type_=Float))


def add(conn, touches: Iterable[Touch]) -> None:
    """New one-to-one touches of mine: each contact's acc grows by their terms, and the
    newest touch is the later of the stored one and theirs (one upsert a contact; a row
    holding only a follow-up takes the touch)."""
    sums = _sums(touches, epoch(conn))
    if sums:
        conn.execute(_upsert(conn), [{"c": c, "t": t, "a": a} for c, (t, a) in sums.items()])


def changed(conn, gone: Iterable[Touch], new: Iterable[Touch]) -> None:
    """Touches of mine taken out of the log (``gone``: as they were) and put in (``new``:
    as they are now, already flushed): the acc by difference, the newest touch read back
    from the log, and the row removed when no touch is left."""
    t0 = epoch(conn)
    gone, new = list(gone), list(new)
    delta = _sums(gone, t0, -1.0)
    for cid, (at, a) in _sums(new, t0).items():
        row = delta.setdefault(cid, [at, 0.0])
        row[1] += a
    if not delta:
        return
    me = me_sql(conn)
    newest = _newest(conn, list(delta))
    drop = [c for c in delta if c not in newest]
    keep = [{"c": c, "t": newest[c], "a": delta[c][1]} for c in delta if c in newest]
    if keep:
        conn.execute(_upsert(conn), keep)
        conn.execute(text(f"UPDATE my_tie SET last_touch_at = :t WHERE owner = {me} "
                          "AND contact_id = :c")
                     .bindparams(bindparam("t", type_=DateTime()), bindparam("c", type_=Integer)),
                     [{"c": r["c"], "t": r["t"]} for r in keep])
    if drop:
        conn.execute(text("UPDATE my_tie SET last_touch_at = NULL, acc = 0 "
                          f"WHERE owner = {me} AND contact_id = :c"),
                     [{"c": c} for c in drop])
        tidy(conn, drop)


def tidy(conn, contact_ids: Iterable[int] | None = None, *, every_owner: bool = False
         ) -> None:
    """Remove my rows of these contacts (None: all; ``every_owner``: anyone's) left with
    neither a touch nor a follow-up."""
    t = MyTie.__table__
    stmt = t.delete().where(t.c.last_touch_at.is_(None), t.c.follow_up_due.is_(None))
    if not every_owner:
        stmt = stmt.where(t.c.owner == literal_column(me_sql(conn)))
    if contact_ids is None:
        conn.execute(stmt)
        return
    ids = sorted(set(contact_ids))
    for a in range(0, len(ids), CHUNK):
        conn.execute(stmt.where(t.c.contact_id.in_(ids[a:a + CHUNK])))


def _owner_col():
    return func.coalesce(Interaction.owner, "").label("owner")


def _touches_q(conn, every_owner: bool = False):
    """(owner, contact id, kind, at) of my one-to-one touches (every owner's if asked)."""
    q = (select(_owner_col(), Participant.contact_id, Interaction.kind, Interaction.at)
         .join(Interaction, Interaction.id == Participant.interaction_id)
         .where(Interaction.one_to_many == False))  # noqa: E712
    return q if every_owner else q.where(_owner_col() == literal_column(me_sql(conn)))


def _newest(conn, ids: list[int]) -> dict[int, datetime]:
    out: dict[int, datetime] = {}
    for a in range(0, len(ids), CHUNK):
        q = (select(Participant.contact_id, func.max(Interaction.at))
             .join(Interaction, Interaction.id == Participant.interaction_id)
             .where(Participant.contact_id.in_(ids[a:a + CHUNK]),
                    Interaction.one_to_many == False,  # noqa: E712
                    _owner_col() == literal_column(me_sql(conn)))
             .group_by(Participant.contact_id))
        out.update((c, t) for c, t in conn.execute(q))
    return out


def scratch(conn, contact_ids: Iterable[int] | None = None, *, every_owner: bool = False
            ) -> dict[tuple[str, int], tuple[datetime, float]]:
    """(owner, contact) -> (newest touch, acc) computed from the log alone: mine, or every
    owner's (the schema migration, as the database's administrator)."""
    t0 = epoch(conn)
    q = _touches_q(conn, every_owner)
    out: dict[tuple[str, int], list] = {}

    def take(rows) -> None:
        for owner, cid, kind, at in rows:
            row = out.setdefault((owner, cid), [at, 0.0])
            row[1] += ties.acc_term(kind, at, t0)
            if at > row[0]:
                row[0] = at

    if contact_ids is None:
        take(conn.execute(q))
    else:
        ids = sorted(set(contact_ids))
        for a in range(0, len(ids), CHUNK):
            take(conn.execute(q.where(Participant.contact_id.in_(ids[a:a + CHUNK]))))
    return {k: (t, acc) for k, (t, acc) in out.items()}


def stored(conn, contact_ids: Iterable[int] | None = None, *, every_owner: bool = False
           ) -> dict[tuple[str, int], tuple[datetime, float]]:
    """(owner, contact) -> (newest touch, acc) as the table holds them (mine by default)."""
    t = MyTie.__table__
    q = select(t.c.owner, t.c.contact_id, t.c.last_touch_at, t.c.acc).where(
        t.c.last_touch_at.is_not(None))
    if not every_owner:
        q = q.where(t.c.owner == literal_column(me_sql(conn)))
    if contact_ids is None:
        return {(o, c): (at, a) for o, c, at, a in conn.execute(q)}
    ids = sorted(set(contact_ids))
    out = {}
    for a in range(0, len(ids), CHUNK):
        out.update({(o, c): (at, ac) for o, c, at, ac in
                    conn.execute(q.where(t.c.contact_id.in_(ids[a:a + CHUNK])))})
    return out


def recompute(conn, contact_ids: Iterable[int] | None = None, *,
              every_owner: bool = False) -> None:
    """My touches of these contacts (None: all of mine; ``every_owner``: everyone's) from
    the log alone: after a change that moves rows wholesale, and ``check --repair``. The
    rows' follow-up days stay (core/db/derived.py keeps them)."""
    t = MyTie.__table__
    ids = None if contact_ids is None else sorted(set(contact_ids))
    if ids is not None and not ids:
        return
    fresh = scratch(conn, ids, every_owner=every_owner)
    stmt = t.update().values(last_touch_at=None, acc=0.0)
    if not every_owner:
        stmt = stmt.where(t.c.owner == literal_column(me_sql(conn)))
    if ids is None:
        conn.execute(stmt)
    else:
        for a in range(0, len(ids), CHUNK):
            conn.execute(stmt.where(t.c.contact_id.in_(ids[a:a + CHUNK])))
    put = text(
        "INSERT INTO my_tie (owner, contact_id, last_touch_at, acc) VALUES (:o, :c, :t, :a) "
        "ON CONFLICT (owner, contact_id) DO UPDATE SET last_touch_at = excluded.last_touch_at, "
        "acc = excluded.acc"
    ).bindparams(bindparam("o", type_=String), bindparam("c", type_=Integer),
                 bindparam("t", type_=DateTime()), bindparam("a", type_=Float))
    rows = [{"o": o, "c": c, "t": at, "a": acc} for (o, c), (at, acc) in fresh.items()]
    for a in range(0, len(rows), CHUNK):
        conn.execute(put, rows[a:a + CHUNK])
    tidy(conn, ids, every_owner=every_owner)


def stale(conn, now: datetime) -> list[int]:
    """Contacts whose row of mine is not what the log gives (missing, extra, another
    newest touch, or a tie sum at ``now`` off by more than TOLERANCE): ``rolodex check``."""
    t0 = epoch(conn)
    have, want = stored(conn), scratch(conn)
    bad = set()
    for key in set(have) | set(want):
        a, b = have.get(key), want.get(key)
        if a is None or b is None or a[0] != b[0] or abs(
                ties.acc_total(a[1], t0, now) - ties.acc_total(b[1], t0, now)) > TOLERANCE:
            bad.add(key[1])
    return sorted(bad)


def drifted(conn, now: datetime) -> bool:
    """The epoch is more than REBASE_AFTER half-lives behind ``now``: time to re-base."""
    return (now - epoch(conn)).total_seconds() / 86400.0 > ties.REBASE_AFTER * ties.HALF_LIFE_DAYS


def rebase(conn, new: datetime) -> None:
    """Move the epoch to ``new``: every acc times ``ties.rebase_factor`` (one UPDATE) and
    the new epoch stored, in the caller's transaction."""
    factor = ties.rebase_factor(epoch(conn), new)
    conn.execute(text("UPDATE my_tie SET acc = acc * :f").bindparams(
        bindparam("f", type_=Float)), {"f": factor})
    m = Meta.__table__
    if conn.execute(select(m.c.key).where(m.c.key == EPOCH_KEY)).first() is None:
        conn.execute(m.insert().values(key=EPOCH_KEY, value=new.isoformat()))
    else:
        conn.execute(m.update().where(m.c.key == EPOCH_KEY).values(value=new.isoformat()))


def my_row_owner(conn) -> str:
    """The owner value of my rows (what ``ME`` gives on this connection)."""
    return conn.execute(select(literal_column(me_sql(conn), String))).scalar_one()


def my_row():
    """My rows of my_tie, aliased for an outer join to ``Contact`` in a SQLAlchemy select:
    ``select(..., t.c.last_touch_at).outerjoin(t, on_contact(t))``."""
    return MyTie.__table__.alias("t")


def on_contact(t, contact_id, conn):
    """The join condition of ``my_row()`` ``t`` to a contact id column."""
    return (t.c.contact_id == contact_id) & (t.c.owner == literal_column(me_sql(conn)))


def last_touch(conn, contact_id: int) -> datetime | None:
    """My last one-to-one touch with one contact (None: none)."""
    t = MyTie.__table__
    return conn.execute(select(t.c.last_touch_at).where(
        t.c.contact_id == contact_id, t.c.owner == literal_column(me_sql(conn)))).scalar()


def total(conn, contact_id: int, now: datetime) -> float | None:
    """The sum of my touch weights with one contact at ``now`` (None: I never touched
    them). Many at once: fastread.my_tie_totals."""
    t = MyTie.__table__
    acc = conn.execute(select(t.c.acc).where(
        t.c.contact_id == contact_id, t.c.owner == literal_column(me_sql(conn)),
        t.c.last_touch_at.is_not(None))).scalar()
    return None if acc is None else ties.acc_total(acc, epoch(conn), now)
