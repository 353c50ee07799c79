import json
from datetime import datetime

import pytest
from sqlalchemy import select

from rolodex.core.db import my_ties
from rolodex.core.db.events import Change
from rolodex.core.db.models import Contact, Endorsement, Introduction, Skill
from rolodex.core.errors import NotFound, UsageError
from rolodex.core.profile import profile
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import list_interactions, log_interaction
from rolodex.core.records.links import link
from rolodex.core.records.merge import merge_contacts


def _endorse(store, contact, skill_name, by):
    with store.tx() as s:
        sid = s.execute(select(Skill.id).where(Skill.key == skill_name.lower())).scalar_one()
        s.add(Endorsement(contact_id=contact, skill_id=sid, by_id=by, note="solid"))


def test_merge_moves_everything_once(store):
    a = add_contact(store, ContactIn(name="Grace Hopper", emails=["grace@navy.mil"],
                                     skills=["COBOL"], notes="admiral"))
    b = add_contact(store, ContactIn(name="Grace B. Hopper", company="Navy",
                                     emails=["GRACE@navy.mil", "g@home.org"],
                                     phones=["+1 555 0100"], skills=["COBOL", "Compilers"],
                                     notes="met at a conference", cadence_days=60,
                                     uid="vcard-123"))
    c = add_contact(store, ContactIn(name="Alan Turing", skills=["Compilers"]))
    log_interaction(store, "call", [b], "old call", at=datetime(2026, 10, 1, 9, 0))
    log_interaction(store, "meeting", [a, b, c], "panel", at=datetime(2026, 11, 1, 9, 0))
    link(store, b, c, 5, "colleagues")
    link(store, a, c, 2)
    link(store, a, b, 3)
    _endorse(store, b, "Compilers", c)
    _endorse(store, c, "Compilers", b)
    with store.tx() as s:
        s.add(Introduction(introducer_id=b, target_id=c, for_what="compilers"))
        s.add(Introduction(introducer_id=a, target_id=b, for_what="self"))
    res = merge_contacts(store, a, b)
    assert res.moved["emails"] == 1 and res.moved["phones"] == 1
    assert res.moved["skills"] == 1 and res.moved["interactions"] == 1
    assert set(res.filled) >= {"company", "cadence_days", "notes"}  # A keeps its own UID
    p = profile(store, a)
    assert p["emails"] == ["grace@navy.mil", "g@home.org"]
    assert p["phones"] == ["+1 555 0100"] and p["skills"] == ["COBOL", "Compilers"]
    assert p["company"] == "Navy" and p["cadence_days"] == 60
    assert "admiral" in p["notes"] and "met at a conference" in p["notes"]
    assert sorted(i["summary"] for i in p["interactions"]) == ["old call", "panel"]
    assert [(k["id"], k["strength"], k["how"]) for k in p["knows"]] == [(c, 5, "colleagues")]
    assert {(e["skill"], e["by"]) for e in p["endorsements"]} == {("Compilers", "Alan Turing")}
    with store.read() as s:
        assert s.get(Contact, b) is None
        kept = s.get(Contact, a)
        assert kept.uid != "vcard-123" and json.loads(kept.extra)["uids"] == ["vcard-123"]
        assert my_ties.last_touch(s, a) == datetime(2026, 11, 1, 9, 0)
        intros = s.execute(select(Introduction.introducer_id, Introduction.target_id)).all()
        assert intros == [(a, c)]
        by = s.execute(select(Endorsement.contact_id, Endorsement.by_id)).all()
        assert sorted(by) == sorted([(a, c), (c, a)])
    panel = [i for i in list_interactions(store, c) if i.summary == "panel"][0]
    assert sorted(cid for cid, _n in panel.participants) == [a, c]


def test_merge_refusals_change_nothing(store):
    a = add_contact(store, ContactIn(name="Only One"))
    with pytest.raises(UsageError):
        merge_contacts(store, a, a)
    with pytest.raises(NotFound):
        merge_contacts(store, a, 999)
    assert profile(store, a)["name"] == "Only One"


def test_merge_notifies(store):
    seen = []
    store.subscribe(seen.append)
    a = add_contact(store, ContactIn(name="A One"))
    b = add_contact(store, ContactIn(name="A Two"))
    merge_contacts(store, a, b)
    assert seen[-2:] == [Change("contact", (a,)), Change("contact", (b,))]
