"""core.sorting (the contact list's sorts) and core.network.strengths.my_ties, on
SQLite and PostgreSQL (the ``store`` fixture); the archived contacts' own index."""

from datetime import datetime, timedelta

import pytest

from rolodex.core.network.strengths import my_ties
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact
from rolodex.core.records.interactions import log_interaction
from rolodex.core.search.index import ContactIndex
from rolodex.core.sorting import compute
from rolodex.core.today import follow_ups

NOW = datetime(2026, 11, 26, 10, 0, 0)


def _fill(store):
    ids = {}
    people = [  # name, cadence, days since the last call (None: never), closeness
        ("Anna Alpha", None, None, None),
        ("Bert Beta", 30, 40, None),      # 10 days overdue
        ("Cleo Gamma", 7, 2, None),       # 5 days to spare
        ("Dora Delta", None, 1, None),    # the newest touch
        ("Emil Epsilon", 90, 60, 5),      # closeness 5: the strongest tie
        ("Fay Zeta", 14, None, None),     # cadence, never touched: counts from today
    ]
    for name, cadence, _days, close in people:
        ids[name] = add_contact(store, ContactIn(name=name, cadence_days=cadence,
                                                 closeness=close))
    for name, _c, days, _cl in people:
        if days is not None:
            log_interaction(store, "call", [ids[name]], "call", at=NOW - timedelta(days=days))
    return ids


def test_each_sort_orders_the_whole_list(store):
    ids = _fill(store)
    name = {v: k.split()[0] for k, v in ids.items()}
    # a follow-up due in 3 days puts Anna between Bert (late) and Cleo (5 days to spare)
    log_interaction(store, "note", [ids["Anna Alpha"]], "sent", at=NOW - timedelta(days=30),
                    follow_up=(NOW + timedelta(days=3)).date())
    index = ContactIndex.load(store)
    assert compute("name", index, NOW) is None  # the index's own order
    touch = compute("touch", index, NOW)
    assert [name[c] for c in touch.ids] == ["Dora", "Cleo", "Anna", "Bert", "Emil", "Fay"]
    ties = my_ties(store, NOW)
    assert set(ties) == set(ids.values())
    assert ties[ids["Emil Epsilon"]] == 1.0 and ties[ids["Fay Zeta"]] == 0.05
    tie = compute("tie", index, NOW, ties=ties)
    assert [name[c] for c in tie.ids][0] == "Emil"
    assert [name[c] for c in tie.ids][-1] == "Fay"
    assert ties[ids["Dora Delta"]] > ties[ids["Cleo Gamma"]] > ties[ids["Bert Beta"]]
    overdue = compute("overdue", index, NOW, follow_ups=follow_ups(store))
    assert [name[c] for c in overdue.ids][:3] == ["Bert", "Anna", "Cleo"]
    assert [name[c] for c in overdue.ids][-1] == "Dora"  # no cadence, no follow-up


def test_an_order_applies_to_a_filter_result_and_new_ids_go_last(store):
    ids = _fill(store)
    index = ContactIndex.load(store)
    touch = compute("touch", index, NOW)
    some = [ids["Bert Beta"], 999_999, ids["Dora Delta"], ids["Anna Alpha"]]
    assert touch.apply(some) == [ids["Dora Delta"], ids["Bert Beta"], ids["Anna Alpha"],
                                 999_999]


def test_a_few_matches_of_a_long_list_are_sorted_by_rank():
    from rolodex.core.sorting import Order

    order = Order("touch", list(range(100, 0, -1)))
    assert order.apply([5, 77, 1_000, 50]) == [77, 50, 5, 1_000]  # few: by rank
    assert order.apply(range(1, 60)) == list(range(59, 0, -1))  # many: out of the order
    assert order.apply([*range(1, 60), 1_000])[-1] == 1_000


def test_equal_keys_keep_the_name_order(store):
    ids = [add_contact(store, ContactIn(name=n)) for n in ("Cy", "Al", "Bo")]
    index = ContactIndex.load(store)
    for sort in ("touch", "tie", "overdue"):
        order = compute(sort, index, NOW, ties={}, follow_ups={})
        assert order.ids == [ids[1], ids[2], ids[0]], sort


def test_an_unknown_sort_is_refused(store):
    with pytest.raises(ValueError, match="unknown sort 'age'"):
        compute("age", ContactIndex.load(store), NOW)


def test_ties_leave_out_those_known_only_through_someone_and_the_archived(store):
    a = add_contact(store, ContactIn(name="Ann"))
    b = add_contact(store, ContactIn(name="Ben", known_directly=False))
    c = add_contact(store, ContactIn(name="Cat"))
    archive_contact(store, c)
    assert set(my_ties(store, NOW)) == {a}
    assert b not in my_ties(store, NOW)


def test_the_archived_index_holds_only_the_archived(store):
    a = add_contact(store, ContactIn(name="Ann"))
    b = add_contact(store, ContactIn(name="Ben"))
    archive_contact(store, b)
    assert ContactIndex.load(store, archived=True).all_ids() == [b]
    assert ContactIndex.load(store).all_ids() == [a]
    assert ContactIndex.load(store, archived=True).filter("ben") == [b]


def test_the_first_page_by_last_touch_is_the_order_of_the_index(store):
    from rolodex.core.search.listing import first_page

    _fill(store)
    index = ContactIndex.load(store)
    total, rows = first_page(store, limit=4, sort="touch")
    assert total == 6 and [r.id for r in rows] == compute("touch", index, NOW).ids[:4]
    assert first_page(store, sort="tie") == (6, [])  # the whole log first: the count alone
