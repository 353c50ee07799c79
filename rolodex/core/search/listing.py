"""Small reads the contact list and the contact form need before anything else.

``first_page``: the count and the first screenful of the contact list, read before the
whole fuzzy index is loaded (loading it reads every contact, half a second at 34,257). Two
small selects through the SQLAlchemy-free reader (``fastread``); the index then replaces
them, in the same order.

``vocabulary``: every skill and tag name, for completion in the contact form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolodex.core.search.rows import Row

if TYPE_CHECKING:
    from rolodex.core.db.store import Store

PAGE = 80

_SQL = ("SELECT c.id, c.name, c.company, c.title, t.last_touch_at, c.cadence_days, "
        "c.created_at FROM contact c {join} WHERE NOT c.archived ORDER BY {order} LIMIT ?")


def first_page(source, limit: int = PAGE, sort: str = "name") -> tuple[int, list[Row]]:
    """(how many live contacts, the first ``limit`` of them in the index's order, or with
    ``sort`` "touch" in core.sorting's) from an open Store or a database URL. The
    sorts that need the whole log (tie strength, overdue first) give the count alone."""
    from rolodex.core.db import fastread
    from rolodex.core.db.schema import my_tie_join

    conn = fastread.connect(source) if isinstance(source, str) else fastread.for_store(source)
    with conn:
        total = conn.one("SELECT count(*) FROM contact WHERE NOT archived")[0]
        # the index orders by (folded name, id) as Python compares strings: code points,
        # which is SQLite's binary order and PostgreSQL's "C" collation
        order = ('c.name_fold COLLATE "C", c.id' if conn.kind == "postgres"
                 else "c.name_fold, c.id")
        if sort == "touch":  # the newest first, never touched last
            order = f"t.last_touch_at IS NULL, t.last_touch_at DESC, {order}"
        elif sort != "name":
            return total, []
        rows = conn.rows(_SQL.format(order=order, join=my_tie_join(conn.kind)), (limit,))
    to_dt = fastread.to_dt
    return total, [Row(cid, name, company or "", title or "", to_dt(last), cadence, to_dt(made))
                   for cid, name, company, title, last, cadence, made in rows]


def vocabulary(store: Store) -> tuple[list[str], list[str]]:
    """(every skill name, every tag name), each sorted case-insensitively."""
    from sqlalchemy import select

    from rolodex.core.db.models import Skill, Tag

    with store.read() as s:
        skills = list(s.scalars(select(Skill.name)))
        tags = list(s.scalars(select(Tag.name)))
    return sorted(skills, key=str.casefold), sorted(tags, key=str.casefold)
