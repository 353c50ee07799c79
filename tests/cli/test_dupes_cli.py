"""rolodex dupes through typer's CliRunner: list with evidence, merge, keep (remembered)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path):
    f = tmp_path / "people.csv"
    f.write_text("Name,Company,Email,Phone\nJohn Smith,Acme,john@acme.example,\n"
                 "John Smith,Acme,jsmith@home.example,+1 555 0100 999\n"
                 "Mia Wong,Globex,mia@globex.example,\nMia Wong,Initech,,\n")
    path = str(tmp_path / "r.db")
    code, out, _ = run("import", "csv", f, "--db", path)
    assert code == 0
    assert out == ("people.csv: added 4, merged 0, skipped 0, 2 possible duplicates to review "
                   "(UTF-8)\nreview them: rolodex dupes\n")
    return path


def test_list_shows_both_cards_and_the_evidence(db):
    code, out, _ = run("dupes", "--db", db)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == ("#1 John Smith (Acme)  /  #2 John Smith (Acme)  (for: same name, same "
                        "company Acme; against: different emails: john@acme.example / "
                        "jsmith@home.example)")
    assert lines[1].startswith("#3 Mia Wong (Globex)  /  #4 Mia Wong (Initech)  (for: same "
                               "name; against: different companies")
    assert lines[-1] == "2 to review: rolodex dupes merge A B, rolodex dupes keep A B"
    code, out, _ = run("dupes", "--json", "--db", db)
    data = json.loads(out)
    assert [(p["a"]["id"], p["b"]["id"]) for p in data] == [(1, 2), (3, 4)]
    assert data[0]["b"]["phones"] == ["+1 555 0100 999"]


def test_merge_keeps_everything_of_both_and_closes_the_pair(db):
    code, out, _ = run("dupes", "merge", "#1", "#2", "--db", db)
    assert code == 0 and out.startswith("merged #2 into #1: 1 emails, 1 phones")
    code, out, _ = run("show", "#1", "--json", "--db", db)
    p = json.loads(out)
    assert p["emails"] == ["john@acme.example", "jsmith@home.example"]
    assert p["phones"] == ["+1 555 0100 999"]
    _, out, _ = run("dupes", "--json", "--db", db)
    assert [(p["a"]["id"], p["b"]["id"]) for p in json.loads(out)] == [(3, 4)]


def test_keep_is_remembered_and_never_suggested_again(db, tmp_path):
    code, out, _ = run("dupes", "keep", "#4", "#3", "--db", db)
    assert (code, out) == (0, "kept #4 and #3 apart; they will not be suggested again\n")
    again = tmp_path / "again.csv"
    again.write_text("Name,Company\nMia Wong,Initech\n")
    code, out, _ = run("import", "csv", again, "--db", db)
    assert out == "again.csv: added 0, merged 0, skipped 1, matched 1 by same record (UTF-8)\n"
    _, out, _ = run("dupes", "--json", "--db", db)
    assert [(p["a"]["id"], p["b"]["id"]) for p in json.loads(out)] == [(1, 2)]


def test_bad_usage_and_unknown_contacts(db):
    code, _, err = run("dupes", "fold", "#1", "#2", "--db", db)
    assert (code, err) == (2, "rolodex: dupes 'fold': use merge A B or keep A B\n")
    code, _, err = run("dupes", "keep", "#1", "--db", db)
    assert code == 2 and "needs two contacts" in err
    code, _, err = run("dupes", "keep", "#1", "#99", "--db", db)
    assert (code, err) == (1, "rolodex: no contact #99\n")
    code, _, err = run("dupes", "merge", "#1", "#1", "--db", db)
    assert code == 2 and err == "rolodex: cannot merge a contact with itself\n"
