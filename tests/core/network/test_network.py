"""Network: ties, incremental updates equal a fresh build, company cap, and the
max-product property (hypothesis)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolodex.core.network.explain import explain
from rolodex.core.network.graph import COMPANY_MAX, ME, Network, pair_weight
from rolodex.core.records.bulk import bulk_insert_contacts
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact, edit_contact
from rolodex.core.records.endorsements import endorse
from rolodex.core.records.interactions import delete_interaction, log_interaction
from rolodex.core.records.links import link, unlink

NOW = datetime(2026, 11, 26, 10, 0)  # the fixed clock of tests/conftest.py


def snapshot(net: Network):
    edges = sorted((str(min(a, b, key=str)), str(max(a, b, key=str)), round(d["w"], 9),
                    d.get("k"), d.get("m"), d.get("c")) for a, b, d in net.G.edges(data=True))
    vocab = {q: {cid: round(v, 9) for cid, v in net.vocab.match(q).scores.items()}
             for q in ("kubernetes", "acme", "python", "berlin", "initech")}
    return sorted(net.G.nodes, key=str), edges, vocab


def add(store, name, **kw):
    return add_contact(store, ContactIn(name=name, **kw))


def test_me_ties_follow_the_formula(store):
    a = add(store, "Alice", closeness=4)
    b = add(store, "Bob")
    c = add(store, "Cy", known_directly=False)
    log_interaction(store, "call", [b], at=NOW - timedelta(days=180))
    log_interaction(store, "email", [b], at=NOW, one_to_many=True)
    net = Network.build(store, follow=False)
    assert net.tie(ME, a) == 0.8
    assert math.isclose(net.tie(ME, b), 1 - math.exp(-0.35))
    assert net.tie(ME, c) == 0.0 and c in net
    assert "closeness 4/5" in explain(net, ME, a)


def test_contact_ties_knows_meetings_company(store):
    a = add(store, "Alice", company="Acme")
    b = add(store, "Bob", company="acme")
    c = add(store, "Cy")
    d = add(store, "Di")
    link(store, a, c, 2, "school")
    log_interaction(store, "meeting", [c, d, a], at=NOW - timedelta(days=1))
    log_interaction(store, "meeting", [c, d], at=NOW - timedelta(days=2))
    log_interaction(store, "meeting", [c, d], at=NOW - timedelta(days=3))
    net = Network.build(store, follow=False)
    assert net.tie(a, b) == 0.15
    assert math.isclose(net.tie(a, c), 0.4 + 0.3)
    assert net.tie(c, d) == 0.6  # three meetings, capped at two
    assert net.tie(b, c) == 0.0
    assert "3 shared meetings" in explain(net, c, d)
    assert explain(net, a, b) == "0.15: both at Acme"
    assert pair_weight(5, 2, 1) == 1.0


def test_incremental_updates_equal_a_fresh_build(store):
    a = add(store, "Alice", company="Acme", skills=["Python"])
    b = add(store, "Bob", company="Initech", known_directly=False)
    c = add(store, "Cy", location="Berlin")
    net = Network.build(store)  # follows the store
    iid = log_interaction(store, "meeting", [a, b, c], at=NOW - timedelta(days=3))
    assert snapshot(net) == snapshot(Network.build(store, follow=False))
    link(store, a, b, 4, "ex-colleagues")
    d = add_contact(store, ContactIn(name="Di", skills=["Kubernetes"]), through=c)
    assert snapshot(net) == snapshot(Network.build(store, follow=False))
    edit_contact(store, b, company="Acme", known_directly=True, skills=["Kubernetes"])
    endorse(store, d, "Kubernetes", by_id=a)
    assert snapshot(net) == snapshot(Network.build(store, follow=False))
    delete_interaction(store, iid)
    unlink(store, a, b)
    archive_contact(store, c)
    assert snapshot(net) == snapshot(Network.build(store, follow=False))
    archive_contact(store, c, archived=False)
    assert snapshot(net) == snapshot(Network.build(store, follow=False))
    assert net.tie(c, d) == 0.6


def test_company_ties_only_in_small_companies(store):
    with store.tx() as s:
        ids = bulk_insert_contacts(
            s, [ContactIn(name=f"Staff {i}", company="Bigco") for i in range(COMPANY_MAX + 1)],
            store.now())
    net = Network.build(store)
    assert net.G.degree(ids[0]) == 1  # only me
    archive_contact(store, ids[-1])
    assert net.tie(ids[0], ids[1]) == 0.15
    assert snapshot(net) == snapshot(Network.build(store, follow=False))
    edit_contact(store, ids[-1], company="Bigco")
    archive_contact(store, ids[-1], archived=False)
    assert net.tie(ids[0], ids[1]) == 0.0
    assert snapshot(net) == snapshot(Network.build(store, follow=False))


def test_events_during_the_build_are_applied_after(sqlite_store):
    a = add(sqlite_store, "Alice")
    net = Network(sqlite_store)
    net._pending = []
    sqlite_store.subscribe(net._on_event)
    log_interaction(sqlite_store, "call", [a], at=NOW)  # arrives while "building"
    with net.lock:
        net._load()
    before = net.tie(ME, a)
    net._drain()
    assert net._pending is None
    assert net.tie(ME, a) == before
    log_interaction(sqlite_store, "call", [a], at=NOW)
    assert net.tie(ME, a) > before


def test_unknown_bulk_event_marks_stale_and_who_can_reloads(sqlite_store):
    from rolodex.core.network.introducer import who_can

    net = Network.build(sqlite_store)
    with sqlite_store.tx() as s:
        bulk_insert_contacts(s, [ContactIn(name="Raj", skills=["Go"])], sqlite_store.now())
    sqlite_store.notify("import", None)
    assert net.stale
    net.stale = False
    sqlite_store.notify("contact", list(range(1, 302)))  # an import's worth: reload later
    assert net.stale
    assert [r.target["name"] for r in who_can(sqlite_store, net, "go")] == ["Raj"]
    assert not net.stale


# -- property: strengthening a tie on a result's path never lowers its score -------------
edges_st = st.lists(st.tuples(st.integers(1, 8), st.integers(1, 8), st.integers(1, 5)),
                    max_size=20)
me_st = st.dictionaries(st.integers(1, 8), st.floats(0.05, 1.0), max_size=8)


def random_network(store, edges, mine) -> Network:
    """Contacts 1-8: my ties ``mine`` (id -> weight) and knows-edges ``edges`` (a, b, k)."""
    net = Network(store)
    net.add_contacts(range(1, 9))
    for cid, w in mine.items():
        net.set_my_tie(cid, w)
    for a, b, k in edges:
        net.set_pair(a, b, k, 0, 0)
    return net


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edges=edges_st, mine=me_st, hops=st.integers(1, 4), pick=st.integers(0, 10 ** 6),
       boost=st.floats(0.0, 1.0))
def test_strengthening_a_tie_on_the_path_never_lowers_the_score(
        sqlite_store, edges, mine, hops, pick, boost):
    net = random_network(sqlite_store, edges, mine)
    found = net.best_paths(range(1, 9), hops)
    if not found:
        return
    t = sorted(found)[pick % len(found)]
    score, path = found[t]
    nodes = [ME, *path]
    assert len(path) <= hops and len(set(nodes)) == len(nodes)
    hops_w = [net.tie(x, y) for x, y in zip(nodes, nodes[1:], strict=False)]
    assert math.isclose(score, math.prod(hops_w))
    i = pick % len(path)
    x, y = nodes[i], nodes[i + 1]
    if x == ME:
        w = net.tie(ME, y)
        net.set_my_tie(y, w + (1 - w) * boost)
    else:
        k, m, c = net.parts(x, y)
        net.set_pair(x, y, min(5, k + 1 + int(boost * 3)), m, c)
    assert net.best_paths([t], hops)[t][0] >= score - 1e-12


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edges=edges_st, mine=me_st, hops=st.integers(1, 4))
def test_backward_search_finds_the_max_product_path(sqlite_store, edges, mine, hops):
    import networkx as nx

    net = random_network(sqlite_store, edges, mine)
    found = net.best_paths(range(1, 9), hops)
    for t in range(1, 9):
        if t in mine:
            assert found[t] == (mine[t], [t])
            continue
        best = max((math.prod(net.G[x][y]["w"] for x, y in zip(p, p[1:], strict=False))
                    for p in nx.all_simple_paths(net.G, ME, t, cutoff=hops)), default=0.0)
        assert math.isclose(found.get(t, (0.0, []))[0], best)
