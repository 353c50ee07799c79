"""Today: what a relationship-minded person looks at every morning, in one read.

- **follow-ups due**: contacts whose earliest open follow-up (my ``my_tie.follow_up_due``,
  core/db/derived.py) is today or past, with the entry that set it, the longest late first;
- **birthdays this week**: today and the six days after, partial dates (``--04-15``) too;
  "turns N" when the year is known;
- **introductions awaiting a reply**: asks still open, oldest first;
- **met recently, never logged again**: people added or met in the last ``MET_DAYS``
  days with at most one one-to-one entry, quiet for ``QUIET_DAYS`` days or more;
- **keep in touch**: contacts past their cadence (the rule of core/records/cadence.py),
  most overdue first.

Each section shows its first ``limit`` lines; ``totals`` says how many there are in all.

Every line names the person to go to (the introducer for an ask) and says itself in
words (``Line.text``): ``rolodex today`` and the TUI's Today screen print the same.
One read through the SQLAlchemy-free reader (``fastread``): ``rolodex today`` answers
without importing SQLAlchemy. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rolodex.core.db.fastread import reader, to_day, to_dt
from rolodex.core.db.schema import MY_TIE_OWNER, my_follow_ups_from, my_tie_join
from rolodex.core.records.cadence import overdue_rows
from rolodex.core.when import ago_words, birthday_in

# In this order on the screen: the promises made and the days that will not come again
# first, the long keep-in-touch list last.
SECTIONS = (
    ("follow_ups", "Follow-ups due"),
    ("birthdays", "Birthdays this week"),
    ("intros", "Introductions awaiting a reply"),
    ("met", "Met recently, never logged again"),
    ("overdue", "Keep in touch"),
)
MET_DAYS = 30
QUIET_DAYS = 3
BIRTHDAY_DAYS = 7
LIMIT = 20  # lines of a section at most (its heading says how many in all)


@dataclass(slots=True)
class Line:
    section: str
    contact_id: int  # whom enter goes to
    name: str
    company: str
    text: str  # what is due, in words, after the name
    data: dict = field(default_factory=dict)  # the figures, for --json


@dataclass
class Today:
    now: datetime
    lines: dict[str, list[Line]]
    totals: dict[str, int]

    def section(self, key: str) -> list[Line]:
        return self.lines.get(key, [])

    @property
    def empty(self) -> bool:
        return not any(self.totals.values())


def today(source, now: datetime, *, limit: int = LIMIT) -> Today:
    """Today's lines from an open Store or a database URL (see the module docstring)."""
    with reader(source) as conn:
        people = _scan(conn, now)
        lines = {"follow_ups": _follow_ups(conn, now), "birthdays": _birthdays(people, now),
                 "intros": _intros(conn, now), "met": _met(conn, people, now),
                 "overdue": _overdue(people, now)}
    totals = {k: len(v) for k, v in lines.items()}
    return Today(now, {k: lines[k][:limit] for k, _t in SECTIONS}, totals)


def has_history(source) -> bool:
    """Whether anything was ever logged (the TUI then opens on Today)."""
    with reader(source) as conn:
        return conn.one("SELECT 1 FROM interaction LIMIT 1") is not None


FOLLOW_UP_SOON = 2  # days ahead from which a follow-up colours its contact as due


def follow_up_state(due: date | None, day: date) -> str | None:
    """The list's colour for a follow-up: 'overdue' once its day has come (or passed),
    'due' within ``FOLLOW_UP_SOON`` days, else None."""
    if due is None:
        return None
    ahead = (due - day).days
    return "overdue" if ahead <= 0 else "due" if ahead <= FOLLOW_UP_SOON else None


def follow_ups(source) -> dict[int, date]:
    """contact id -> their earliest open follow-up, for every live contact that has one."""
    with reader(source) as conn:
        return {cid: to_day(due) for cid, due in conn.rows(
            f"SELECT c.id, t.follow_up_due {my_follow_ups_from(conn.kind)}")}


