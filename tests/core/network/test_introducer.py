"""who_can on hand-built networks with known answers (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rolodex.core.network.explain import explain
from rolodex.core.network.graph import Network
from rolodex.core.network.introducer import group_by_introducer, who_can
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact
from rolodex.core.records.endorsements import endorse
from rolodex.core.records.interactions import log_interaction
from rolodex.core.records.links import link

NOW = datetime(2026, 11, 26, 10, 0)  # the fixed clock of tests/conftest.py


def person(store, name, *, direct=True, skills=(), **kw):
    return add_contact(store, ContactIn(name=name, known_directly=direct, skills=list(skills),
                                        **kw))


def calls(store, cid, n, days_ago=3):
    for i in range(n):
        log_interaction(store, "call", [cid], "catch-up", at=NOW - timedelta(days=days_ago + i))


def names(results):
    return [r.target["name"] for r in results]


def test_strong_two_hop_beats_dormant_one_hop(store):
    alice = person(store, "Alice Wong")
    bob = person(store, "Bob Stone", direct=False)
    dora = person(store, "Dora Dormant")
    raj = person(store, "Raj Patel", direct=False, skills=["Kubernetes"])
    calls(store, alice, 8)
    log_interaction(store, "email", [dora], at=NOW - timedelta(days=5 * 365))
    link(store, alice, bob, 5)
    link(store, bob, raj, 5)
    link(store, dora, raj, 5)
    net = Network.build(store)
    [r] = who_can(store, net, "kubernetes")
    assert [h.name for h in r.path] == ["Alice Wong", "Bob Stone", "Raj Patel"]
    assert r.introducer.name == "Alice Wong"
    assert r.score > net.tie("me", dora) * net.tie(dora, raj) * r.match
    assert abs(r.score - net.tie("me", alice) * 1.0 * 1.0 * r.match) < 1e-9


def test_strong_direct_contact_ranks_first_without_introducer(store):
    alice = person(store, "Alice Wong")
    raj = person(store, "Raj Patel", direct=False, skills=["Kubernetes"])
    kim = person(store, "Kim Lee", skills=["Kubernetes"])
    calls(store, alice, 3)
    calls(store, kim, 10)
    link(store, alice, raj, 4)
    net = Network.build(store)
    results = who_can(store, net, "Kubernetes")
    assert names(results) == ["Kim Lee", "Raj Patel"]
    assert results[0].introducer is None and [h.id for h in results[0].path] == [kim]
    assert abs(results[0].score - net.tie("me", kim) * results[0].match) < 1e-9
    assert "directly" in results[0].why
    groups = group_by_introducer(results)
    assert [g.introducer.id if g.introducer else None for g in groups] == [None, alice]


def test_hops_bound_the_path(store):
    alice = person(store, "Alice Wong")
    bob = person(store, "Bob Stone", direct=False)
    raj = person(store, "Raj Patel", direct=False, skills=["Go"])
    calls(store, alice, 2)
    link(store, alice, bob, 4)
    link(store, bob, raj, 4)
    net = Network.build(store)
    assert names(who_can(store, net, "go", hops=3)) == ["Raj Patel"]
    assert who_can(store, net, "go", hops=2) == []
    assert who_can(store, net, "go", hops=1) == []
    assert names(who_can(store, net, "go", hops=2, limit=1)) == []
    link(store, alice, raj, 2)
    assert [h.id for h in who_can(store, net, "go", hops=2)[0].path] == [alice, raj]


def test_typo_matches_unrelated_word_does_not(store):
    alice = person(store, "Alice Wong", skills=["Kubernetes"], title="Site Reliability Engineer")
    person(store, "Jo Script", skills=["JavaScript"])
    calls(store, alice, 1)
    net = Network.build(store)
    assert names(who_can(store, net, "kubernets")) == ["Alice Wong"]
    assert names(who_can(store, net, "kuber")) == ["Alice Wong"]
    assert who_can(store, net, "accounting") == []
    assert who_can(store, net, "cooking") == []
    assert names(who_can(store, net, "java")) == []
    assert names(who_can(store, net, "reliability engineer")) == ["Alice Wong"]


def test_fields_are_weighted_and_words_combine(store):
    a = person(store, "Ana Skill", skills=["Python"], location="Berlin")
    b = person(store, "Ben Title", title="Python Developer", location="Berlin")
    c = person(store, "Cy Company", company="Python Software Foundation")
    d = person(store, "Dee Elsewhere", skills=["Python"], location="Lisbon")
    for cid in (a, b, c, d):
        calls(store, cid, 2)
    net = Network.build(store)
    m = {r.target["name"]: r.match for r in who_can(store, net, "python")}
    assert m["Ana Skill"] > m["Ben Title"] > m["Cy Company"]
    res = who_can(store, net, "python developer berlin")
    assert names(res)[:2] == ["Ben Title", "Ana Skill"] or names(res)[:2] == [
        "Ana Skill", "Ben Title"]
    both = {r.target["name"]: r for r in res}
    assert both["Ana Skill"].match > both["Dee Elsewhere"].match
    assert "Berlin" in both["Ana Skill"].matched


def test_endorsements_raise_a_match(store):
    alice = person(store, "Alice Wong")
    p1 = person(store, "Pat One", direct=False, skills=["Rust"])
    p2 = person(store, "Pat Two", direct=False, skills=["Rust"])
    calls(store, alice, 4)
    link(store, alice, p1, 4)
    link(store, alice, p2, 4)
    net = Network.build(store)
    before = {r.target["id"]: r.match for r in who_can(store, net, "rust")}
    assert before[p1] == before[p2]
    endorse(store, p2, "rust", by_id=alice, note="wrote our parser")
    endorse(store, p2, "Rust")
    after = who_can(store, net, "rust")
    assert [r.target["id"] for r in after] == [p2, p1]
    assert after[0].match > before[p2] and "endorsed 2 times" in after[0].why


def test_archived_people_vanish(store):
    alice = person(store, "Alice Wong")
    raj = person(store, "Raj Patel", direct=False, skills=["Kubernetes"])
    kim = person(store, "Kim Lee", skills=["Kubernetes"])
    calls(store, alice, 3)
    link(store, alice, raj, 4)
    net = Network.build(store)
    assert set(names(who_can(store, net, "kubernetes"))) == {"Raj Patel", "Kim Lee"}
    archive_contact(store, kim)
    archive_contact(store, alice)
    assert who_can(store, net, "kubernetes") == []
    assert who_can(store, Network.build(store, follow=False), "kubernetes") == []
    archive_contact(store, alice, archived=False)
    assert names(who_can(store, net, "kubernetes")) == ["Raj Patel"]


def test_names_and_skills_in_any_script(store):
    ivan = person(store, "Иван Петров", skills=["Машинное обучение"])
    mei = person(store, "王美玲", direct=False, skills=["機械学習"])
    calls(store, ivan, 2)
    link(store, ivan, mei, 5, "同僚")
    net = Network.build(store)
    [r] = who_can(store, net, "машинное обучение")
    assert r.target["name"] == "Иван Петров" and r.introducer is None
    [r] = who_can(store, net, "機械学習")
    assert r.target["name"] == "王美玲" and r.introducer.name == "Иван Петров"
    assert "同僚" in r.why
    assert names(who_can(store, net, "機械")) == ["王美玲"]
    assert names(who_can(store, net, "обучени")) == ["Иван Петров"]


def test_reasons_are_spelled_out(store):
    alice = person(store, "Alice Wong", company="Acme")
    raj = person(store, "Raj Patel", direct=False, skills=["Kubernetes"], company="Acme")
    calls(store, alice, 8, days_ago=4)
    log_interaction(store, "meeting", [alice], at=NOW - timedelta(days=20))
    link(store, alice, raj, 4, "ex-colleagues at Acme")
    net = Network.build(store)
    [r] = who_can(store, net, "kubernetes")
    assert r.path[0].why.endswith("8 calls and a meeting, last call 4 days ago")
    assert "knows (strength 4, 'ex-colleagues at Acme'); both at Acme" in r.path[1].why
    assert explain(net, "me", alice).startswith(f"{net.tie('me', alice):.2f}: 8 calls")
    assert r.path[1].tie == 0.8 + 0.15
    plain = person(store, "Nobody Yet")
    assert explain(net, "me", plain) == "0.05: no logged contact yet"


def test_limit_and_ranking_are_deterministic(store):
    alice = person(store, "Alice Wong")
    calls(store, alice, 3)
    ids = [person(store, f"Dev {i}", direct=False, skills=["SQL"]) for i in range(6)]
    for i, cid in enumerate(ids):
        link(store, alice, cid, 1 + i % 5)
    net = Network.build(store)
    res = who_can(store, net, "sql", limit=3)
    assert len(res) == 3
    assert [r.score for r in res] == sorted((r.score for r in res), reverse=True)
    assert res[0].path[-1].tie == 1.0


def test_the_profile_and_who_word_a_tie_the_same(store):
    """One wording: the contact pane says what `rolodex who` says about my tie."""
    from rolodex.core.network.introducer import tie_summary
    from rolodex.tui.profile import load_profile

    alice = person(store, "Alice Wong", closeness=5)
    raj = person(store, "Raj Patel", direct=False, skills=["Kubernetes"])
    far = person(store, "Cy Far", direct=False)
    log_interaction(store, "call", [alice], at=NOW - timedelta(days=3))
    log_interaction(store, "meeting", [alice], at=NOW - timedelta(days=9))
    link(store, alice, raj, 4)
    net = Network.build(store, follow=False)
    [r] = who_can(store, net, "kubernetes")
    said = "a meeting and a call, last call 3 days ago; closeness 5/5"
    assert r.path[0].why == f"1.00: {said}"
    assert load_profile(store, alice, NOW).tie_reason == said
    assert load_profile(store, far, NOW).tie_reason == "not known directly"
    assert tie_summary(r.introducer) == "tie 1.00, last call 3 days ago; closeness 5/5"


def test_tie_summary_words_the_reason_not_the_text(store):
    """tie_summary reads the structured reason; a 'how' with ', last ' in it is not cut."""
    from rolodex.core.network.explain import MyTie, PairTie
    from rolodex.core.network.introducer import Hop, tie_summary

    hop = Hop(1, "Alice", 0.4, "", MyTie(True, (("email", 2),), "email",
                                          NOW - timedelta(days=1), None, NOW))
    assert tie_summary(hop) == "tie 0.40, last email yesterday"
    pair = Hop(2, "Raj", 0.8, "", PairTie(4, "met at work, last seen in Rome", 0, None))
    assert tie_summary(pair) == "tie 0.80, knows (strength 4, 'met at work, last seen in Rome')"
