"""Reach figures, counted from the data (``rolodex stats`` and the TUI's stats screen).

Definitions (all over non-archived contacts; "now" is the store's clock):
- confirmed: has an email, a phone and a postal address;
- reached_30d / reached_365d: confirmed contacts who took part in any interaction (one-to-one
  or one-to-many) in the last 30 / 365 days; the percentages are of confirmed;
- one_to_one_30d: interactions that are not one-to-many in the last 30 days, by kind
  (calls, emails, other = meetings, messages, notes, other) and the distinct people in them;
- reach: degree 1 = people I know directly; degree 2 = people not in degree 1 tied to
  someone in degree 1; degree 3 = one more hop. A tie is a knows-edge or taking part in the
  same (one-to-one) meeting; working at the same company is not counted as a tie here;
- reach_top16: distinct people within two hops of my 16 strongest direct ties (tie strength
  from rolodex.core.ties over my stored ties, with closeness), the 16 not counted.

No networkx, no Textual. The big reads (the year's log, the ties the reach turns on) are
plain tuples from the driver; the reach reads the ties of the people it can place, not every
edge (``_network``), by the indexes on both ends of a knows-edge (schema 12).
"""

from __future__ import annotations

import heapq
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from rolodex.core.db.fastread import ReadConn, clock_of, my_tie_totals, reader, to_dt
from rolodex.core.memory import collector_paused
from rolodex.core.text import count_of
from rolodex.core.ties import strength_from_sum

TOP_TIES = 16
WEEKS = 52


@dataclass
class Stats:
    now: datetime
    contacts: int = 0
    confirmed: int = 0
    since: int | None = None
    reached_30d: int = 0
    reached_365d: int = 0
    reached_30d_pct: float = 0.0
    reached_365d_pct: float = 0.0
    one_to_one_30d: dict[str, int] = field(default_factory=dict)
    one_to_many_30d: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    reach: dict[str, int] = field(default_factory=dict)
    reach_top16: int = 0
    top_ties: list[int] = field(default_factory=list)
    knows_edges: int = 0
    touches_per_week: list[int] = field(default_factory=list)
    losing_touch: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        d = asdict(self)
        d["now"] = self.now.isoformat(timespec="seconds")
        return d


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def compute_stats(source, now: datetime | None = None, *, top: int = TOP_TIES,
                  losing_limit: int = 10) -> Stats:
    """The figures from an open Store or a database URL (None: the --db rules), in one read
    snapshot through the SQLAlchemy-free reader (``rolodex stats`` builds no Store)."""
    with collector_paused():  # hundreds of thousands of edge tuples, no cycles among them
        with reader(source) as db, db.snapshot():
            return _compute(db, now or clock_of(source), top, losing_limit)


def _compute(db: ReadConn, now: datetime, top: int, losing_limit: int) -> Stats:
    from rolodex.core.records.cadence import cadence_rows, overdue_rows

    st = Stats(now=now)
    people = db.rows("SELECT id, known_directly, archived, closeness FROM contact")
    live = {cid for cid, _k, arch, _c in people if not arch}
    st.contacts = len(live)
    confirmed = {r[0] for r in db.rows(
        "SELECT c.id FROM contact c WHERE NOT c.archived AND c.address <> '' "
        "AND EXISTS (SELECT 1 FROM contact_email e WHERE e.contact_id = c.id) "
        "AND EXISTS (SELECT 1 FROM contact_phone p WHERE p.contact_id = c.id)")}
    st.confirmed = len(confirmed)
    first, added = db.rows("SELECT min(met_on), min(created_at) FROM contact "
                           "WHERE NOT archived")[0]
    years = [int(str(d)[:4]) for d in (first, added) if d is not None]
    st.since = min(years) if years else None
    _year(db, st, now, live, confirmed)
    _network(db, st, now, people, top)
    rows = overdue_rows(cadence_rows(db), now)
    st.overdue = len(rows)
    st.losing_touch = [
        {"id": r.id, "name": r.name, "company": r.company, "cadence_days": r.cadence_days,
         "days_overdue": r.days_overdue,
         "last_touch_at": r.last_touch_at.isoformat(timespec="minutes")
         if r.last_touch_at else None}
        for r in rows[:losing_limit]
    ]
    return st


