"""The one-shot search's typo path (core/search/oneshot.py): a one-word query that matches
no one is looked for again by its near words alone, with the same answer as when the word
itself is searched for again beside them."""

from __future__ import annotations

from rolodex.core.db import fastread
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.search import oneshot
from rolodex.core.search.index import ContactIndex
from rolodex.core.search.query import Query
from rolodex.core.search.rows import read_rows


def _people(store) -> None:
    for name, company, notes in (("Amina Nader", "Acme", ""), ("Bo Nadler", "Nader & Co", ""),
                                 ("Cy Nadir", "", "met Nader at the fair"),
                                 ("Dee Under", "", ""), ("Nadia Reed", "", "")):
        add_contact(store, ContactIn(name=name, company=company, notes=notes,
                                     emails=[f"{name.split()[0].lower()}@example.com"]))


class Recording:
    """A ReadConn that keeps the parameters of every statement it runs."""

    def __init__(self, conn):
        self.conn, self.kind, self.raw, self.seen = conn, conn.kind, conn.raw, []

    def rows(self, sql, params=()):
        self.seen.append(list(params))
        return self.conn.rows(sql, params)


def test_a_typo_is_searched_by_its_near_words_alone(sqlite_store):
    _people(sqlite_store)
    with fastread.connect(sqlite_store.url) as conn:
        rec = Recording(conn)
        found = oneshot.run(rec, Query("nadre", 20))
        # the exact pass finds no one; the near pass looks for 'nader' and its kin, and
        # 'nadre' only orders them (the last five parameters: by a name beginning with it)
        near_pass = [p for p in rec.seen if "nader" in p]
        assert near_pass and all("nadre" not in p[:-5] for p in near_pass)
        # the same answer as looking for the typo beside its near words, ranked alike
        orgs = oneshot._org_values(conn)
        ids = oneshot._candidates(conn, oneshot._near_words(conn, ["nadre"], orgs), orgs)
        idx = ContactIndex()
        idx.fill(read_rows(conn, ids))
        expected = idx.scored("nadre", 20)
    assert [(r.id, score) for r, score in found] == expected
    assert {r.name for r, _s in found} == {"Amina Nader", "Bo Nadler"}


def test_several_words_keep_each_word_among_its_alternatives(sqlite_store):
    """With two words the exact pass says only that no one has both: 'amina' still
    matches alone, so it stays among its own alternatives."""
    _people(sqlite_store)
    with fastread.connect(sqlite_store.url) as conn:
        found = oneshot.run(conn, Query("amina nadre", 20))
    assert [r.name for r, _s in found] == ["Amina Nader"]
