"""The first page while typing (``ContactIndex.first``, issue 16) is the full ranking's
first page, on a demo-shaped sample rolodex: typed one letter at a time, for one- and
two-letter prefixes, names, companies, skills and typos, and after edits."""

from __future__ import annotations

import pytest

from rolodex.core.search.index import ContactIndex
from rolodex.core.text import fold

PAGE = 20


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from rolodex.core.db.store import Store
    from rolodex.demo import build_demo

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('first') / 'demo.db'}")
    build_demo(store, contacts=1500, seed=2003)
    idx = ContactIndex.load(store)
    yield store, idx
    store.close()


def queries(idx: ContactIndex) -> list[str]:
    rows = [idx.row(cid) for cid in idx.all_ids()[::97]]
    names = [r.name for r in rows[:8]]
    companies = [r.company for r in rows if r.company][:4]
    typos = []
    for name in names[:4]:
        last = fold(name).split()[-1]
        if len(last) > 4:
            typos.append(last[:2] + last[3] + last[2] + last[4:])  # two letters swapped
    prefixes = ["a", "e", "m", "s", "j", "x", "ma", "an", "jo", "li", "de", "ch", "ko"]
    return prefixes + names + companies + ["python", "kubernetes", "berlin"] + typos


def test_the_first_page_is_the_full_rankings_first_page(sample):
    _store, idx = sample
    quick = complete = 0
    for q in queries(idx):
        idx.filter("")
        for k in range(1, len(q) + 1):
            typed = q[:k]
            got = idx.first(typed, PAGE)
            want = idx.filter(typed)
            if got is None:
                continue
            quick += 1
            complete += got.complete
            assert got.ids == want[:PAGE] if not got.complete else got.ids == want, typed
    assert quick and complete  # both ways were taken, not only the full ranking


@pytest.mark.parametrize("prefix", ["a", "m", "s", "ma", "an"])
def test_a_broad_prefix_takes_the_top_of_the_name_order(sample, prefix):
    _store, idx = sample
    idx.filter("")
    idx._changed()  # nothing cached: the names' own order must give the page
    got = idx.first(prefix, PAGE)
    assert got is not None and not got.complete
    assert got.ids == idx.filter(prefix)[:PAGE]


def test_edits_keep_the_later_words_right(sample):
    from rolodex.core.search.rows import Row

    _store, idx = sample
    idx.warm()
    moved = idx.all_ids()[:40:3]
    for n, cid in enumerate(moved):
        row = idx.row(cid)
        idx.put(Row(cid, f"Zed Ma{'x' * (n % 3)} {row.name}", row.company, row.title,
                    row.last_touch_at, row.cadence_days, row.created_at), [])
    idx.remove(idx.all_ids()[5])
    for q in ["ma", "max", "zed", "a", "zed ma"]:
        idx.filter("")
        got = idx.first(q, PAGE)
        if got is not None:
            assert got.ids == idx.filter(q)[:len(got.ids)]
    fresh = ContactIndex.from_rows([idx.row(c) for c in idx.all_ids()])
    assert ({w: sorted(v) for w, v in idx._later_words().items()}
            == {w: sorted(v) for w, v in fresh._later_words().items()})


def test_a_stopped_filter_drops_its_work(sample):
    _store, idx = sample
    idx._changed()
    assert idx.filter("a", stop=lambda: True) is None
    assert idx.filter("a", stop=lambda: False) == idx.filter("a")


def test_a_page_from_the_name_company_and_title_columns_is_the_rankings_page(sample):
    """Two or three letters inside names ("bu": Butler, Burke), or in companies and titles,
    fill a page without a scan of every row (``_tier_top``): the same page as the ranking,
    also after an edit (the typo index's tokens and phrases follow every edit)."""
    _store, idx = sample
    idx.warm()  # as the TUI does at start: the typo index's tokens and phrases are used
    taken = 0
    for w in ["bu", "op", "er", "on", "ar", "ste", "ine", "man", "eng", "tec", "son", "ll"]:
        idx._changed()
        if idx._name_top(w, PAGE) is not None:
            continue
        got = idx._tier_top(w, PAGE)
        if got is not None:
            taken += 1
            assert list(map(idx._ids.__getitem__, got)) == idx.filter(w)[:PAGE], w
    assert taken >= 3
    store = _store
    from rolodex.core.records.contacts import ContactIn, add_contact

    cid = add_contact(store, ContactIn(name="Aaron Bubbles", company="Opbu Works",
                                       title="Bu Operator"))
    idx.refresh(store, cid)
    try:
        for w in ["bu", "op"]:
            got = idx._tier_top(w, PAGE)
            if got is not None:
                assert list(map(idx._ids.__getitem__, got)) == idx.filter(w)[:PAGE], w
    finally:  # the sample is shared: the card leaves the index (archived)
        from rolodex.core.records.contacts import archive_contact

        archive_contact(store, cid)
        idx.refresh(store, cid)
        assert cid not in idx


def test_the_typo_rows_come_the_same_without_a_scan(sample):
    """``_with_typos`` from the rows holding every word (the near tokens' rows checked one
    by one) is what narrowing word by word over a scan of every row gives, typo dict too."""
    _store, idx = sample
    rows = [idx.row(cid) for cid in idx.all_ids()[::41]]
    qs = []
    for r in rows[:30]:
        first, *rest = fold(r.name).split()
        last = rest[-1] if rest else first
        swapped = last[:2] + last[3] + last[2] + last[4:] if len(last) > 4 else last
        qs += [f"{first} {last[:4]}", f"{first[:3]} {swapped}", f"{first} {swapped}",
               f"{swapped}", f"{first[:4]} {last}", f"{fold(r.company)[:5]} {first}".strip()]
    compared = 0
    for q in qs:
        words = list(dict.fromkeys(q.split()))
        if not words:
            continue
        found = idx._substring_candidates(q, words)
        if len(found) >= 5:
            continue
        for every in (False, True):
            idx._changed()
            slow_typo, fast_typo = {}, {}
            slow = idx._with_typos(words, slow_typo, every=every)
            idx._changed()
            found = idx._substring_candidates(q, words)
            fast = idx._with_typos(words, fast_typo, every=every, found=found)
            assert fast == slow, (q, every)
            assert fast_typo.keys() == slow_typo.keys(), (q, every)
            compared += 1
    assert compared >= 20


def test_one_more_word_on_a_wide_answer_gives_the_rankings_page(sample, monkeypatch):
    """'operations' then 'operations m': the answer narrowed and its first page taken from
    bounds on each row's points (``_top_page``), the page the full ranking gives. (The
    sample is small: answers over 10 rows count as wide here, not over 4,000.)"""
    from collections import Counter

    from rolodex.core.search import index

    monkeypatch.setattr(index, "SMALL", 10)
    _store, idx = sample
    words = Counter(w for cid in idx.all_ids() for w in fold(idx.row(cid).title).split()
                    if len(w) > 3)
    paged = 0
    for word, _n in words.most_common(4):
        for more in ("a", "m", "s", "e", "in", "ma", "berlin", "python", "de"):
            idx._changed()
            idx.filter(word)  # the answer a keystroke extends
            q = f"{word} {more}"
            got = idx.first(q, PAGE)
            want = idx.filter(q)
            if got is None:
                continue
            if got.complete:
                assert got.ids == want, q
            else:
                paged += 1
                assert got.ids == want[:PAGE], q
    assert paged >= 10
