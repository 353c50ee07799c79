"""The compact storage of the contact index: Rows made on demand from columns, the typo
vocabulary kept current by edits, the bulk build equal to one add at a time."""

from datetime import datetime, timedelta, timezone

from rolodex.core.search.index import ContactIndex, Row
from rolodex.core.search.typo import TypoIndex

T = datetime(2026, 1, 1)


def test_rows_come_back_exactly():
    rows = [
        Row(5, "Zoë Ångström", "Acme", "CTO", datetime(2026, 3, 4, 5, 6, 7, 891011), 14,
            datetime(1969, 12, 31, 23, 59, 59, 999999)),
        Row(9, "Bob", "", "", None, None, T),
        Row(7, "Cy", "Acme", "", None, 0, datetime(2026, 1, 1, tzinfo=timezone.utc)),
    ]
    idx = ContactIndex.from_rows(rows)
    for r in rows:
        assert idx.row(r.id) == r
    assert idx.row(5).company is idx.row(7).company  # interned
    idx.put(Row(9, "Bob", "Initech", "", T + timedelta(days=1), 30, T))
    assert idx.row(9) == Row(9, "Bob", "Initech", "", T + timedelta(days=1), 30, T)


def test_many_edits_compact_the_columns_and_keep_rows():
    idx = ContactIndex.from_rows([Row(i, f"Person {i}", "", "", None, None, T)
                                  for i in range(1, 3001)])
    old = idx._cols
    for i in range(1, 2001):
        idx.put(Row(i, f"Renamed {i}", "Co", "", T, None, T))
    assert idx._cols is not old and idx._cols.dead < 1000
    assert idx.row(5) == Row(5, "Renamed 5", "Co", "", T, None, T)
    assert idx.row(2500).name == "Person 2500"
    assert len(idx) == 3000 and idx.filter("renamed 17")[0] == 17


def test_typo_vocabulary_is_kept_current_not_rebuilt():
    idx = ContactIndex.from_rows([Row(1, "Jane Doe", "", "", None, None, T)])
    idx.warm()
    typo = idx._typo
    idx.put(Row(2, "Quentin Zabriskie", "", "", None, None, T), ["Kubernetes"])
    assert idx.filter("zabirskie") == [2]
    assert idx.filter("kubernets") == [2]
    idx.remove(2)
    assert idx.filter("zabirskie") == [] and idx.filter("kubernets") == []
    assert idx._typo is typo
    assert "zabriskie" not in typo.vocab() and "kubernetes" not in typo.vocab()


def _as_sets(t: TypoIndex):
    return ({k: sorted(v) for k, v in t.name_post.items()},
            {k: sorted(v) for k, v in t.phrase_post.items()},
            {k: sorted(v) for k, v in t.tok_phrases.items()})


def test_bulk_build_equals_adding_one_at_a_time():
    fields = [
        (1, ("jane doe-smith", "acme", "cto", ["python", "ann@x.io", "python"])),
        (2, ("anna anna", "", "engineer", [])),
        (3, ("o'brien smith", "acme", "", ["kubernetes", ""])),
        (4, ("li", "initech", "cto", ["board"])),
    ]
    one = TypoIndex()
    for cid, f in fields:
        one.add(cid, f)
    assert _as_sets(TypoIndex.build(fields)) == _as_sets(one)
    assert all(len(set(v)) == len(v) for v in TypoIndex.build(fields).name_post.values())


def test_unsorted_entries_are_sorted_on_fill():
    rows = [Row(3, "Carl", "", "", None, None, T), Row(1, "anna", "", "", None, None, T),
            Row(2, "Anna", "", "", None, None, T)]
    idx = ContactIndex.from_rows(rows)
    assert idx.all_ids() == [1, 2, 3]
    assert [idx.position(c) for c in (1, 2, 3)] == [0, 1, 2]
