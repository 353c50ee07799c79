"""The first screenful of the contact list, read before the whole index is loaded.

Loading the fuzzy index reads every contact (half a second at 34,257). The first frame
needs only the count and the first rows in name order: two small selects through the
core's SQLAlchemy-free reader. The index then replaces them, in the same order.
"""

from __future__ import annotations

from rolodex.core.search import Row

PAGE = 80

_SQL = ("SELECT id, name, company, title, last_touch_at, cadence_days, created_at "
        "FROM contact WHERE NOT archived ORDER BY {order} LIMIT ?")


def first_page(source, limit: int = PAGE) -> tuple[int, list[Row]]:
    """(how many live contacts, the first ``limit`` of them in the index's order) from an
    open Store or a database URL."""
    from rolodex.core import fastread

    conn = fastread.connect(source) if isinstance(source, str) else fastread.for_store(source)
    with conn:
        total = conn.one("SELECT count(*) FROM contact WHERE NOT archived")[0]
        # the index orders by (folded name, id) as Python compares strings: code points,
        # which is SQLite's binary order and PostgreSQL's "C" collation
        order = 'name_fold COLLATE "C", id' if conn.kind == "postgres" else "name_fold, id"
        rows = conn.rows(_SQL.format(order=order), (limit,))
    to_dt = fastread.to_dt
    return total, [Row(cid, name, company or "", title or "", to_dt(last), cadence, to_dt(made))
                   for cid, name, company, title, last, cadence, made in rows]
