"""The demo rolodex: reproducible, shaped like the article, one transaction, refusals."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from datetime import datetime

import pytest
from sqlalchemy import func, select

from rolodex.core.db.models import Contact, Interaction, Knows, MyTie
from rolodex.core.db.store import Store
from rolodex.core.errors import RolodexError
from rolodex.core.records.contacts import count_contacts
from rolodex.core.stats import compute_stats
from rolodex.demo import build_demo
from rolodex.demo.shape import ARTICLE_CONTACTS, CONFIRMED_SHARE, REACH_SHARE

NOW = datetime(2026, 11, 26, 10, 0, 0)


def clock():
    return NOW


def fresh(tmp_path, name="demo.db") -> Store:
    return Store(f"sqlite:///{tmp_path / name}", clock=clock)


def digest(store: Store) -> str:
    h = hashlib.sha256()
    with store.read() as s:
        for row in s.execute(select(Contact.name, Contact.company, Contact.cadence_days)
                             .order_by(Contact.id)):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(select(MyTie.contact_id, MyTie.last_touch_at, MyTie.acc)
                             .order_by(MyTie.contact_id)):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(select(Knows.a_id, Knows.b_id, Knows.strength).order_by(Knows.id)):
            h.update(repr(tuple(row)).encode())
        for row in s.execute(select(Interaction.kind, Interaction.at, Interaction.summary)
                             .order_by(Interaction.id)):
            h.update(repr(tuple(row)).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def mid(tmp_path_factory):
    """A 3,000-contact demo and its stats, shared by the shape tests."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('mid') / 'demo.db'}", clock=clock)
    summary = build_demo(store, contacts=3000, seed=11)
    yield store, summary, compute_stats(store)
    store.close()


def test_same_seed_same_rolodex(tmp_path):
    a, b, c = fresh(tmp_path, "a.db"), fresh(tmp_path, "b.db"), fresh(tmp_path, "c.db")
    build_demo(a, contacts=400, seed=5)
    build_demo(b, contacts=400, seed=5)
    build_demo(c, contacts=400, seed=6)
    assert digest(a) == digest(b)
    assert compute_stats(a).to_json() == compute_stats(b).to_json()
    assert digest(a) != digest(c)


def test_shape_of_a_3000_contact_demo(mid):
    store, summary, st = mid
    assert st.contacts == summary.contacts == 3000
    assert st.confirmed == round(3000 * CONFIRMED_SHARE)  # counted: email, phone, address
    assert 10.0 <= st.reached_30d_pct <= 15.0
    assert 25.0 <= st.reached_365d_pct <= 43.0
    # About half of the 30-day reach is the newsletter, the rest mostly the website.
    assert st.one_to_many_30d["sends"] == 2
    assert st.one_to_many_30d["people"] >= 0.9 * st.reached_30d
    o = st.one_to_one_30d
    assert o["people"] == 8 and o["calls"] + o["emails"] + o["other"] >= o["people"]
    assert len(st.top_ties) == 16
    assert abs(st.reach_top16 / 3000 - REACH_SHARE) < 0.03
    assert 4.5 <= st.knows_edges / 3000 <= 5.2
    assert st.reach["degree1"] + st.reach["degree2"] + st.reach["degree3"] <= 3000
    assert st.reach["degree2"] > 0 and st.reach["degree3"] > 0
    assert st.overdue > 0 and st.losing_touch
    assert sum(st.touches_per_week) > 50 and len(st.touches_per_week) == 52
    assert st.since == 1991


def test_demo_people_look_real(mid):
    store, summary, _ = mid
    with store.read() as s:
        names = list(s.scalars(select(Contact.name)))
        closeness5 = s.execute(select(func.count()).where(Contact.closeness == 5)).scalar_one()
        indirect = s.execute(select(func.count()).where(Contact.known_directly == False)  # noqa: E712
                             ).scalar_one()
        cadences = s.execute(select(func.count()).where(Contact.cadence_days != None)  # noqa: E711
                             ).scalar_one()
        one_to_many = s.execute(select(func.count()).where(Interaction.one_to_many == True)  # noqa: E712
                                ).scalar_one()
    latin = sum(all(ord(ch) < 0x250 for ch in n) for n in names)
    accented = sum(any(unicodedata.decomposition(ch) for ch in n) for n in names)
    assert 0.8 * len(names) < latin < len(names)  # mostly Latin, some other scripts
    assert accented > 50
    assert closeness5 == 16
    assert indirect == round(3000 * 0.09)
    assert 10 <= cadences <= 60
    assert one_to_many == 36 + 24
    assert summary.endorsements > 0 and summary.introductions > 0


