"""Properties of the contact index (hypothesis): incremental edits equal a rebuild, and
every row containing all query words is found."""

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from rolodex.core.search.index import ContactIndex, Row
from rolodex.core.text import fold

T = datetime(2026, 1, 1)
word = st.sampled_from(["ann", "anna", "zoë", "zoe", "ångström", "doe", "jane", "smith",
                        "müller", "li", "o'neil", "kubernetes", "acme", "x"])
names = st.lists(word, min_size=1, max_size=3).map(" ".join)


def make(cid, name, company=""):
    return Row(cid, name.title(), company, "", None, None, T)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), names, st.booleans()), max_size=25),
       st.lists(word, min_size=1, max_size=2).map(" ".join))
def test_incremental_equals_rebuild(ops, query):
    idx = ContactIndex.from_rows([])
    live = {}
    for cid, name, keep in ops:
        if keep:
            row = make(cid, name)
            idx.put(row, ["kubernetes"] if cid % 3 == 0 else [])
            live[cid] = (row, ["kubernetes"] if cid % 3 == 0 else [])
        else:
            idx.remove(cid)
            live.pop(cid, None)
        idx.filter(query)  # exercise the narrowing caches between edits
    fresh = ContactIndex.from_rows([r for r, _x in live.values()],
                                   {cid: x for cid, (_r, x) in live.items()})
    assert idx.all_ids() == fresh.all_ids()
    assert idx.filter(query) == fresh.filter(query)
    assert idx.scored(query) == fresh.scored(query)


@settings(max_examples=60, deadline=None)
@given(st.lists(names, min_size=1, max_size=30), st.lists(word, min_size=1, max_size=2))
def test_every_substring_match_is_found(all_names, qwords):
    rows = [make(i, n) for i, n in enumerate(all_names, 1)]
    idx = ContactIndex.from_rows(rows)
    query = " ".join(qwords)
    got = idx.filter(query)
    want = {r.id for r in rows if all(w in fold(r.name) for w in fold(query).split())}
    assert want <= set(got)
    assert len(got) == len(set(got))
    # typing the query one letter at a time ends where a fresh query does
    for k in range(1, len(query) + 1):
        idx.filter(query[:k])
    assert idx.filter(query) == got
