"""Introductions as work and endorsements: one transaction each, clear errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rolodex.core.db import my_ties
from rolodex.core.db.models import Contact, Endorsement, Interaction, Introduction
from rolodex.core.errors import NotFound, RolodexError, UsageError
from rolodex.core.network.graph import ME, Network
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact
from rolodex.core.records.endorsements import endorse, endorsement_counts, endorsements_of
from rolodex.core.records.interactions import list_interactions
from rolodex.core.records.intros import all_intros, ask, close_intro, open_intros


def count(store, model) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def people(store):
    alice = add_contact(store, ContactIn(name="Alice Wong"))
    raj = add_contact(store, ContactIn(name="Raj Patel", skills=["Kubernetes"]),
                      through=alice)
    return alice, raj


def test_ask_records_the_intro_and_logs_it_with_the_introducer(store, people):
    alice, raj = people
    iid = ask(store, alice, raj, note="for the migration", for_what="Kubernetes")
    [v] = open_intros(store)
    assert (v.id, v.introducer, v.target, v.status, v.age_days) == (
        iid, "Alice Wong", "Raj Patel", "asked", 0)
    [it] = list_interactions(store, alice)
    assert it.kind == "message"
    assert it.summary == "Asked for an introduction to Raj Patel (Kubernetes): for the migration"
    with store.read() as s:
        assert my_ties.last_touch(s, alice) == store.now()


def test_bad_asks_write_nothing(store, people):
    alice, raj = people
    ask(store, alice, raj)
    before = (count(store, Introduction), count(store, Interaction))
    with pytest.raises(RolodexError, match="already asked Alice Wong to introduce Raj Patel"):
        ask(store, alice, raj)
    with pytest.raises(UsageError):
        ask(store, alice, alice)
    with pytest.raises(UsageError):
        ask(store, raj, alice, kind="telepathy")
    archive_contact(store, raj)
    with pytest.raises(NotFound):
        ask(store, raj, alice)
    assert (count(store, Introduction), count(store, Interaction)) == before


def test_made_adds_the_tie_me_target(store, people):
    alice, raj = people
    net = Network.build(store)
    assert net.tie(ME, raj) == 0.0
    iid = ask(store, alice, raj)
    v = close_intro(store, iid, "made")
    assert v.status == "made" and v.closed_at == store.now()
    assert open_intros(store) == []
    with store.read() as s:
        assert s.get(Contact, raj).known_directly
    assert [i.summary for i in list_interactions(store, raj)] == ["Introduced by Alice Wong"]
    assert net.tie(ME, raj) > 0.05
    with pytest.raises(RolodexError, match="already closed"):
        close_intro(store, iid, "declined")


def test_declined_and_no_reply_only_close(store, people):
    alice, raj = people
    a = ask(store, alice, raj)
    assert close_intro(store, a, "no_reply").status == "no-reply"
    b = ask(store, alice, raj)
    assert close_intro(store, b, "declined").status == "declined"
    with pytest.raises(UsageError):
        close_intro(store, ask(store, alice, raj), "maybe")
    with pytest.raises(NotFound):
        close_intro(store, 999, "made")
    assert [v.status for v in all_intros(store)] == ["no-reply", "declined", "asked"]
    with store.read() as s:
        assert not s.get(Contact, raj).known_directly


def test_endorsements(store, people):
    alice, raj = people
    endorse(store, raj, "kubernetes", note="ran our cluster")
    endorse(store, raj, "Kubernetes", by_id=alice)
    endorse(store, raj, "Kubernetes", by_id=alice, note="again")  # same person: one
    endorse(store, raj, "Terraform", by_id=alice)  # a new skill is added to the contact
    views = endorsements_of(store, raj)
    assert [(v.skill, v.by_name) for v in views][:2] in (
        [("Kubernetes", "Alice Wong"), ("Kubernetes", "me")],
        [("Kubernetes", "me"), ("Kubernetes", "Alice Wong")])
    assert endorsement_counts(store, raj) == {"Kubernetes": 2, "Terraform": 1}
    assert [v.note for v in views if v.by_id == alice and v.skill == "Kubernetes"] == ["again"]
    net = Network.build(store, follow=False)
    assert net.vocab.match("terraform")[raj].endorsements == 1
    with pytest.raises(UsageError):
        endorse(store, raj, "  ")
    with pytest.raises(UsageError):
        endorse(store, raj, "Go", by_id=raj)
    with pytest.raises(NotFound):
        endorse(store, 999, "Go")
    assert count(store, Endorsement) == 3