def _days(n: int, what: str = "day") -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _follow_ups(conn, now: datetime) -> list[Line]:
    day = now.date()
    rows = conn.rows(f"SELECT c.id, c.name, c.company, t.follow_up_due "
                     f"{my_follow_ups_from(conn.kind)} AND t.follow_up_due <= ?",
                     (day.isoformat(),))
    if not rows:
        return []
    marks = ",".join(str(int(r[0])) for r in rows)  # ints only: safe inline
    entries: dict[tuple[int, date], tuple] = {}
    for cid, iid, kind, at, summary, fu in conn.rows(
            "SELECT p.contact_id, i.id, i.kind, i.at, i.summary, "
            "coalesce(p.follow_up_until, i.follow_up) FROM interaction i "
            "JOIN interaction_participant p ON p.interaction_id = i.id "
            f"WHERE p.contact_id IN ({marks}) AND i.follow_up IS NOT NULL "
            f"AND coalesce(i.owner, '') = {MY_TIE_OWNER[conn.kind]} "  # my own log
            "AND NOT p.follow_up_done ORDER BY i.at, i.id"):
        entries[(cid, to_day(fu))] = (iid, kind, to_dt(at), summary)  # the newest with that day
    out = []
    for cid, name, company, due in rows:
        due = to_day(due)
        iid, kind, at, summary = entries.get((cid, due), (None, "", None, ""))
        late = (day - due).days
        when = "due today" if late == 0 else f"{_days(late)} late (due {due:%a %d %b})"
        about = f"“{summary}” ({kind} {ago_words(at, now)})" if iid else "follow up"
        out.append(Line("follow_ups", cid, name, company or "", f"{about}, {when}",
                        {"due": due.isoformat(), "days_late": late, "entry": iid and {
                            "id": iid, "kind": kind, "at": at.isoformat(sep=" "),
                            "summary": summary}}))
    out.sort(key=lambda ln: (-ln.data["days_late"], ln.name.casefold(), ln.contact_id))
    return out


def _scan(conn, now: datetime) -> list[tuple]:
    """One pass over the contacts for three sections: those with a cadence, a birthday, or
    added or met in the last MET_DAYS days (id, name, company, last_touch_at, cadence_days,
    created_at, birthday, met_on)."""
    since = now - timedelta(days=MET_DAYS)
    return conn.rows(
        "SELECT c.id, c.name, c.company, t.last_touch_at, c.cadence_days, c.created_at, "
        f"c.birthday, c.met_on FROM contact c {my_tie_join(conn.kind)} WHERE NOT c.archived "
        "AND (c.cadence_days > 0 OR c.birthday <> '' OR c.created_at >= ? OR c.met_on >= ?)",
        (since.isoformat(sep=" "), since.date().isoformat()))


def _overdue(people: list[tuple], now: datetime) -> list[Line]:
    out = []
    for r in overdue_rows(people, now):
        late, last = r.days_overdue, r.last_touch_at
        text = (f"{_days(late) + ' overdue' if late else 'due today'}, every "
                f"{_days(r.cadence_days)}, last touch {ago_words(last, now)}")
        out.append(Line("overdue", r.id, r.name, r.company, text,
                        {"days_overdue": late, "cadence_days": r.cadence_days,
                         "last_touch_at": last.isoformat(sep=" ") if last else None}))
    return out


def _birthdays(people: list[tuple], now: datetime) -> list[Line]:
    start = now.date()
    out = []
    for cid, name, company, _l, _c, _a, bday, _m in people:
        day = birthday_in(bday, start, BIRTHDAY_DAYS) if bday else None
        if day is None:
            continue
        turns = day.year - int(bday[:4]) if not bday.startswith("--") else None
        offset = (day - start).days
        when = "today" if offset == 0 else "tomorrow" if offset == 1 else f"{day:%A %d %b}"
        text = when + (f", turns {turns}" if turns and turns > 0 else "")
        out.append(Line("birthdays", cid, name, company or "", text,
                        {"birthday": bday, "on": day.isoformat(),
                         "turns": turns if turns and turns > 0 else None}))
    out.sort(key=lambda ln: (ln.data["on"], ln.name.casefold(), ln.contact_id))
    return out


