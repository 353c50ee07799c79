"""build_around (the one-shot CLI's partial load) answers exactly like a full build."""

from __future__ import annotations

import pytest

from rolodex.core.introducer import build_around, who_can
from rolodex.core.network import Network

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