def _year(db: ReadConn, st: Stats, now: datetime, live: set[int], confirmed: set[int]) -> None:
    """Everything about the last year from one read of its interactions. Times are
    compared as the driver gives them (SQLite: text in one fixed format)."""
    d30 = db.param(now - timedelta(days=30))
    week0 = db.param(now - timedelta(days=7 * WEEKS))
    reached30: set[int] = set()
    reached365: set[int] = set()
    people30: set[int] = set()
    many30: set[int] = set()
    kinds30: dict[int, str] = {}
    sends30: set[int] = set()
    one_to_one: dict[int, object] = {}
    for iid, kind, at, many, cid in db.rows(
            "SELECT i.id, i.kind, i.at, i.one_to_many, p.contact_id FROM interaction i "
            "JOIN interaction_participant p ON p.interaction_id = i.id "
            "WHERE i.at >= ? AND i.at <= ?", (now - timedelta(days=365), now)):
        recent = at >= d30
        if cid in confirmed:
            reached365.add(cid)
            if recent:
                reached30.add(cid)
        if many:
            if recent:
                sends30.add(iid)
                if cid in confirmed:
                    many30.add(cid)
            continue
        if at > week0:
            one_to_one[iid] = at
        if recent:
            kinds30[iid] = kind
            if cid in live:
                people30.add(cid)
    st.reached_30d, st.reached_365d = len(reached30), len(reached365)
    st.reached_30d_pct = _pct(st.reached_30d, st.confirmed)
    st.reached_365d_pct = _pct(st.reached_365d, st.confirmed)
    kinds = list(kinds30.values())
    calls, emails = kinds.count("call"), kinds.count("email")
    st.one_to_one_30d = {"calls": calls, "emails": emails,
                         "other": len(kinds) - calls - emails, "people": len(people30)}
    st.one_to_many_30d = {"sends": len(sends30), "people": len(many30)}
    weeks = [0] * WEEKS
    for at in one_to_one.values():
        back = int((now - to_dt(at)).total_seconds() // (7 * 86400))
        if 0 <= back < WEEKS:
            weeks[WEEKS - 1 - back] += 1
    st.touches_per_week = weeks


def _top_ties(db: ReadConn, now: datetime, closeness: dict[int, int], direct: set[int],
              top: int) -> list[int]:
    """My ``top`` strongest direct ties, strongest first (ties broken by id), from my stored
    ties (core/db/my_ties.py: one row a person I touched, not the log) and closeness."""
    totals = my_tie_totals(db, now)
    ties = {cid: strength_from_sum(totals.get(cid, 0.0), closeness.get(cid)) for cid in direct}
    return heapq.nsmallest(top, ties, key=lambda cid: (-ties[cid], cid))


def _network(db: ReadConn, st: Stats, now: datetime, people: list[tuple], top: int) -> None:
    """The reach, from the ties of the few people it turns on instead of every edge: degree
    2 and 3 are people I do not know directly, so only the ties of those (``_neighbours``
    of them, by the indexes) can place anyone there, and the top-16 reach needs the ties of
    the 16 and then of their neighbours. At 100,000 contacts that reads some 84,000 of the
    500,000 knows-edges."""
    direct = {r[0] for r in people if r[1] and not r[2]}
    archived = {r[0] for r in people if r[2]}
    others = {r[0] for r in people if not r[1] and not r[2]}
    st.knows_edges = db.one("SELECT count(*) FROM knows")[0]
    if archived:
        st.knows_edges -= db.one(f"SELECT count(*) FROM knows WHERE a_id IN ({ARCHIVED}) "
                                 f"OR b_id IN ({ARCHIVED})")[0]
    ties = _neighbours(db, OTHERS, others, archived) if others else {}
    d2 = {cid for cid, near in ties.items() if not near.isdisjoint(direct)}
    d3 = {cid for cid, near in ties.items() if cid not in d2 and not near.isdisjoint(d2)}
    st.reach = {"degree1": len(direct), "degree2": len(d2), "degree3": len(d3)}

    closeness = {r[0]: r[3] for r in people if r[0] in direct and r[3]}
    st.top_ties = _top_ties(db, now, closeness, direct, top)
    seeds = set(st.top_ties)
    hop1 = set().union(*_neighbours(db, _ids(seeds), seeds, archived).values()) - seeds
    st.reach_top16 = len(hop1) + (_beyond(db, hop1, seeds | hop1) if hop1 else 0)


ARCHIVED = "SELECT id FROM contact WHERE archived"
OTHERS = "SELECT id FROM contact WHERE NOT known_directly AND NOT archived"


def _ids(ids) -> str:
    """A list of ids as SQL (ints only: nothing from outside is spliced)."""
    return ",".join(str(int(i)) for i in sorted(ids)) or "NULL"


def _ties_sql(among: str, *, whose: bool = True) -> str:
    """(person, someone tied to them) for each person ``among`` selects (SQL, a select or a
    list of ids): a knows-edge, read from both ends by their indexes, or a one-to-one
    meeting together. The one place stats says what a tie is. ``whose=False``: only the
    distinct people tied to any of them (the database drops repeats as it goes)."""
    n = ("a_id AS n, ", "b_id, ", "p.contact_id, ") if whose else ("", "", "")
    return (" UNION ALL " if whose else " UNION ").join((
        f"SELECT {n[0]}b_id AS x FROM knows WHERE a_id IN ({among})",
        f"SELECT {n[1]}a_id FROM knows WHERE b_id IN ({among})",
        # CROSS JOIN: SQLite keeps this order (their participations by the contact_id
        # index, then the meeting), not every meeting probed for each of them
        f"SELECT {n[2]}q.contact_id FROM interaction_participant p "
        "CROSS JOIN interaction i CROSS JOIN interaction_participant q "
        f"WHERE p.contact_id IN ({among}) AND i.id = p.interaction_id "
        "AND i.kind = 'meeting' AND i.one_to_many = ? "
        "AND q.interaction_id = p.interaction_id AND q.contact_id <> p.contact_id"))


def _neighbours(db: ReadConn, among: str, nodes: set[int], archived: set[int]
                ) -> dict[int, set[int]]:
    """Each of ``nodes`` (live people: the ids ``among`` gives) -> the live people tied to
    them."""
    out: dict[int, set[int]] = {n: set() for n in nodes}
    for n, x in db.rows(_ties_sql(among), (False,)):
        if x not in archived:
            out[n].add(x)
    return out


def _beyond(db: ReadConn, ids: set[int], seen: set[int]) -> int:
    """How many live people outside ``seen`` are tied to one of ``ids``: counted by the
    database (the neighbours of a few thousand hubs are tens of thousands of rows)."""
    return db.one(f"SELECT count(*) FROM ({_ties_sql(_ids(ids), whose=False)}) AS t "
                  f"WHERE x NOT IN ({_ids(seen)}) AND x NOT IN ({ARCHIVED})", (False,))[0]


def describe(st: Stats, losing: int = 5) -> list[str]:
    """The figures as sentences (``rolodex stats`` without --json)."""
    o = st.one_to_one_30d
    r = st.reach
    since = f" since {st.since}" if st.since else ""
    lines = [
        f"{count_of(st.contacts, 'contact')}{since}; {st.confirmed:,} confirmed "
        "(email, phone and postal address)",
        f"reached in the last 30 days: {st.reached_30d:,}{share_of(st.reached_30d_pct, st)}; "
        f"{st.one_to_many_30d.get('people', 0):,} of them through "
        f"{count_of(st.one_to_many_30d.get('sends', 0), 'one-to-many send')}",
        f"reached in the last year: {st.reached_365d:,}{share_of(st.reached_365d_pct, st)}",
        f"one-to-one in the last 30 days: {count_of(o['calls'], 'call')}, "
        f"{count_of(o['emails'], 'email')} and "
        f"{count_of(o['other'], 'other activity', 'other activities')}"
        f" with {count_of(o['people'], 'person', 'people')}",
        f"network: {r['degree1']:,} known directly, {r['degree2']:,} at the 2nd degree, "
        f"{r['degree3']:,} at the 3rd ({st.knows_edges:,} knows-edges)",
        closest_line(st),
        f"overdue to keep in touch: {st.overdue:,}",
    ]
    for row in st.losing_touch[:losing]:
        company = f" ({row['company']})" if row["company"] else ""
        lines.append(f"  {row['name']}{company}: {row['days_overdue']} days overdue, "
                     f"every {row['cadence_days']} days")
    return lines


def share_of(pct: float, st: Stats) -> str:
    """' (12.2% of confirmed)', or nothing when no contact is confirmed yet."""
    return f" ({pct:.1f}% of confirmed)" if st.confirmed else ""


def closest_line(st: Stats) -> str:
    """'my 16 closest connections give me access to 27,300 people' (singular-aware)."""
    n = len(st.top_ties)
    if n == 0:
        return "no close connections yet: log a few calls to see how far they reach"
    who = "my closest connection gives" if n == 1 else f"my {n} closest connections give"
    return f"{who} me access to {count_of(st.reach_top16, 'person', 'people')}"
