"""Light reads of the records, in plain SQL through a ``fastread`` connection (no
SQLAlchemy), so that ``rolodex show`` answers without loading the persistence stack:

* ``resolve_on``: the one rule for a typed name: '#12' or '12' by id, else fuzzy on the
  folded name (case- and accent-insensitive: 'zoe angstrom' finds 'Zoë Ångström');
* ``knows_on``: who a contact knows.

``records.contacts.resolve`` and ``records.links.knows_of`` run them on a Store's own
session connection.
"""

from __future__ import annotations

from rolodex.core.errors import Ambiguous, NotFound, UsageError
from rolodex.core.text import fold


def label(name: str, company: str, cid: int) -> str:
    return f"{name} ({company}) #{cid}" if company else f"{name} #{cid}"


def _like(word: str) -> str:
    """A LIKE pattern for 'contains ``word``' ('/' escapes the wildcards)."""
    return "%" + word.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def resolve_on(conn, query: str, *, include_archived: bool = False) -> int:
    """The one contact ``query`` means, read through ``conn`` (a ``fastread.ReadConn``).
    NotFound when nothing is close; Ambiguous, listing the candidates, when several are
    equally close."""
    from rolodex.core.search.fuzzy import rank_texts

    q = query.strip()
    if not q:
        raise UsageError("empty contact name")
    live = "" if include_archived else " AND NOT archived"
    if q.lstrip("#").isdigit():
        row = conn.one(f"SELECT id FROM contact WHERE id = ?{live}", (int(q.lstrip("#")),))
        if row:
            return row[0]
        raise NotFound(f"no contact #{q.lstrip('#')}")
    f = fold(q)
    cols = "SELECT id, name, company"
    same, same_p = f"name_fold = ?{live}", (f,)
    exact = conn.rows(f"{cols} FROM contact WHERE {same} LIMIT 20", same_p)
    if len(exact) == 1:
        return exact[0][0]
    if exact:
        raise Ambiguous(query, [label(n, c, i) for i, n, c in exact],
                        _count(conn, same, same_p) if len(exact) == 20 else None)
    words = f.split()
    having = " AND ".join(["name_fold LIKE ? ESCAPE '/'"] * len(words)) + live
    having_p = tuple(_like(w) for w in words)
    sub = conn.rows(f"{cols}, name_fold FROM contact WHERE {having} LIMIT 50", having_p)
    found = _count(conn, having, having_p) if len(sub) == 50 else len(sub)
    if len(sub) == 1:
        return sub[0][0]
    if sub:
        pool = {r[0]: r for r in sub}
    else:
        where = " WHERE NOT archived" if live else ""
        pool = {r[0]: r for r in conn.rows(f"{cols}, name_fold FROM contact{where}")}
    if not pool:
        raise NotFound(f"no contact matches '{query}'")
    hits = rank_texts(words, {cid: r[3] for cid, r in pool.items()})  # the one fuzzy rule
    if not hits:
        raise NotFound(f"no contact matches '{query}'")
    top = hits[0][1]
    best = [h for h in hits if h[1] >= top - 0.03]
    if len(best) == 1 and (top >= 0.85 or len(hits) == 1):
        return best[0][0]
    total = max(len(hits), found if sub else 0)
    raise Ambiguous(query, [label(pool[h[0]][1], pool[h[0]][2], h[0]) for h in hits[:10]],
                    total)


def _count(conn, where: str, params: tuple) -> int:
    return conn.one(f"SELECT count(*) FROM contact WHERE {where}", params)[0]


def knows_on(conn, cid: int) -> list[tuple[int, str, int, str]]:
    """(other id, other name, strength, how) for every edge of one contact to a live one,
    strongest first."""
    rows = [(b if a == cid else a, st, how) for a, b, st, how in conn.rows(
        "SELECT a_id, b_id, strength, how FROM knows WHERE a_id = ? OR b_id = ?", (cid, cid))]
    if not rows:
        return []
    ids = sorted({r[0] for r in rows})
    names = dict(conn.rows(f"SELECT id, name FROM contact WHERE id IN ({','.join('?' * len(ids))})"
                           " AND NOT archived", ids))
    out = [(o, names[o], st, how) for o, st, how in rows if o in names]
    out.sort(key=lambda r: (-r[2], r[1]))
    return out
