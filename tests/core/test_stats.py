"""rolodex.core.stats on a hand-built rolodex whose answers are known, on SQLite and
PostgreSQL (the ``store`` fixture). Now is 2026-11-26 10:00 (conftest's fixed clock)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact, edit_contact
from rolodex.core.records.interactions import log_interaction
from rolodex.core.records.links import link
from rolodex.core.stats import compute_stats, describe

NOW = datetime(2026, 11, 26, 10, 0, 0)
FULL = {"emails": ["x@example.com"], "phones": ["+1 555 0100"], "address": "1 Main St"}


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def person(store, name: str, *, full: bool = True, through: int | None = None, **kw) -> int:
    data = ContactIn(name=name, **({k: (list(v) if isinstance(v, list) else v)
                                    for k, v in FULL.items()} if full else {}), **kw)
    return add_contact(store, data, through=through)


@pytest.fixture
def tiny(store):
    """A: close friend; B: customer; C: incomplete card; G: newsletter only;
    D known through A, E known through D, X met at a meeting with B; H archived."""
    ids = {}
    ids["A"] = person(store, "Ada Adler", cadence_days=30)
    ids["B"] = person(store, "Bea Brandt")
    ids["C"] = person(store, "Cy Chu", full=False, emails=["cy@example.com"], cadence_days=30)
    ids["G"] = person(store, "Gil Gómez")
    ids["D"] = person(store, "Dora Diaz", full=False, through=ids["A"])
    ids["E"] = person(store, "Eli Ek", full=False, through=ids["D"])
    ids["X"] = person(store, "Xu Xin", full=False, known_directly=False)
    ids["F"] = person(store, "Fay Fox", full=False, known_directly=False)  # tied to nobody
    ids["H"] = person(store, "Hal Hope")
    link(store, ids["H"], ids["E"])  # archived below: must not make E degree 2
    log_interaction(store, "call", [ids["A"]], "catch-up", at=ago(2))
    log_interaction(store, "call", [ids["A"]], "old call", at=ago(400))
    log_interaction(store, "email", [ids["B"]], "renewal", at=ago(10))
    log_interaction(store, "meeting", [ids["B"], ids["X"]], "workshop", at=ago(20))
    log_interaction(store, "email", [ids["C"]], "hello", at=ago(40))
    log_interaction(store, "email", [ids["A"], ids["B"], ids["C"], ids["G"], ids["H"]],
                    "Newsletter", at=ago(5), one_to_many=True)
    log_interaction(store, "note", [ids["H"]], "archived later", at=ago(3))
    archive_contact(store, ids["H"])
    return ids


def test_counts_and_reach_windows(store, tiny):
    st = compute_stats(store)
    assert st.now == NOW
    assert st.contacts == 8  # H is archived
    assert st.confirmed == 3  # A, B, G (C lacks phone and address; H archived)
    assert st.reached_30d == 3 and st.reached_365d == 3  # C is not confirmed
    assert st.reached_30d_pct == 100.0
    # The note with archived H counts as an interaction, H not as a person.
    assert st.one_to_one_30d == {"calls": 1, "emails": 1, "other": 2, "people": 3}
    assert st.one_to_many_30d == {"sends": 1, "people": 3}
    assert st.since == 2026


def test_reach_windows_exclude_the_future_and_the_old(store, tiny):
    log_interaction(store, "call", [tiny["G"]], "tomorrow", at=NOW + timedelta(days=1))
    log_interaction(store, "call", [tiny["G"]], "long ago", at=ago(366))
    st = compute_stats(store)
    assert st.reached_365d == 3
    assert st.one_to_one_30d["calls"] == 1


def test_degrees(store, tiny):
    st = compute_stats(store)
    # degree 1: A B C G; degree 2: D (knows A), X (met B); degree 3: E (knows D); F: none
    assert st.reach == {"degree1": 4, "degree2": 2, "degree3": 1}
    assert st.knows_edges == 2  # A-D, D-E (H-E is archived)


def test_top_ties_follow_the_log_then_closeness(store, tiny):
    # B: email 10 days ago + meeting 20 days ago beats A's two calls.
    st = compute_stats(store, top=1)
    assert st.top_ties == [tiny["B"]]
    assert st.reach_top16 == 1  # X only
    edit_contact(store, tiny["A"], closeness=5)
    st = compute_stats(store, top=1)
    assert st.top_ties == [tiny["A"]]
    assert st.reach_top16 == 2  # D, then E
    st = compute_stats(store, top=2)
    assert set(st.top_ties) == {tiny["A"], tiny["B"]}
    assert st.reach_top16 == 3  # D, X, E
    assert compute_stats(store).reach_top16 == 3  # all four direct ties


def test_overdue_and_losing_touch(store, tiny):
    st = compute_stats(store)
    assert st.overdue == 1
    assert [r["name"] for r in st.losing_touch] == ["Cy Chu"]
    assert st.losing_touch[0]["days_overdue"] == 10


def test_touches_per_week(store, tiny):
    st = compute_stats(store)
    assert len(st.touches_per_week) == 52
    weeks = st.touches_per_week
    assert weeks[51] == 2  # call 2 days ago, note 3 days ago (the newsletter does not count)
    assert weeks[50] == 1 and weeks[49] == 1 and weeks[46] == 1
    assert sum(weeks) == 5


def test_empty_rolodex(store):
    st = compute_stats(store)
    assert st.contacts == 0 and st.reached_30d_pct == 0.0 and st.reach_top16 == 0
    assert st.touches_per_week == [0] * 52
    assert describe(st)[0].startswith("0 contacts")


def test_describe_says_it_in_words(store, tiny):
    text = "\n".join(describe(compute_stats(store, top=2)))
    assert "8 contacts since 2026; 3 confirmed" in text
    assert "1 call, 1 email and 2 other activities with 3 people" in text
    assert "my 2 closest connections give me access to 3 people" in text
    assert "Cy Chu: 10 days overdue" in text


def _reach_from_every_edge(store) -> tuple[dict, int, int]:
    """The reach by the definitions, from every tie at once (the oracle): degree 2 and 3
    by breadth over every live knows-edge and one-to-one meeting, the knows-edges counted
    whole."""
    import sqlite3

    con = sqlite3.connect(store.path)
    people = con.execute("SELECT id, known_directly, archived FROM contact").fetchall()
    live = {c for c, _k, a in people if not a}
    direct = {c for c, k, a in people if k and not a}
    ties: dict[int, set[int]] = {c: set() for c in live}
    knows = [(a, b) for a, b in con.execute("SELECT a_id, b_id FROM knows")
             if a in live and b in live]
    meetings: dict[int, list[int]] = {}
    for iid, cid in con.execute(
            "SELECT p.interaction_id, p.contact_id FROM interaction_participant p JOIN "
            "interaction i ON i.id = p.interaction_id WHERE i.kind = 'meeting' "
            "AND NOT i.one_to_many"):
        if cid in live:
            meetings.setdefault(iid, []).append(cid)
    con.close()
    pairs = knows + [(a, b) for who in meetings.values() for a in who for b in who if a != b]
    for a, b in pairs:
        ties[a].add(b)
        ties[b].add(a)
    d2 = {n for c in direct for n in ties[c]} - direct
    d3 = {n for c in d2 for n in ties[c]} - direct - d2
    return {"degree1": len(direct), "degree2": len(d2), "degree3": len(d3)}, len(knows), ties


@pytest.mark.parametrize("seed", range(6))
def test_reach_read_by_the_few_equals_the_reach_over_every_edge(tmp_path, seed):
    """stats reads only the ties of the people I do not know directly and of the top 16's
    neighbourhood (core/stats.py); on random rolodexes (a third not known directly, some
    archived, knows-edges and meetings of every size) that gives what a search over every
    tie gives."""
    import random

    from rolodex.core.db.store import Store

    rnd = random.Random(seed)
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", clock=lambda: NOW)
    ids = [person(store, f"P{i} Q{i}", full=False, known_directly=rnd.random() > 0.35,
                  closeness=rnd.choice([None, None, 3, 5])) for i in range(60)]
    for _ in range(90):
        a, b = rnd.sample(ids, 2)
        link(store, a, b)
    for _ in range(25):
        who = rnd.sample(ids, rnd.randint(1, 5))
        log_interaction(store, rnd.choice(["meeting", "meeting", "call"]), who, "x",
                        at=ago(rnd.randint(1, 300)), one_to_many=rnd.random() < 0.2)
    for cid in rnd.sample(ids, 6):
        archive_contact(store, cid)
    st = compute_stats(store, top=4)
    reach, knows, ties = _reach_from_every_edge(store)
    assert st.reach == reach and st.knows_edges == knows
    seeds = set(st.top_ties)
    hop1 = {n for c in seeds for n in ties[c]} - seeds
    hop2 = {n for c in hop1 for n in ties[c]} - seeds - hop1
    assert st.reach_top16 == len(hop1) + len(hop2)
    store.close()
