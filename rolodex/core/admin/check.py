"""``rolodex check``: is the database sound, and does it keep the rolodex's own rules?

- the database itself: SQLite's ``quick_check`` (``integrity_check`` with ``full``);
- foreign keys: every reference of every table in ``SQLModel.metadata`` points at a row
  (SQLite's ``foreign_key_check``; the same question in SQL on PostgreSQL);
- the rolodex's invariants: my ``follow_up_due`` (in ``my_tie``) is the earliest open
  follow-up of my log (core/db/derived.py), knows-edges are stored a < b, every interaction
  has a participant, UIDs are unique; the folded name and text (``name_fold``,
  ``text_fold``: what search reads) are what the name, address, URL and notes give; my
  ties (``my_tie``: my last touch and tie accumulator per contact, core/db/my_ties.py) are
  what my log gives, and their epoch is not drifting out of a float's range.

``repair`` fixes what can be derived again: follow-ups, the folds and my ties (by the
writer path's own functions; my ties re-based to a new epoch when it drifted), knows-edges
stored the wrong way round (unless the right way exists too), the indexes (REINDEX) and,
on a team rolodex, the shared bands (core/team/bands.py). The rest is reported, never
guessed at.

On a team rolodex a member sees only what the policies show them (core/team/schema.py),
so a member's check judges only that: their own log, their own ties and follow-up days
and the team data; the administrator's judges every member's follow-up days. A member's
repair does what a member may: their own ties and follow-ups, knows-edges and bands;
REINDEX is the tables' owner's, so the report says it was left to the administrator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import and_, bindparam, exists, func, select, text, update
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups, stale_follow_ups
from rolodex.core.db.models import Contact, Interaction, Knows, Participant, text_fold
from rolodex.core.db.store import Store
from rolodex.core.team.bands import recompute_bands
from rolodex.core.text import fold

SHOWN = 20  # ids named in one problem line


@dataclass
class Problem:
    kind: str
    message: str
    ids: list[int] = field(default_factory=list)
    repairable: bool = False


@dataclass
class Report:
    contacts: int
    interactions: int
    problems: list[Problem]
    repaired: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        return {"ok": self.ok, "contacts": self.contacts, "interactions": self.interactions,
                "problems": [asdict(p) for p in self.problems], "repaired": self.repaired}

    def lines(self) -> list[str]:
        if self.ok:
            return [f"ok: {self.contacts:,} contacts, {self.interactions:,} interactions, "
                    "no problems"]
        return [p.message for p in self.problems]


def _ids(ids: list[int]) -> str:
    shown = ", ".join(f"#{i}" for i in ids[:SHOWN])
    return shown + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def _database(conn, full: bool) -> list[Problem]:
    if conn.dialect.name != "sqlite":
        return []  # PostgreSQL checks its own pages; nothing to ask it here
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
    if rows == ["ok"]:
        return []
    return [Problem("database", f"database: {r}", repairable=True) for r in rows]


def _foreign_keys(conn) -> list[Problem]:
    """Rows whose reference points at no row, per table and column, for every FK."""
    out = []
    for t in SQLModel.metadata.sorted_tables:
        for fk in t.foreign_keys:
            col, target = fk.parent, fk.column
            parent = target.table.alias()
            q = (select(*t.primary_key.columns).where(
                col.is_not(None),
                ~exists().where(parent.c[target.name] == col)))
            bad = [r[0] for r in conn.execute(q.limit(SHOWN + 1))]
            if bad:
                n = conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()
                out.append(Problem(
                    "foreign_key",
                    f"foreign key: {n} {t.name} row{'s' if n != 1 else ''} with "
                    f"{col.name} pointing at no {target.table.name} "
                    f"(key {_ids(bad)})", bad))
    return out


def _reversed_knows(conn) -> list[int]:
    return [r[0] for r in conn.execute(select(Knows.id).where(Knows.a_id >= Knows.b_id)
                                       .order_by(Knows.id))]


def _lonely_interactions(conn, login: str | None) -> list[int]:
    """Interactions with no participant; a member's own only (a colleague's shared minutes
    whose people are all private cards of theirs show no participant, rightly)."""
    q = (select(Interaction.id)
         .where(~exists().where(Participant.interaction_id == Interaction.id))
         .order_by(Interaction.id))
    if login is not None:
        q = q.where(Interaction.owner == login)
    return [r[0] for r in conn.execute(q)]


def _duplicate_uids(conn) -> list[str]:
    q = (select(Contact.uid).where(Contact.uid.is_not(None)).group_by(Contact.uid)
         .having(func.count() > 1).order_by(Contact.uid))
    return [r[0] for r in conn.execute(q)]


def _invariants(conn, login: str | None = None) -> list[Problem]:
    """``login``: a team member's check (core/team), who cannot see colleagues' logs, so
    judges their own follow-up days; the administrator's (None) judges everyone's."""
    out = []
    if ids := stale_follow_ups(conn, every_owner=login is None):
        out.append(Problem("follow_up", f"follow-ups: {len(ids)} contact"
                           f"{'s' if len(ids) != 1 else ''} whose follow_up_due is not "
                           f"the earliest open follow-up ({_ids(ids)})", ids, True))
    if ids := _reversed_knows(conn):
        out.append(Problem("knows_order", f"knows: {len(ids)} edge"
                           f"{'s' if len(ids) != 1 else ''} not stored a < b ({_ids(ids)})",
                           ids, True))
    if ids := _lonely_interactions(conn, login):
        out.append(Problem("participants", f"interactions: {len(ids)} with no participant "
                           f"({_ids(ids)})", ids))
    if uids := _duplicate_uids(conn):
        out.append(Problem("uid", f"uid: {len(uids)} UID{'s' if len(uids) != 1 else ''} "
                           f"shared by several contacts ({', '.join(uids[:SHOWN])})"))
    return out


def stale_folds(conn) -> list[tuple[int, str, str]]:
    """(id, name_fold, text_fold) as the writers' rule gives them (core.text.fold,
    models.text_fold), for every contact whose stored folds differ."""
    q = select(Contact.id, Contact.name, Contact.name_fold, Contact.address, Contact.url,
               Contact.notes, Contact.text_fold).order_by(Contact.id)
    out = []
    for cid, name, name_fold, address, url, notes, folded in conn.execute(q):
        want = (fold(name), text_fold(address, url, notes))
        if want != (name_fold, folded):
            out.append((cid, *want))
    return out


def _folds(conn) -> list[Problem]:
    if stale := stale_folds(conn):
        ids = [r[0] for r in stale]
        return [Problem("folds", f"folds: {len(ids)} contact{'s' if len(ids) != 1 else ''} "
                        f"whose folded name or text (what search reads) is not what their "
                        f"name, address, URL and notes give ({_ids(ids)})", ids, True)]
    return []


def _my_ties(conn, now) -> list[Problem]:
    out = []
    if ids := my_ties.stale(conn, now):
        out.append(Problem("my_tie", f"my ties: {len(ids)} contact"
                           f"{'s' if len(ids) != 1 else ''} whose stored tie is not what "
                           f"my log gives ({_ids(ids)})", ids, True))
    if my_ties.drifted(conn, now):
        out.append(Problem("tie_epoch", f"my ties: the epoch {my_ties.epoch(conn):%Y-%m-%d} is "
                           "too far behind today (re-based by --repair)", [], True))
    return out


def _counts(conn) -> tuple[int, int]:
    return (conn.execute(select(func.count()).select_from(Contact)).scalar_one(),
            conn.execute(select(func.count()).select_from(Interaction)).scalar_one())


def check(store: Store, *, full: bool = False) -> Report:
    """Every problem found, none fixed."""
    with store.read() as s:
        conn = s.connection()
        problems = (_database(conn, full) + _foreign_keys(conn)
                    + _invariants(conn, store.team_login()) + _folds(conn)
                    + _my_ties(conn, store.now()))
        contacts, interactions = _counts(conn)
    return Report(contacts, interactions, problems)


def repair(store: Store, *, full: bool = False) -> Report:
    """Fix what can be derived again, in one transaction; then check again.

    The returned report lists what was repaired, what was left to the administrator (a
    team member's repair) and what is still wrong.
    """
    done: list[str] = []
    login = store.team_login()
    ids: list[int] = []
    with store.tx() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("REINDEX")
            done.append("indexes rebuilt")
        elif login is None:
            for t in SQLModel.metadata.sorted_tables:
                conn.execute(text(f'REINDEX TABLE "{t.name}"'))
            done.append("indexes rebuilt")
        twin = aliased(Knows)
        flip = (update(Knows).where(Knows.a_id > Knows.b_id,
                                    ~exists().where(and_(twin.a_id == Knows.b_id,
                                                         twin.b_id == Knows.a_id)))
                .values(a_id=Knows.b_id, b_id=Knows.a_id))
        if login is not None:
            flip = flip.where(Knows.recorded_by == login)  # a member's own edges
        flipped = conn.execute(flip).rowcount
        if flipped:
            done.append(f"{flipped} knows-edge{'s' if flipped != 1 else ''} stored a < b")
        ids: list[int] = []
        if due := stale_follow_ups(conn, every_owner=login is None):  # a member: their own
            refresh_follow_ups(s, due, every_owner=login is None)
            done.append(f"follow-ups recomputed for {len(due)} contact"
                        f"{'s' if len(due) != 1 else ''}")
            ids = sorted(set(ids) | set(due))
        if login is None and my_ties.drifted(conn, store.now()):
            my_ties.rebase(conn, store.now().replace(month=1, day=1, hour=0, minute=0,
                                                     second=0))
            done.append("my ties re-based to this year")
        if bad := my_ties.stale(conn, store.now()):  # a member: their own rows only
            my_ties.recompute(conn, bad)
            done.append(f"my ties recomputed for {len(bad)} contact"
                        f"{'s' if len(bad) != 1 else ''}")
            ids = sorted(set(ids) | set(bad))
        if stale := stale_folds(conn):
            t = Contact.__table__
            conn.execute(update(t).where(t.c.id == bindparam("_id"))
                         .values(name_fold=bindparam("_n"), text_fold=bindparam("_t")),
                         [{"_id": cid, "_n": n, "_t": f} for cid, n, f in stale])
            done.append(f"folds recomputed for {len(stale)} contact"
                        f"{'s' if len(stale) != 1 else ''}")
            ids = sorted(set(ids) | {r[0] for r in stale})
        if (bands := recompute_bands(store, s)) is not None:
            done.append(bands)
        if login is not None:
            done.append("left to the administrator (`rolodex check --repair` as the "
                        "server's administrator): the indexes")
    report = check(store, full=full)
    report.repaired = done
    if ids:
        for cid in ids:
            store.notify("contact", cid)
    return report
