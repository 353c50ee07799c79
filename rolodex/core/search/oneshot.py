"""One-shot search for ``rolodex search`` and ``mutt-query``: let the database find the
candidates, rank them in a small ContactIndex (the one search concept: core/search/query.py).

Building the whole in-memory index costs ~0.4 s at 34,257 contacts, too much for a command
that answers one query (budget: the whole process under 0.5 s). So the candidates come
from SQL (each query word inside the folded name, company, title, location, an email, a
skill, a tag, the address, URL or notes, as the writers folded them: ``text_fold``; all
words required), at most ``POOL`` of them,
best tiers first; only those rows are loaded and ranked by the same ContactIndex the TUI
uses, so results and scores agree. When no row has every word, typos are looked for: the
words are compared (core/search/fuzzy.py) with the vocabulary of name, company, title,
location, skill and tag tokens, and the near tokens are searched the same way.

SQLite and PostgreSQL alike: every folded text the pre-filter compares is stored folded
(``name_fold``, ``text_fold``, the vocabularies' keys) or folded here (the distinct
companies, titles and locations).
"""

from __future__ import annotations

from rolodex.core.search.fuzzy import narrow, near_each, same_start, tokens
from rolodex.core.search.index import ContactIndex, Row
from rolodex.core.search.query import LIMIT, Query
from rolodex.core.search.rows import read_rows
from rolodex.core.text import fold

POOL = 2000
ORGS = ("company", "title", "location")  # few distinct values: folded here, matched by IN


def search(url: str | None, query: str | Query, limit: int = LIMIT
           ) -> list[tuple[Row, float]]:
    """(row, score 0-100) of the best ``limit`` live contacts for ``query``."""
    from rolodex.core.db import fastread

    q = query if isinstance(query, Query) else Query(query, limit)
    with fastread.connect(url) as conn:
        return run(conn, q)


def run(conn, q: Query) -> list[tuple[Row, float]]:
    """``q`` through an open ``fastread`` connection."""
    words = q.words
    if not words or not q.prefilter:
        idx = ContactIndex.load_from(conn)
        if q.with_email:
            having = {r[0] for r in conn.rows("SELECT DISTINCT contact_id FROM contact_email")}
            for cid in [c for c in idx.all_ids() if c not in having]:
                idx.remove(cid)
    else:
        orgs = _org_values(conn)
        ids = _candidates(conn, [[w] for w in words], orgs, q.with_email, q.deep)
        if not ids:
            near = _near_words(conn, words, orgs)
            if len(words) == 1:  # the word matched no one anywhere: its near words alone
                near = [near[0][1:]]
            ids = _candidates(conn, near, orgs, q.with_email, q.deep, first=words[0])
        idx = ContactIndex()
        idx.fill(read_rows(conn, ids))
    return [(idx.row(cid), score) for cid, score in idx.scored(q.text, q.limit)]


def _org_values(conn) -> dict[str, dict[str, str]]:
    """The distinct companies, titles and locations, folded (a few thousand, not one per
    contact)."""
    return {col: {v: fold(v) for (v,) in conn.rows(f"SELECT DISTINCT {col} FROM contact") if v}
            for col in ORGS}


def _per_word(conn, alts: list[str], vals: list[list[str]], deep: bool = True
              ) -> tuple[str, list]:
    """(SQL, parameters) for the contacts with one of the alternatives ``alts`` of a word
    in a name, email, skill, tag, address, URL or notes, or with one of the given
    companies, titles or locations (``vals``, in ORGS order)."""
    pos = _pos(conn)
    n = len(alts)

    def alt(col: str) -> str:
        return " OR ".join([f"{pos}({col}, ?) > 0"] * n)

    sql = [f"SELECT id FROM contact WHERE {alt('name_fold')}"]
    params = list(alts)
    for col, vs in zip(ORGS, vals, strict=True):
        if vs:
            sql.append(f"SELECT id FROM contact WHERE {col} IN ({','.join('?' * len(vs))})")
            params += vs
    sql += [f"SELECT contact_id FROM contact_email WHERE {alt('norm')}",
            # the few matching skills and tags first, then their people by the index
            "SELECT contact_id FROM contact_skill WHERE skill_id IN "
            f"(SELECT id FROM skill WHERE {alt('key')})",
            "SELECT contact_id FROM contact_tag WHERE tag_id IN "
            f"(SELECT id FROM tag WHERE {alt('key')})"]
    params += alts * 3
    if not deep:
        return " UNION ".join(sql), params
    # the address, URL and notes as the writers folded them (models.text_fold)
    sql.append(f"SELECT id FROM contact WHERE text_fold <> '' AND ({alt('text_fold')})")
    params += alts
    return " UNION ".join(sql), params


def _candidates(conn, options: list[list[str]], orgs: dict[str, dict[str, str]],
                with_email: bool = False, deep: bool = True, first: str | None = None
                ) -> list[int]:
    """Ids of live contacts matching one alternative of every word, those whose name
    begins with ``first`` (the first word's first alternative unless given) first."""
    if not options or not all(options):
        return []
    parts, params = [], []
    for alts in options:
        vals = [[v for v, f in orgs[col].items() if any(a in f for a in alts)] for col in ORGS]
        sql, more = _per_word(conn, alts, vals, deep)
        parts.append(f"SELECT * FROM ({sql})"
                     + ("" if conn.kind == "sqlite" else f" AS w{len(parts)}"))
        params += more
    first = first or options[0][0]
    pos = _pos(conn)
    # per candidate, by the index (an IN over every address built a list of them all)
    mail = (" AND EXISTS (SELECT 1 FROM contact_email m WHERE m.contact_id = contact.id)"
            if with_email else "")
    sql = (
        f"SELECT id FROM contact WHERE NOT archived{mail} AND id IN ("
        + " INTERSECT ".join(parts) + ") ORDER BY CASE "
        f"WHEN substr(name_fold, 1, ?) = ? THEN 0 WHEN {pos}(' ' || name_fold, ?) > 0 THEN 1 "
        f"WHEN {pos}(name_fold, ?) > 0 THEN 2 ELSE 3 END, name_fold, id LIMIT ?"
    )
    params += [len(first), first, " " + first, first, POOL]
    return [r[0] for r in conn.rows(sql, params)]


def _near_words(conn, words: list[str], orgs: dict[str, dict[str, str]]) -> list[list[str]]:
    """Each word with the vocabulary tokens a typo or two away from it.

    The vocabulary is narrowed first by what a near word must share (fuzzy.narrow): the
    names are read only with a word beginning with one of the query words' first letters
    when none may differ there (the index suffices), and only the tokens of a possible
    length are compared: a few hundred, compared without importing rapidfuzz."""
    sql, params = "SELECT DISTINCT name_fold FROM contact", []
    if all(same_start(w) for w in words):
        starts = sorted({" " + w[:1] for w in words})
        sql += " WHERE " + " OR ".join([f"{_pos(conn)}(' ' || name_fold, ?) > 0"] * len(starts))
        params = starts
    vocab: set[str] = set()
    for (nf,) in conn.rows(sql, params):
        vocab.update(nf.split())
    for values in orgs.values():
        for f in values.values():
            vocab.update(tokens(f))
    for (v,) in conn.rows("SELECT key FROM skill UNION SELECT key FROM tag"):
        vocab.update(tokens(v or ""))
    return [alts[:9] for alts in near_each(words, narrow(words, vocab))]


def _pos(conn) -> str:
    """SQL's position of a text in another: instr on SQLite, strpos on PostgreSQL."""
    return "instr" if conn.kind == "sqlite" else "strpos"
