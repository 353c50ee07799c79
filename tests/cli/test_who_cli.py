"""The who / endorse / ask / intros / intro commands through typer's CliRunner."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app


@pytest.fixture
def db(tmp_path):
    """A hand-built rolodex on the real clock (the CLI's store uses it too)."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import ContactIn, add_contact
    from rolodex.core.records.interactions import log_interaction
    from rolodex.core.records.links import link

    path = tmp_path / "r.db"
    store = Store(str(path))
    now = datetime.now().replace(microsecond=0)
    alice = add_contact(store, ContactIn(name="Alice Wong", company="Acme"))
    bob = add_contact(store, ContactIn(name="Bob Stone"))
    for days in (4, 10, 20):
        log_interaction(store, "call", [alice], at=now - timedelta(days=days))
    log_interaction(store, "email", [bob], at=now - timedelta(days=900))
    for i, name in enumerate(["Raj Patel", "Mia Chen", "Lu Wei", "Ola Berg", "Kai Yu"]):
        cid = add_contact(store, ContactIn(name=name, company="Initech", title="SRE",
                                           skills=["Kubernetes"], known_directly=False))
        link(store, alice, cid, 5 - i % 2, "ex-colleagues at Acme" if i == 0 else "")
    kim = add_contact(store, ContactIn(name="Kim Lee", skills=["Kubernetes", "Go"]))
    for days in range(1, 12):
        log_interaction(store, "meeting", [kim], at=now - timedelta(days=days))
    store.close()
    return str(path)


def run(*args):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_who_text_groups_by_introducer(db):
    code, out, _ = run("who", "kubernets", "--db", db)
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("You know directly: Kim Lee, kubernets → Kubernetes (skill, 90%)")
    assert lines[1].startswith("Ask Alice Wong (tie 0.")
    assert "last call 4 days ago): Raj Patel, kubernets → Kubernetes (skill, 90%);" in lines[1]
    assert lines[1].endswith("; and 2 more")


def test_who_json_fields(db):
    code, out, _ = run("who", "kubernetes", "--json", "--limit", "3", "--db", db)
    assert code == 0
    data = json.loads(out)
    assert len(data) == 3
    first, second = data[0], data[1]
    assert set(first) == {"target", "matched", "match", "introducer", "colleague", "path",
                          "score", "why",
                          "full", "reason", "lacks", "parts"}
    assert first["full"] and first["lacks"] == []
    assert first["reason"] == "Kubernetes (skill, exact)"
    assert first["parts"] == [{"part": "Kubernetes", "matched": ["Kubernetes"],
                               "fields": ["skill"], "read_as": None, "quality": 1.0,
                               "lacks": []}]
    assert first["colleague"] is None  # no team here (tests/test_team_who.py: a team)
    assert set(first["target"]) == {"id", "name", "company", "title"}
    assert first["target"]["name"] == "Kim Lee" and first["introducer"] is None
    assert first["path"] == [{"id": first["target"]["id"], "name": "Kim Lee"}]
    assert second["introducer"]["name"] == "Alice Wong"
    assert set(second["introducer"]) == {"id", "name", "tie"}
    assert [p["name"] for p in second["path"]][0] == "Alice Wong"
    assert second["target"] == {"id": second["path"][-1]["id"], "name": "Raj Patel",
                                "company": "Initech", "title": "SRE"}
    assert data == sorted(data, key=lambda r: -r["score"])


def test_who_hops_and_nothing_found(db):
    code, out, _ = run("who", "kubernetes", "--hops", "1", "--json", "--db", db)
    assert [r["target"]["name"] for r in json.loads(out)] == ["Kim Lee"]
    code, out, _ = run("who", "cooking", "--db", db)
    assert code == 0 and out.strip() == "No one within 3 ties matches 'cooking'."
    assert json.loads(run("who", "cooking", "--json", "--db", db)[1]) == []
    code, _, err = run("who", "go", "--hops", "0", "--db", db)
    assert code == 2 and err.startswith("rolodex: --hops: 0")


def test_endorse_ask_intros_intro(db):
    code, out, _ = run("endorse", "Raj", "Kubernetes", "--by", "Alice", "-m", "great", "--db", db)
    assert code == 0 and out.strip().endswith("for Kubernetes by Alice Wong (1 endorsement)")
    data = json.loads(run("who", "kubernetes", "--json", "--db", db)[1])
    raj = next(r for r in data if r["target"]["name"] == "Raj Patel")
    assert raj["match"] > 0.9 and "endorsed 1 time" in raj["why"]
    code, out, _ = run("ask", "Alice", "Raj", "-m", "k8s migration", "--db", db)
    assert code == 0 and out.strip() == "intro #1: asked Alice Wong to introduce Raj Patel"
    code, out, _ = run("intros", "--db", db)
    assert out.strip() == "#1  Alice Wong -> Raj Patel  asked today  k8s migration"
    code, _, err = run("ask", "Alice", "Raj", "--db", db)
    assert code == 1 and "already asked" in err
    code, out, _ = run("intro", "1", "made", "--db", db)
    assert code == 0 and "you now know Raj Patel directly" in out
    assert run("intros", "--db", db)[1].strip() == "No open introduction requests."
    data = json.loads(run("who", "raj patel kubernetes", "--json", "--db", db)[1])
    assert next(r for r in data if r["target"]["name"] == "Raj Patel")["introducer"] is None
    code, _, err = run("intro", "1", "declined", "--db", db)
    assert code == 1 and "already closed" in err
    code, _, err = run("intro", "x", "made", "--db", db)
    assert code == 2
    code, _, err = run("intro", "1", "perhaps", "--db", db)
    assert code == 2
