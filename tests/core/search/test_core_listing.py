"""core.search.listing (first page, vocabulary) and edit_contact(through=...) in one transaction,
on SQLite and PostgreSQL (the ``store`` fixture)."""

import pytest

from rolodex.core.db.models import Contact
from rolodex.core.errors import NotFound
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact, edit_contact
from rolodex.core.records.links import knows_of
from rolodex.core.search.index import ContactIndex
from rolodex.core.search.listing import first_page, vocabulary

NAMES = ["Zoë Ångström", "adam Ant", "Émile Zola", "Bob Brown", "alice Apple", "Ángel Ruiz"]


def _fill(store):
    ids = {}
    for n, name in enumerate(NAMES):
        ids[name] = add_contact(store, ContactIn(
            name=name, company="Acme" if n % 2 else "",
            skills=["Python", "go"][: n % 3], tags=["vip"] if n == 2 else []))
    return ids


def test_first_page_is_the_index_order(store):
    ids = _fill(store)
    archive_contact(store, ids["Bob Brown"])
    total, rows = first_page(store, limit=4)
    index = ContactIndex.load(store)
    assert total == len(index) == len(NAMES) - 1
    assert [r.id for r in rows] == index.all_ids()[:4]
    assert rows[0] == index.row(rows[0].id)
    assert ids["Bob Brown"] not in [r.id for r in first_page(store)[1]]


def test_first_page_of_an_empty_rolodex(store):
    assert first_page(store) == (0, [])


def test_vocabulary_lists_every_skill_and_tag(store):
    _fill(store)
    skills, tags = vocabulary(store)
    assert skills == sorted(skills, key=str.casefold)
    assert {s.casefold() for s in skills} == {"python", "go"}
    assert tags == ["vip"]


def test_edit_through_links_in_the_same_edit(store):
    ids = _fill(store)
    me, via = ids["Émile Zola"], ids["Bob Brown"]
    edit_contact(store, me, title="Writer", through=via, through_strength=2)
    with store.read() as s:
        c = s.get(Contact, me)
        assert (c.title, c.known_directly) == ("Writer", False)
        assert knows_of(s, me) == [(via, "Bob Brown", 2, "introduced me")]


def test_edit_through_a_missing_contact_writes_nothing(store):
    ids = _fill(store)
    me = ids["Émile Zola"]
    with pytest.raises(NotFound):
        edit_contact(store, me, title="Writer", through=999_999)
    with store.read() as s:
        c = s.get(Contact, me)
        assert (c.title, c.known_directly) == ("", True)
        assert knows_of(s, me) == []


def test_edit_through_oneself_is_refused_and_rolled_back(store):
    from rolodex.core.errors import UsageError

    ids = _fill(store)
    me = ids["Bob Brown"]
    with pytest.raises(UsageError):
        edit_contact(store, me, company="Initech", through=me)
    with store.read() as s:
        assert s.get(Contact, me).company == "Acme"
