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
  from rolodex.core.ties.me_tie over one-to-one interactions, with closeness), the 16 not
  counted themselves.

No networkx, no Textual: plain column selects and set walks over the edge list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, distinct, exists, func, select, text

from .models import Contact, ContactEmail, ContactPhone, Interaction, Knows, Participant
from .ties import strength_from_sum, touch_weight

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


def _confirmed_clause():
    c = Contact.__table__.c
    return and_(
        c.archived == False,  # noqa: E712
        c.address != "",
        exists().where(ContactEmail.__table__.c.contact_id == c.id),
        exists().where(ContactPhone.__table__.c.contact_id == c.id),
    )


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def compute_stats(store, now: datetime | None = None, *, top: int = TOP_TIES,
                  losing_limit: int = 10) -> Stats:
    from .cadence import overdue

    now = now or store.now()
    st = Stats(now=now)
    c = Contact.__table__.c
    it = Interaction.__table__.c
    pt = Participant.__table__.c
    d30, d365 = now - timedelta(days=30), now - timedelta(days=365)
    with store.read() as s:
        st.contacts = s.execute(
            select(func.count()).select_from(Contact).where(c.archived == False)  # noqa: E712
        ).scalar_one()
        st.confirmed = s.execute(
            select(func.count()).select_from(Contact).where(_confirmed_clause())
        ).scalar_one()
        first = s.execute(select(func.min(c.met_on)).where(c.archived == False)).scalar()  # noqa: E712
        added = s.execute(select(func.min(c.created_at)).where(c.archived == False)).scalar()  # noqa: E712
        years = [d.year for d in (first, added) if d is not None]
        st.since = min(years) if years else None

        confirmed_ids = select(c.id).where(_confirmed_clause())
        for since, attr in ((d30, "reached_30d"), (d365, "reached_365d")):
            n = s.execute(
                select(func.count(distinct(pt.contact_id)))
                .select_from(Participant.__table__.join(Interaction.__table__,
                                                        it.id == pt.interaction_id))
                .where(it.at >= since, it.at <= now, pt.contact_id.in_(confirmed_ids))
            ).scalar_one()
            setattr(st, attr, n)
        st.reached_30d_pct = _pct(st.reached_30d, st.confirmed)
        st.reached_365d_pct = _pct(st.reached_365d, st.confirmed)

        live = select(c.id).where(c.archived == False)  # noqa: E712
        window = and_(it.at >= d30, it.at <= now)
        kinds = dict(s.execute(
            select(it.kind, func.count()).where(window, it.one_to_many == False)  # noqa: E712
            .group_by(it.kind)).all())
        people = s.execute(
            select(func.count(distinct(pt.contact_id)))
            .select_from(Participant.__table__.join(Interaction.__table__,
                                                    it.id == pt.interaction_id))
            .where(window, it.one_to_many == False, pt.contact_id.in_(live))  # noqa: E712
        ).scalar_one()
        st.one_to_one_30d = {
            "calls": kinds.get("call", 0), "emails": kinds.get("email", 0),
            "other": sum(v for k, v in kinds.items() if k not in ("call", "email")),
            "people": people,
        }
        sends = s.execute(select(func.count()).select_from(Interaction)
                          .where(window, it.one_to_many == True)).scalar_one()  # noqa: E712
        many_people = s.execute(
            select(func.count(distinct(pt.contact_id)))
            .select_from(Participant.__table__.join(Interaction.__table__,
                                                    it.id == pt.interaction_id))
            .where(window, it.one_to_many == True, pt.contact_id.in_(confirmed_ids))  # noqa: E712
        ).scalar_one()
        st.one_to_many_30d = {"sends": sends, "people": many_people}

        st.touches_per_week = _weekly(s, now)
        _network(s, st, now, top)

    rows = overdue(store, now=now)
    st.overdue = len(rows)
    st.losing_touch = [
        {"id": r.id, "name": r.name, "company": r.company, "cadence_days": r.cadence_days,
         "days_overdue": r.days_overdue,
         "last_touch_at": r.last_touch_at.isoformat(timespec="minutes")
         if r.last_touch_at else None}
        for r in rows[:losing_limit]
    ]
    return st


