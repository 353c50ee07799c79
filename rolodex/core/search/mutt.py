"""``rolodex mutt-query QUERY``: the rolodex as mutt's address book.

mutt runs ``query_command`` on every address completion, so this is the fastest path in
rolodex: the standard library and the one-shot search (core/search/oneshot.py: the same
query, fields and ranking as ``rolodex search`` and the TUI filter) only (no typer, no
SQLAlchemy; rapidfuzz only when nothing matched and a typo is likely). Output is mutt's
format, as ``abook --mutt-query`` writes it: a status line, then one line per address,
``email<TAB>name<TAB>extra``; when nothing matches, "no matches" and exit status 1.

mutt configuration:  set query_command = "rolodex mutt-query %s"
(The command's arguments and output: ``rolodex/cli/fast.py``.)
"""

from __future__ import annotations

LIMIT = 200


def query(conn, text: str, limit: int = LIMIT) -> list[tuple[str, str, str]]:
    """(email, name, extra) for every address of a live contact matching ``text`` by the
    one search concept (core/search/query.py: every word in the name, company, title,
    location, an email, skill or tag; typos tolerated; not the address or notes, whose
    scan would cost mutt's completion a few hundred ms), best first, each contact's
    addresses in their order."""
    from rolodex.core.search.oneshot import run
    from rolodex.core.search.query import Query

    found = run(conn, Query(text, limit, with_email=True, deep=False))
    if not found:
        return []
    ids = [r.id for r, _score in found]
    marks = ",".join("?" * len(ids))
    emails: dict[int, list[str]] = {}
    for cid, value in conn.rows(f"SELECT contact_id, value FROM contact_email WHERE "
                                f"contact_id IN ({marks}) ORDER BY position, id", ids):
        emails.setdefault(cid, []).append(value)
    out = [(e, r.name, _extra(r.company, r.title)) for r, _s in found
           for e in emails.get(r.id, ())]
    return out[:limit]


def _extra(company: str, title: str) -> str:
    return " · ".join(x for x in (title, company) if x)
