"""The rows behind the contact index: ``Row`` and the plain column selects that load them
(through a ``fastread`` connection: no SQLAlchemy, no ORM objects)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from .text import fold


@dataclass(slots=True)
class Row:
    id: int
    name: str
    company: str
    title: str
    last_touch_at: datetime | None
    cadence_days: int | None
    created_at: datetime


def read_rows(conn, ids: list[int] | None) -> tuple[list[Row], dict[int, tuple]]:
    """Rows and folded fields of every live contact (or of those in ``ids``)."""
    from .fastread import to_dt

    if ids is None:
        where = sub = ""
    else:
        marks = ",".join(str(int(i)) for i in ids) or "NULL"  # ints only: safe inline
        where, sub = f" AND id IN ({marks})", f" WHERE contact_id IN ({marks})"
    raw = conn.rows(
        "SELECT id, name, name_fold, company, title, last_touch_at, cadence_days, created_at "
        f"FROM contact WHERE NOT archived{where}")
    rows = [Row(cid, name, company or "", title or "", to_dt(last), cadence, to_dt(created))
            for cid, name, _nf, company, title, last, cadence, created in raw]
    extras: dict[int, list[str]] = defaultdict(list)
    if rows:
        for cid, value in conn.rows(f"SELECT contact_id, value FROM contact_email{sub}"):
            extras[cid].append(value.lower() if value.isascii() else fold(value))
        for table, col, vocab in (("contact_skill", "skill_id", "skill"),
                                  ("contact_tag", "tag_id", "tag")):
            names = {i: fold(n) for i, n in conn.rows(f"SELECT id, name FROM {vocab}")}
            for cid, vid in conn.rows(f"SELECT contact_id, {col} FROM {table}{sub}"):
                extras[cid].append(names.get(vid, ""))
    memo: dict[str, str] = {}

    def f(s: str) -> str:
        v = memo.get(s)
        if v is None:
            v = memo[s] = fold(s)
        return v

    folds = {}
    for (cid, name, name_fold, company, title, *_rest) in raw:
        nf = name_fold if name_fold else fold(name)
        folds[cid] = (nf, f(company or ""), f(title or ""),
                      tuple(x for x in extras.get(cid, ()) if x))
    return rows, folds
