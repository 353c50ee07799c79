"""Keep-in-touch cadence: is a contact ok, due soon, or overdue?

"Overdue" restarts from my last logged touch of any kind (``my_tie.last_touch_at``, my
newest one-to-one interaction with them); a contact with a cadence and no touch yet counts from the
day it was added (``created_at``). Archived contacts are never overdue.

``status`` and ``overdue_rows`` are pure (the TUI colours rows with the one, the Today view
lists the other); ``overdue``, ``overdue_count`` and ``counts`` read one plain select
through the SQLAlchemy-free reader (core/db/fastread.py), from a Store or a URL.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import datetime, timedelta

OK, DUE, OVERDUE = "ok", "due", "overdue"
DUE_WINDOW_DAYS = 7.0
DUE_WINDOW_SHARE = 0.2


def due_window(cadence_days: int) -> float:
    """Days before the deadline from which a contact is 'due': the smaller of 7 days and
    20% of the cadence (so a weekly cadence is not 'due' all the time)."""
    return min(DUE_WINDOW_DAYS, DUE_WINDOW_SHARE * cadence_days)


def days_left(base: datetime, cadence_days: int, now: datetime) -> float:
    """Days until the contact becomes overdue (negative: days overdue)."""
    return cadence_days - (now - base).total_seconds() / 86400.0


def status(last_touch_at: datetime | None, cadence_days: int | None, now: datetime,
           created_at: datetime | None = None) -> str | None:
    """'ok', 'due' or 'overdue'; None when the contact has no cadence.

    The clock starts at ``last_touch_at``, else ``created_at``; with neither, a contact that
    has a cadence is overdue (never touched).
    """
    if not cadence_days or cadence_days <= 0:
        return None
    base = last_touch_at or created_at
    if base is None:
        return OVERDUE
    left = days_left(base, cadence_days, now)
    if left < 0:
        return OVERDUE
    if left <= due_window(cadence_days):
        return DUE
    return OK


def due_at(last_touch_at: datetime | None, cadence_days: int | None,
           created_at: datetime | None = None) -> datetime | None:
    """When the contact becomes overdue (None without a cadence or a start)."""
    base = last_touch_at or created_at
    if not cadence_days or base is None:
        return None
    return base + timedelta(days=cadence_days)


class OverdueRow(namedtuple("OverdueRow", "id name company last_touch_at cadence_days "
                                         "days_overdue")):
    """One overdue contact (a named tuple: ``show`` imports this module, and importing
    ``dataclasses`` would cost it more than its reads)."""

    __slots__ = ()


def cadence_rows(conn) -> list[tuple]:
    """(id, name, company, last_touch_at, cadence_days, created_at) of every live contact
    with a cadence, on a ``fastread.ReadConn``."""
    from rolodex.core.db.schema import my_tie_join

    return conn.rows(
        "SELECT c.id, c.name, c.company, t.last_touch_at, c.cadence_days, c.created_at "
        f"FROM contact c {my_tie_join(conn.kind)} "
        "WHERE NOT c.archived AND c.cadence_days > 0")


def _cadence_rows(source) -> list[tuple]:
    from rolodex.core.db.fastread import reader

    with reader(source) as conn:
        return cadence_rows(conn)


def overdue_rows(rows, now: datetime) -> list[OverdueRow]:
    """The overdue ones of ``rows`` (whose first six values are id, name, company,
    last_touch_at, cadence_days, created_at, as the driver gives them), most overdue first:
    the one rule, for ``overdue`` and the Today view."""
    from rolodex.core.db.fastread import to_dt

    out: list[OverdueRow] = []
    for cid, name, company, last, cadence, created, *_ in rows:
        if not cadence or cadence <= 0:
            continue
        last, created = to_dt(last), to_dt(created)
        base = last or created
        left = days_left(base, cadence, now) if base is not None else -float(cadence)
        if left < 0:
            out.append(OverdueRow(cid, name, company or "", last, cadence, int(-left)))
    out.sort(key=lambda r: (-r.days_overdue, r.name.casefold(), r.id))
    return out


def overdue(source, now: datetime | None = None, limit: int | None = None
            ) -> list[OverdueRow]:
    """Every non-archived contact past their cadence, most overdue first. ``source``: an
    open Store or a database URL (one read through core/db/fastread.py)."""
    from rolodex.core.db.fastread import clock_of

    rows = overdue_rows(_cadence_rows(source), now or clock_of(source))
    return rows[:limit] if limit is not None else rows


def overdue_count(source, now: datetime | None = None) -> int:
    return len(overdue(source, now))


def counts(source, now: datetime | None = None) -> dict[str, int]:
    """How many contacts with a cadence are ok, due and overdue."""
    from rolodex.core.db.fastread import clock_of, to_dt

    now = now or clock_of(source)
    tally = {OK: 0, DUE: 0, OVERDUE: 0}
    for _cid, _n, _c, last, cadence, created in _cadence_rows(source):
        st = status(to_dt(last), cadence, now, to_dt(created))
        if st is not None:
            tally[st] += 1
    return tally