def _intros(conn, now: datetime) -> list[Line]:
    out = []
    for iid, by_id, by, by_company, to_id, to, for_what, asked in conn.rows(
            "SELECT i.id, b.id, b.name, b.company, t.id, t.name, i.for_what, i.asked_at "
            "FROM introduction i JOIN contact b ON b.id = i.introducer_id "
            "JOIN contact t ON t.id = i.target_id "
            "WHERE i.status = 'asked' AND NOT b.archived ORDER BY i.asked_at, i.id"):
        asked = to_dt(asked)
        what = f" ({for_what})" if for_what else ""
        out.append(Line("intros", by_id, by, by_company or "",
                        f"to introduce {to}{what}: asked {ago_words(asked, now)}",
                        {"intro": iid, "target": {"id": to_id, "name": to},
                         "for_what": for_what, "asked_at": asked.isoformat(sep=" "),
                         "age_days": max((now - asked).days, 0)}))
    return out


def _met(conn, people: list[tuple], now: datetime) -> list[Line]:
    since = now - timedelta(days=MET_DAYS)
    def recent(created, met_on) -> bool:
        created, met_on = to_dt(created), to_day(met_on)
        return ((created is not None and created >= since)
                or (met_on is not None and met_on >= since.date()))

    fresh = [r for r in people if recent(r[5], r[7])]
    if not fresh:
        return []
    marks = ",".join(str(int(r[0])) for r in fresh)  # ints only: safe inline
    count = dict(conn.rows(
        "SELECT p.contact_id, count(*) FROM interaction_participant p JOIN interaction i "
        f"ON i.id = p.interaction_id WHERE p.contact_id IN ({marks}) AND NOT i.one_to_many "
        "GROUP BY p.contact_id"))
    out = []
    for cid, name, company, last, _c, created, _b, met_on in fresh:
        touches = count.get(cid, 0)
        if touches > 1:
            continue
        last = to_dt(last)
        met = to_day(met_on) or to_dt(created).date()
        if last is not None and last.date() < met:
            met = last.date()  # added after the first touch (an import of old history)
        if met < since.date() or met > now.date():
            continue
        quiet_from = last or datetime.combine(met, datetime.min.time())
        if (now - quiet_from).days < QUIET_DAYS:
            continue
        text = f"met {ago_words(datetime.combine(met, now.time()), now)}, " + (
            f"logged once ({ago_words(last, now)})" if last else "nothing logged")
        out.append(Line("met", cid, name, company or "", text,
                        {"met": met.isoformat(), "touches": touches,
                         "last_touch_at": last.isoformat(sep=" ") if last else None}))
    out.sort(key=lambda ln: (ln.data["met"], ln.name.casefold(), ln.contact_id))
    return out


def heading(t: Today, key: str, title: str) -> str:
    """'Keep in touch · 92 overdue, the 20 most overdue', 'Birthdays this week · 3' and
    the like."""
    n, shown = t.totals.get(key, 0), len(t.section(key))
    if not n:
        return f"{title} · none"
    if key == "overdue":
        return f"{title} · {n:,} overdue" + (f", the {shown} most overdue" if shown < n else "")
    return f"{title} · {n:,}" + (f", the first {shown}" if shown < n else "")


def line_text(ln: Line) -> str:
    who = f"{ln.name} ({ln.company})" if ln.company else ln.name
    return f"{who}: {ln.text}"


def render(t: Today) -> str:
    """Today as text for a terminal (``rolodex today``)."""
    out = [f"Today · {t.now:%A %d %B %Y}"]
    if t.empty:
        out.append("Nothing due: no follow-ups, nobody overdue, no birthdays this week, "
                   "no open asks.")
        return "\n".join(out)
    for key, title in SECTIONS:
        out.append("")
        out.append(heading(t, key, title))
        out.extend(f"  {line_text(ln)}" for ln in t.section(key))
    return "\n".join(out)


def as_json_data(t: Today) -> dict:
    """``rolodex today --json``: each section's lines as {id, name, company, text, ...}."""
    out: dict = {"date": t.now.date().isoformat(), "totals": dict(t.totals)}
    for key, _title in SECTIONS:
        out[key] = [{"id": ln.contact_id, "name": ln.name, "company": ln.company,
                     "text": ln.text, **ln.data} for ln in t.section(key)]
    return out
