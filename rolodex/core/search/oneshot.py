"""One-shot search for ``rolodex search``: let SQLite find the candidates, rank them in a
small ContactIndex.

Building the whole in-memory index costs ~0.4 s at 34,257 contacts, too much for a command
that answers one query (budget: the whole process under 0.5 s). So the candidates come
from SQL (each query word inside the folded name, company or title, an email, a skill or
a tag; all words required), at most ``POOL`` of them, best tiers first; only those rows
are loaded and ranked by the same ContactIndex the TUI uses, so results and scores agree.
When no row has every word, typos are looked for: the words are compared with the
vocabulary of name, company, title, skill and tag tokens, and the near tokens are searched
the same way.

SQLite only (the fold function is registered on the connection); PostgreSQL loads the
whole index instead.
"""

from __future__ import annotations

from rolodex.core.search.index import ContactIndex, Row
from rolodex.core.search.rows import read_rows
from rolodex.core.text import fold

POOL = 2000


def search(url: str | None, query: str, limit: int = 20) -> list[tuple[Row, float]]:
    """(row, score 0-100) of the best ``limit`` live contacts for ``query``."""
    from rolodex.core.db import fastread

    with fastread.connect(url) as conn:
        words = list(dict.fromkeys(fold(query).split()))
        if conn.kind != "sqlite" or not words:
            idx = ContactIndex.load_from(conn)
        else:
            orgs = _org_values(conn)
            ids = _candidates(conn, [[w] for w in words], orgs)
            if not ids:
                ids = _candidates(conn, _near_words(conn, words, orgs), orgs)
            idx = ContactIndex()
            idx.fill(read_rows(conn, ids))
    return [(idx.row(cid), score) for cid, score in idx.scored(query, limit)]


def _org_values(conn) -> dict[str, dict[str, str]]:
    """The distinct companies and titles, folded (a few thousand, not one per contact)."""
    return {col: {v: fold(v) for (v,) in conn.rows(f"SELECT DISTINCT {col} FROM contact") if v}
            for col in ("company", "title")}


def _per_word(n: int, n_company: int, n_title: int) -> str:
    """Contacts with one of ``n`` alternatives of a word in a name, email, skill or tag,
    or with one of the given companies or titles."""

    def alt(col: str) -> str:
        return " OR ".join([f"instr({col}, ?) > 0"] * n)

    org = [f"SELECT id FROM contact WHERE {col} IN ({','.join('?' * k)})"
           for col, k in (("company", n_company), ("title", n_title)) if k]
    return " UNION ".join((
        f"SELECT id FROM contact WHERE {alt('name_fold')}", *org,
        f"SELECT contact_id FROM contact_email WHERE {alt('norm')}",
        "SELECT cs.contact_id FROM contact_skill cs JOIN skill s ON s.id = cs.skill_id "
        f"WHERE {alt('s.key')}",
        "SELECT ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
        f"WHERE {alt('t.key')}",
    ))


def _candidates(conn, options: list[list[str]], orgs: dict[str, dict[str, str]]) -> list[int]:
    """Ids of live contacts matching one alternative of every word, name matches first."""
    if not options or not all(options):
        return []
    parts, params = [], []
    for alts in options:
        comp = [v for v, f in orgs["company"].items() if any(a in f for a in alts)]
        titles = [v for v, f in orgs["title"].items() if any(a in f for a in alts)]
        parts.append(f"SELECT * FROM ({_per_word(len(alts), len(comp), len(titles))})")
        params += alts + comp + titles + alts * 3  # name, company, title, email, skill, tag
    first = options[0][0]
    sql = (
        "SELECT id FROM contact WHERE NOT archived AND id IN ("
        + " INTERSECT ".join(parts) + ") ORDER BY CASE "
        "WHEN substr(name_fold, 1, ?) = ? THEN 0 WHEN instr(' ' || name_fold, ?) > 0 THEN 1 "
        "WHEN instr(name_fold, ?) > 0 THEN 2 ELSE 3 END, name_fold LIMIT ?"
    )
    params += [len(first), first, " " + first, first, POOL]
    return [r[0] for r in conn.rows(sql, params)]


def _near_words(conn, words: list[str], orgs: dict[str, dict[str, str]]) -> list[list[str]]:
    """Each word with the vocabulary tokens a typo or two away from it."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    from rolodex.core.search.typo import max_edits, tokens

    vocab: set[str] = set()
    for (nf,) in conn.rows("SELECT DISTINCT name_fold FROM contact"):  # the index suffices
        vocab.update(nf.split())
    for values in orgs.values():
        for f in values.values():
            vocab.update(tokens(f))
    for (v,) in conn.rows("SELECT key FROM skill UNION SELECT key FROM tag"):
        vocab.update(tokens(v or ""))
    vocab_list = list(vocab)
    out = []
    for w in words:
        alts = [w]
        if len(w) >= 4:
            hits = process.extract(w, vocab_list, scorer=OSA.distance,
                                   score_cutoff=max_edits(w), limit=8)
            alts += [t for t, _d, _k in hits if t != w]
        out.append(alts)
    return out
