"""build_around (the one-shot CLI's partial load) answers exactly like a full build."""

from __future__ import annotations

import pytest

from rolodex.core.network.graph import Network
from rolodex.core.network.introducer import build_around, who_can

QUERIES = ["python", "sales manager", "kubernets", "berlin", "gardening", "cooking",
           "python developer berlin", "accounting"]


def answers(store, network, query, hops):
    return [(r.target, round(r.score, 12), [(h.id, h.why) for h in r.path], r.matched, r.why)
            for r in who_can(store, network, query, hops=hops, limit=15)]


@pytest.fixture
def demo(store):
    from rolodex.demo import build_demo

    build_demo(store, contacts=300, seed=7)
    return store


def test_partial_build_gives_the_full_answers(demo):
    full = Network.build(demo, follow=False)
    compared = 0
    for query in QUERIES:
        for hops in (1, 2, 3):
            local = build_around(demo, query, hops)
            want = answers(demo, full, query, hops)
            assert answers(demo, local, query, hops) == want, (query, hops)
            compared += len(want)
    assert compared > 50


def test_partial_build_reads_less_for_a_narrow_query(demo):
    full = Network.build(demo, follow=False)
    rare = min((e.key for e in full.vocab.entries if e.field == "skill" and len(e.ids) == 2
                and len(e.key) > 5), default=None)
    assert rare is not None
    local = build_around(demo, rare, 2)
    assert 0 < local.G.number_of_edges() < full.G.number_of_edges() / 3
    assert answers(demo, local, rare, 2) == answers(demo, full, rare, 2)


def test_a_capped_broad_query_keeps_exact_scores(demo):
    """With the cap hit, every person found still has their full-build score and path, and
    people I know directly are all scored (those matching every part first)."""
    full = Network.build(demo, follow=False)
    for query in ("sales manager", "python", "berlin"):
        every = who_can(demo, full, query, limit=10 ** 6)
        whole = {r.target["id"] for r in every if r.full}
        want = {r.target["id"]: (round(r.score, 12), [h.id for h in r.path]) for r in every}
        local = build_around(demo, query, 3, limit=8, cap=3)
        got = who_can(demo, local, query, limit=8)
        assert got, query
        assert sum(1 for r in got if r.introducer is not None) <= 3
        for r in got:
            assert want[r.target["id"]] == (round(r.score, 12), [h.id for h in r.path])
        direct = [t for t, (_, path) in want.items() if len(path) == 1]
        assert [r.target["id"] for r in got if r.introducer is None] == [
            t for t in sorted(direct, key=lambda t: (t not in whole, -want[t][0]))][:len(
                [r for r in got if r.introducer is None])]


def test_live_values_are_the_distinct_values_of_live_contacts(store):
    from rolodex.core.db.models import Contact
    from rolodex.core.network.vocab import live_values
    from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact

    for name, company, archived in [("A", "Acme", False), ("B", "Acme", True),
                                    ("C", "Gone Ltd", True), ("D", "", False),
                                    ("E", "Beta", False), ("F", "Beta", False),
                                    ("G", "Zeta", True), ("H", "Zeta", False)]:
        cid = add_contact(store, ContactIn(name=name, company=company))
        if archived:
            archive_contact(store, cid)
    with store.read() as s:
        conn = s.connection()
        assert live_values(conn, Contact.company) == ["", "Acme", "Beta", "Zeta"]
        want = sorted({c for (c,) in conn.execute(
            Contact.__table__.select().with_only_columns(Contact.company)
            .where(Contact.archived == False))})  # noqa: E712
        assert live_values(conn, Contact.company) == want


def test_set_pairs_is_set_pair_for_each(store):
    net, one = Network(store), Network(store)
    for n in (net, one):
        n.add_contacts(range(1, 7))
        n.set_pair(1, 2, 3, 0, 0)  # already there: zero parts take it away
        n.set_pair(2, 3, 0, 1, 0)
    pairs = [(1, 2, 0, 0, 0), (2, 3, 0, 2, 1), (3, 4, 5, 0, 0), (4, 4, 1, 0, 0),
             (5, 99, 1, 0, 0), (5, 6, 0, 0, 1), (1, 6, 0, 0, 0)]
    net.set_pairs(iter(pairs))
    for p in pairs:
        one.set_pair(*p)
    assert sorted((a, b, dict(d)) for a, b, d in net.G.edges(data=True)) == \
        sorted((a, b, dict(d)) for a, b, d in one.G.edges(data=True))
    assert not net.G.has_edge(1, 2) and net.G.has_edge(3, 4)
