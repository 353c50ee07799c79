"""Undo (core/records/undo.py): every destructive change comes back exactly (same ids, children,
edges, endorsements, intros, last touch), on SQLite and PostgreSQL; later work survives."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlmodel import SQLModel

from rolodex.core.db import my_ties
from rolodex.core.db.events import Change
from rolodex.core.db.models import Contact, Introduction
from rolodex.core.errors import RolodexError
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact, edit_contact
from rolodex.core.records.endorsements import endorse
from rolodex.core.records.interactions import (
    delete_interaction,
    edit_interaction,
    list_interactions,
    log_interaction,
)
from rolodex.core.records.links import link
from rolodex.core.records.merge import merge_contacts
from rolodex.core.records.undo import record, undo


def dump(store) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: the whole database as a value."""
    out = {}
    with store.read() as s:
        for table in SQLModel.metadata.sorted_tables:
            out[table.name] = sorted((tuple(r) for r in s.execute(select(table)).all()),
                                     key=repr)
    return out


@pytest.fixture
def people(store):
    a = add_contact(store, ContactIn(name="Grace Hopper", emails=["grace@navy.mil"],
                                     phones=["+1 555 0100"], skills=["COBOL"],
                                     tags=["legend"], notes="admiral"))
    b = add_contact(store, ContactIn(name="Grace B. Hopper", company="Navy",
                                     emails=["GRACE@navy.mil", "g@home.org"],
                                     skills=["COBOL", "Compilers"], uid="vcard-123",
                                     cadence_days=60))
    c = add_contact(store, ContactIn(name="Alan Turing", skills=["Compilers"]))
    ids = {
        "a": a, "b": b, "c": c,
        "old": log_interaction(store, "call", [b], "old call", at=datetime(2026, 10, 1, 9)),
        "panel": log_interaction(store, "meeting", [a, b, c], "Lunch",
                                 at=datetime(2026, 11, 20, 12)),
        "solo": log_interaction(store, "call", [a], "solo", at=datetime(2026, 11, 1, 9)),
    }
    link(store, b, c, 5, "colleagues")
    link(store, a, c, 2)
    link(store, a, b, 3)
    endorse(store, b, "Compilers", by_id=c, note="solid")
    endorse(store, c, "Compilers", by_id=b)
    with store.tx() as s:
        s.add(Introduction(introducer_id=b, target_id=c, for_what="compilers"))
        s.add(Introduction(introducer_id=a, target_id=b, for_what="self"))
    return ids


def touch(store, cid):
    with store.read() as s:
        return my_ties.last_touch(s, cid)


def test_delete_of_a_meeting_comes_back_with_its_people_and_last_touch(store, people):
    before = dump(store)
    events = []
    store.subscribe(events.append)
    _r, step = record(store, "delete of 'Lunch' (3 people)",
                      lambda: delete_interaction(store, people["panel"]),
                      interactions=[people["panel"]])
    assert touch(store, people["c"]) is None and dump(store) != before
    events.clear()
    undo(store, step)
    assert dump(store) == before
    assert touch(store, people["c"]) == datetime(2026, 11, 20, 12)
    lunch = list_interactions(store, people["c"])[0]
    assert lunch.id == people["panel"] and {c for c, _n in lunch.participants} == {
        people["a"], people["b"], people["c"]}
    assert Change("interaction", (people["a"], people["b"], people["c"]),
                  interaction=people["panel"]) in events
    touched = {c for ch in events if ch.kind == "contact" for c in ch.contacts}
    assert touched == {people["a"], people["b"], people["c"]}


def test_edit_of_an_interaction_comes_back(store, people):
    before = dump(store)
    _r, step = record(store, "edit", lambda: edit_interaction(
        store, people["panel"], summary="Dinner", at=datetime(2026, 9, 1, 19),
        participants=[people["a"]]), interactions=[people["panel"]])
    assert list_interactions(store, people["c"]) == []
    undo(store, step)
    assert dump(store) == before


def test_archive_comes_back(store, people):
    before = dump(store)
    _r, step = record(store, "archive", lambda: archive_contact(store, people["a"]),
                      contacts=[people["a"]])
    undo(store, step)
    assert dump(store) == before


def test_edit_of_a_contact_comes_back_with_its_lists_and_knows_edge(store, people):
    before = dump(store)
    _r, step = record(store, "edit", lambda: edit_contact(
        store, people["c"], name="A. M. Turing", emails=["alan@bletchley.uk"],
        phones=["+44 20 7946 0000"], skills=["COBOL"], tags=[], through=people["a"],
        through_strength=5), contacts=[people["c"]])
    undo(store, step)
    assert dump(store) == before


def test_merge_comes_back_whole(store, people):
    before = dump(store)
    _r, step = record(store, "merge", lambda: merge_contacts(store, people["a"], people["b"]),
                      contacts=[people["a"], people["b"]])
    with store.read() as s:
        assert s.get(Contact, people["b"]) is None
    undo(store, step)
    assert dump(store) == before


def test_work_done_after_the_change_survives_its_undo(store, people):
    _r, step = record(store, "delete", lambda: delete_interaction(store, people["solo"]),
                      interactions=[people["solo"]])
    later = log_interaction(store, "email", [people["a"]], "later", at=datetime(2026, 11, 25))
    _r, edit = record(store, "edit", lambda: edit_contact(store, people["a"], title="RAdm"),
                      contacts=[people["a"]])
    newer = log_interaction(store, "call", [people["a"]], "newer", at=datetime(2026, 11, 26))
    undo(store, edit)
    undo(store, step)
    got = {i.id for i in list_interactions(store, people["a"])}
    assert {later, newer, people["solo"], people["panel"]} <= got
    assert touch(store, people["a"]) == datetime(2026, 11, 26)
    with store.read() as s:
        assert s.get(Contact, people["a"]).title == ""


def test_a_row_changed_again_since_refuses_the_undo_and_changes_nothing(store, people):
    _r, step = record(store, "edit", lambda: edit_contact(store, people["a"], title="RAdm"),
                      contacts=[people["a"]])
    edit_contact(store, people["a"], company="US Navy")  # not through undo
    before = dump(store)
    with pytest.raises(RolodexError, match="Grace Hopper.*changed since"):
        undo(store, step)
    assert dump(store) == before
