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
    """Rows and folded fields of every live contact (or of those in ``ids``). Skills and
    tags come aggregated per contact (one string each): 100,000 contacts with half a
    million skill links cost one short loop, not half a million appends."""
    from .fastread import to_dt

    if ids is None:
        where = sub = ""
    else:
        marks = ",".join(str(int(i)) for i in ids) or "NULL"  # ints only: safe inline
        where, sub = f" AND id IN ({marks})", f" WHERE x.contact_id IN ({marks})"
    raw = conn.rows(
        "SELECT id, name, name_fold, company, title, last_touch_at, cadence_days, created_at "
        f"FROM contact WHERE NOT archived{where}")
    rows = [Row(cid, name, company or "", title or "", to_dt(last), cadence, to_dt(created))
            for cid, name, _nf, company, title, last, cadence, created in raw]
    extras: dict[int, list[str]] = defaultdict(list)
    if rows:
        agg = ("group_concat({}, char(31))" if conn.kind == "sqlite"
               else "string_agg({}, chr(31))")
        for sql in (
            f"SELECT x.contact_id, x.norm FROM contact_email x{sub}",  # about one each
            f"SELECT x.contact_id, {agg.format('v.key')} FROM contact_skill x "
            f"JOIN skill v ON v.id = x.skill_id{sub} GROUP BY x.contact_id",
            f"SELECT x.contact_id, {agg.format('v.key')} FROM contact_tag x "
            f"JOIN tag v ON v.id = x.tag_id{sub} GROUP BY x.contact_id",
        ):
            for cid, joined in conn.rows(sql):
                extras[cid].append(joined if joined.isascii() else fold_each(joined))
    memo: dict[str, str] = {}

    def f(s: str) -> str:
        v = memo.get(s)
        if v is None:
            v = memo[s] = fold(s)
        return v

    folds = {}
    for (cid, name, name_fold, company, title, *_rest) in raw:
        nf = name_fold if name_fold else fold(name)
        more = extras.get(cid)
        folds[cid] = (nf, f(company or ""), f(title or ""),
                      tuple(SEP.join(more).split(SEP)) if more else ())
    return rows, folds


SEP = "\x1f"


def fold_each(joined: str) -> str:
    """Fold every SEP-separated part (keys are folded already; emails only casefolded)."""
    return SEP.join(fold(x) for x in joined.split(SEP))