def test_progress_reaches_the_end(tmp_path):
    seen = []
    build_demo(fresh(tmp_path), contacts=150, seed=1, progress=lambda d, t: seen.append((d, t)))
    assert seen[0][0] == 0 and seen[-1] == (100, 100)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_refuses_a_rolodex_with_contacts(tmp_path):
    from rolodex.core.records.contacts import ContactIn, add_contact

    store = fresh(tmp_path)
    add_contact(store, ContactIn(name="Me Myself"))
    with pytest.raises(RolodexError, match="already has 1 contact;"):
        build_demo(store, contacts=150)
    assert count_contacts(store, include_archived=True) == 1
    build_demo(store, contacts=150, replace=True)
    assert count_contacts(store, include_archived=True) == 150


def test_a_failure_leaves_nothing(tmp_path, monkeypatch):
    import rolodex.demo.write as write

    real = write.insert

    def failing(table):
        if table.name == "endorsement":
            raise RuntimeError("disk on fire")
        return real(table)

    monkeypatch.setattr(write, "insert", failing)
    store = fresh(tmp_path)
    with pytest.raises(RuntimeError):
        build_demo(store, contacts=150)
    with store.read() as s:
        assert s.execute(select(func.count()).select_from(Knows)).scalar_one() == 0
        assert s.execute(select(func.count()).select_from(Interaction)).scalar_one() == 0
    assert count_contacts(store, include_archived=True) == 0


def test_too_small(tmp_path):
    from rolodex.core.errors import UsageError

    with pytest.raises(UsageError, match="at least 100"):
        build_demo(fresh(tmp_path), contacts=10)


def test_skills_vocabulary_has_a_thousand_real_skills():
    from rolodex.core.text import vocab_key
    from rolodex.demo.vocab import load_vocab

    v = load_vocab()
    assert len({vocab_key(s) for s in v.all_skills}) >= 1000
    assert "Kubernetes" in v.all_skills and "Negotiation" in v.all_skills
    assert len(v.cities) > 100 and len(v.tags) > 100


@pytest.mark.skipif(not os.environ.get("ROLODEX_SLOW"), reason="set ROLODEX_SLOW=1 (~30 s)")
def test_article_size_figures(tmp_path):
    store = fresh(tmp_path)
    build_demo(store)
    st = compute_stats(store)
    assert st.contacts == ARTICLE_CONTACTS and st.confirmed == 25_265
    assert st.one_to_one_30d == {"calls": 30, "emails": 159, "other": 140, "people": 57}
    assert abs(st.reach_top16 - 27_300) < 500
    assert 10 <= st.reached_30d_pct <= 15 and 25 <= st.reached_365d_pct <= 43
    print(json.dumps(st.to_json()))


def test_same_demo_same_stats_on_sqlite_and_postgresql(store, tmp_path):
    """``store`` is SQLite or PostgreSQL (conftest); both hold the same demo."""
    build_demo(store, contacts=300, seed=9)
    ref = fresh(tmp_path, "ref.db")
    build_demo(ref, contacts=300, seed=9)
    assert compute_stats(store).to_json() == compute_stats(ref).to_json()
    # The id sequence still works after the demo gave interaction ids itself.
    from rolodex.core.records.interactions import log_interaction

    iid = log_interaction(store, "call", [1], "after the demo")
    with store.read() as s:
        assert iid == s.execute(select(func.max(Interaction.id))).scalar_one()


def _brute_top(store, top=16):
    """The 16 strongest direct ties by rolodex.core.ties.me_tie over every contact."""
    from rolodex.core.db.models import Participant
    from rolodex.core.ties import me_tie

    touches: dict[int, list] = {}
    with store.read() as s:
        people = s.execute(select(Contact.id, Contact.closeness)
                           .where(Contact.known_directly == True,  # noqa: E712
                                  Contact.archived == False)).all()  # noqa: E712
        for cid, kind, at in s.execute(
                select(Participant.contact_id, Interaction.kind, Interaction.at)
                .join(Interaction, Interaction.id == Participant.interaction_id)
                .where(Interaction.one_to_many == False, Interaction.at <= NOW)):  # noqa: E712
            touches.setdefault(cid, []).append((kind, at))
    ties = {cid: me_tie(touches.get(cid, []), NOW, close) for cid, close in people}
    return sorted(ties, key=lambda c: (-ties[c], c))[:top]


def test_top_ties_match_every_contact_scored(mid, tmp_path):
    store, _summary, st = mid
    assert st.top_ties == _brute_top(store)
    # Without the inner circle's closeness, and a floor of 0.8 on twenty others, the
    # shortcut (floors and ceilings) still finds the same 16 as scoring everyone.
    other = fresh(tmp_path)
    build_demo(other, contacts=600, seed=4)
    with other.tx() as s:
        s.execute(Contact.__table__.update().values(closeness=None))
        s.execute(Contact.__table__.update().where(Contact.id % 30 == 0).values(closeness=4))
    assert compute_stats(other).top_ties == _brute_top(other)
