"""``rolodex mutt-query QUERY``: the rolodex as mutt's address book.

mutt runs ``query_command`` on every address completion, so this is the fastest path in
rolodex: the standard library, ``paths``, ``text`` and ``fastread`` only (no typer, no
SQLAlchemy; rapidfuzz only when nothing matched and a typo is likely). Output is mutt's
format, as ``abook --mutt-query`` writes it: a status line, then one line per address,
``email<TAB>name<TAB>extra``; when nothing matches, "no matches" and exit status 1.

mutt configuration:  set query_command = "rolodex mutt-query %s"
(The command's arguments and output: ``rolodex/cli/fast.py``.)
"""

from __future__ import annotations

from rolodex.core.text import fold

LIMIT = 200


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def query(conn, text: str, limit: int = LIMIT) -> list[tuple[str, str, str]]:
    """(email, name, extra) for every address of a live contact matching all words of
    ``text`` in the name (accent-insensitive), an email or the company; best first (name
    starts with the first word, then a name word does, then the rest; by name)."""
    words = fold(text).split()
    if not words:
        return []
    pos = "instr" if conn.kind == "sqlite" else "strpos"
    like = "LIKE" if conn.kind == "sqlite" else "ILIKE"  # SQLite's LIKE ignores ASCII case
    # One covering-index scan per field and word, ids intersected here: measured at
    # 34,257 contacts this is about half the time of one UNION/INTERSECT statement.
    ids: set | None = None
    for w in words:
        hits: set = set()
        for sql, arg in (
            (f"SELECT id FROM contact WHERE {pos}(name_fold, ?) > 0", w),
            (f"SELECT id FROM contact WHERE company {like} ? ESCAPE '\\'", _like(w)),
            (f"SELECT contact_id FROM contact_email WHERE {pos}(norm, ?) > 0", w),
        ):
            hits.update(r[0] for r in conn.rows(sql, [arg]))
        ids = hits if ids is None else ids & hits
        if not ids:
            break
    first = words[0]
    rows = []
    if ids:
        marks = ",".join("?" * len(ids))
        rows = conn.rows(
            "SELECT e.value, c.name, c.company, c.title, c.id FROM contact c "
            "JOIN contact_email e ON e.contact_id = c.id "
            f"WHERE NOT c.archived AND c.id IN ({marks}) "
            f"ORDER BY CASE WHEN substr(c.name_fold, 1, ?) = ? THEN 0 "
            f"WHEN {pos}(' ' || c.name_fold, ?) > 0 THEN 1 ELSE 2 END, "
            "c.name_fold, c.id, e.position LIMIT ?",
            sorted(ids) + [len(first), first, " " + first, limit])
    if not rows:
        rows = _near(conn, words)[:limit]
    return [(email, name, _extra(company or "", title or ""))
            for email, name, company, title, _c in rows]


def _near(conn, words: list[str]) -> list[tuple]:
    """Nothing matched: allow a typo or two in each word of the name ("smtih", "angstrm").
    Each word is compared (rapidfuzz OSA distance, loaded only now) with the distinct
    name tokens; a name matches when every word is in it or near one of its tokens."""
    if sum(map(len, words)) < 4:
        return []
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from rolodex.core.search.typo import max_edits

    names = conn.rows(
        "SELECT DISTINCT c.id, c.name_fold FROM contact c "
        "JOIN contact_email e ON e.contact_id = c.id WHERE NOT c.archived")
    vocab = list({t for _i, nf in names for t in nf.split()})
    options = []
    for w in words:
        near = {w}
        if len(w) >= 4:
            near.update(t for t, _d, _k in process.extract(
                w, vocab, scorer=OSA.distance, score_cutoff=max_edits(w), limit=50))
        options.append(tuple(near))
    ids = [cid for cid, nf in names
           if all(any(t in nf for t in near) for near in options)][:LIMIT]
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    return conn.rows(
        "SELECT e.value, c.name, c.company, c.title, c.id FROM contact c "
        f"JOIN contact_email e ON e.contact_id = c.id WHERE c.id IN ({marks}) "
        "ORDER BY c.name_fold, c.id, e.position", ids)


def _extra(company: str, title: str) -> str:
    return " · ".join(x for x in (title, company) if x)