def _weekly(s, now: datetime) -> list[int]:
    """One-to-one interactions per week over the last 52 weeks, oldest week first."""
    it = Interaction.__table__.c
    start = now - timedelta(days=7 * WEEKS)
    weeks = [0] * WEEKS
    for (at,) in s.execute(select(it.at).where(it.at > start, it.at <= now,
                                               it.one_to_many == False)):  # noqa: E712
        back = int((now - at).total_seconds() // (7 * 86400))
        if 0 <= back < WEEKS:
            weeks[WEEKS - 1 - back] += 1
    return weeks


def _network(s, st: Stats, now: datetime, top: int) -> None:
    c = Contact.__table__.c
    it = Interaction.__table__.c
    pt = Participant.__table__.c
    kt = Knows.__table__.c
    direct: set[int] = set()
    closeness: dict[int, int] = {}
    archived: set[int] = set()
    for cid, known, arch, close in s.execute(
            select(c.id, c.known_directly, c.archived, c.closeness)).all():
        if arch:
            archived.add(cid)
        elif known:
            direct.add(cid)
            if close:
                closeness[cid] = close
    edges = s.execute(select(kt.a_id, kt.b_id)).all()
    if archived:
        edges = [(a, b) for a, b in edges if a not in archived and b not in archived]
    else:
        edges = [tuple(e) for e in edges]
    st.knows_edges = len(edges)
    meetings: dict[int, list[int]] = defaultdict(list)
    for iid, cid in s.execute(
            select(pt.interaction_id, pt.contact_id)
            .select_from(Participant.__table__.join(Interaction.__table__,
                                                    it.id == pt.interaction_id))
            .where(it.kind == "meeting", it.one_to_many == False)).all():  # noqa: E712
        if cid not in archived:
            meetings[iid].append(cid)
    for who in meetings.values():
        for i, a in enumerate(who):
            for b in who[i + 1:]:
                edges.append((a, b))

    d2 = _hop(edges, direct, direct)
    d3 = _hop(edges, d2, direct | d2)
    st.reach = {"degree1": len(direct), "degree2": len(d2), "degree3": len(d3)}

    totals: dict[int, float] = defaultdict(float)
    rows = s.execute(text(
        "SELECT p.contact_id, i.kind, i.at FROM interaction_participant p "
        "JOIN interaction i ON i.id = p.interaction_id WHERE i.one_to_many = :f"),
        {"f": False}).all()
    for cid, kind, at in rows:
        if cid in direct:
            if not isinstance(at, datetime):
                at = datetime.fromisoformat(at)
            if at <= now:
                totals[cid] += touch_weight(kind, at, now)
    ties = {cid: strength_from_sum(totals.get(cid, 0.0), closeness.get(cid)) for cid in direct}
    st.top_ties = sorted(ties, key=lambda cid: (-ties[cid], cid))[:top]
    seeds = set(st.top_ties)
    hop1 = _hop(edges, seeds, seeds)
    hop2 = _hop(edges, hop1, seeds | hop1)
    st.reach_top16 = len(hop1) + len(hop2)


def _hop(edges: list[tuple[int, int]], frontier: set[int], seen: set[int]) -> set[int]:
    """People tied to someone in ``frontier`` who are not in ``seen``."""
    out: set[int] = set()
    for a, b in edges:
        if a in frontier:
            if b not in seen:
                out.add(b)
        elif b in frontier and a not in seen:
            out.add(a)
    return out


def describe(st: Stats, losing: int = 5) -> list[str]:
    """The figures as sentences (``rolodex stats`` without --json)."""
    o = st.one_to_one_30d
    r = st.reach
    since = f" since {st.since}" if st.since else ""
    lines = [
        f"{st.contacts:,} contacts{since}; {st.confirmed:,} confirmed "
        "(email, phone and postal address)",
        f"reached in the last 30 days: {st.reached_30d:,} ({st.reached_30d_pct:.1f}% of "
        f"confirmed); {st.one_to_many_30d.get('people', 0):,} of them through "
        f"{st.one_to_many_30d.get('sends', 0)} one-to-many sends",
        f"reached in the last year: {st.reached_365d:,} ({st.reached_365d_pct:.1f}% of "
        "confirmed)",
        f"one-to-one in the last 30 days: {_n(o['calls'], 'call')}, "
        f"{_n(o['emails'], 'email')} and {_n(o['other'], 'other activity', 'other activities')}"
        f" with {_n(o['people'], 'person', 'people')}",
        f"network: {r['degree1']:,} known directly, {r['degree2']:,} at the 2nd degree, "
        f"{r['degree3']:,} at the 3rd ({st.knows_edges:,} knows-edges)",
        f"my {len(st.top_ties)} closest connections give me access to "
        f"{_n(st.reach_top16, 'person', 'people')}",
        f"overdue to keep in touch: {st.overdue:,}",
    ]
    for row in st.losing_touch[:losing]:
        company = f" ({row['company']})" if row["company"] else ""
        lines.append(f"  {row['name']}{company}: {row['days_overdue']} days overdue, "
                     f"every {row['cadence_days']} days")
    return lines


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"
