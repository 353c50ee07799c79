"""The command-line contract, end to end on a new database (SQLite and PostgreSQL)."""

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex import __version__
from rolodex.cli.app import app
from rolodex.core.db.store import Store

runner = CliRunner()


@pytest.fixture
def cli(db_url):
    def run(*args, ok=True):
        r = runner.invoke(app, ["--db", db_url, *args])
        if ok:
            assert r.exit_code == 0, (args, r.output)
        return r

    run.url = db_url
    return run


def counts(url) -> dict:
    s = Store(url, create=False)
    try:
        with s.engine.connect() as c:
            return {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                    for t in ("contact", "interaction", "interaction_participant", "knows",
                              "contact_email", "contact_tag")}
    finally:
        s.close()


def js(r):
    return json.loads(r.stdout)


def test_contract_round_trip(cli, tmp_path):
    assert "added #1 Zoë Ångström" in cli(
        "add", "Zoë Ångström", "--company", "Acme", "--title", "CTO", "--email", "zoe@acme.se",
        "--skill", "Kubernetes", "--tag", "vip", "--cadence", "30").output
    cli("add", "Jane Doe", "--company", "Initech", "--email", "jane@initech.com")
    assert "(through #2)" in cli("add", "Raj Patel", "--through", "jane", "--skill",
                                 "Rust").output
    r = cli("log", "call", "zoe angstrom", "-m", "Renewal, wants a demo", "--at", "-2d",
            "--json")
    logged = js(r)
    at = datetime.fromisoformat(logged["at"])
    assert abs((datetime.now() - timedelta(days=2) - at).total_seconds()) < 120
    r = cli("log", "meeting", "jnae doe", "raj", "-m", "lunch", "--at", "yesterday 13:00")
    assert "with #2, #3" in r.output
    cli("link", "zoe", "jane", "--strength", "4", "--how", "college")

    hits = js(cli("search", "kubernets", "--json"))
    assert hits[0]["name"] == "Zoë Ångström"
    assert set(hits[0]) == {"id", "name", "company", "title", "score"}
    assert 0 < hits[0]["score"] <= 100
    assert js(cli("search", "zoe angstrom", "--json"))[0]["score"] == 100
    assert "Jane Doe" in cli("search", "jane").output

    p = js(cli("show", "zoe", "--json"))
    for key in ("id", "name", "company", "title", "emails", "phones", "skills", "tags", "tie",
                "interactions", "knows"):
        assert key in p
    assert p["emails"] == ["zoe@acme.se"] and p["skills"] == ["Kubernetes"]
    assert p["tags"] == ["vip"] and p["cadence"] == "ok"
    assert p["interactions"][0]["kind"] == "call"
    assert p["interactions"][0]["summary"] == "Renewal, wants a demo"
    assert 0.05 < p["tie"] < 1
    assert [k["name"] for k in p["knows"]] == ["Jane Doe"] and p["knows"][0]["strength"] == 4
    raj = js(cli("show", "raj", "--json"))
    assert raj["known_directly"] is False and raj["tie"] is None
    assert raj["knows"][0]["name"] == "Jane Doe"
    assert raj["interactions"][0]["kind"] == "meeting"
    text_view = cli("show", "zoe").output
    assert "Zoë Ångström" in text_view and "Renewal, wants a demo" in text_view
    assert "knows" in text_view and "Jane Doe (4, college)" in text_view

    c = counts(cli.url)
    assert c["contact"] == 3 and c["interaction"] == 2 and c["interaction_participant"] == 3
    assert c["knows"] == 2


def test_refusals_write_nothing(cli):
    cli("add", "Jane Doe", "--company", "Acme")
    cli("add", "Jane Doe", "--company", "Initech")
    cli("add", "Zoë Ångström")
    before = counts(cli.url)
    cases = [
        (("log", "dance", "zoe"), 2, "unknown kind"),
        (("log", "call", "Quentin Zebulon"), 1, "no contact matches"),
        (("log", "call", "jane doe"), 1, "ambiguous"),
        (("log", "call", "zoe", "--at", "next blue moon"), 2, "bad time"),
        (("add", "Bad Mail", "--email", "not-an-email"), 2, "email"),
        (("add", "Bad Phone", "--phone", "call me"), 2, "phone"),
        (("add", "Nobody's Friend", "--through", "Quentin Zebulon"), 1, "no contact"),
        (("link", "zoe", "zoe"), 2, "themselves"),
        (("link", "zoe", "#1", "--strength", "9"), 2, "strength"),
        (("merge", "zoe", "zoe"), 2, "itself"),
        (("edit", "zoe"), 2, "nothing to change"),
        (("edit", "zoe", "--closeness", "7"), 2, "closeness"),
        (("add", "   "), 2, "name"),
    ]
    for args, code, words in cases:
        r = cli(*args, ok=False)
        assert r.exit_code == code, (args, r.output)
        assert words in r.output, (args, r.output)
        assert len(r.output.strip().splitlines()) == 1, (args, r.output)
        assert "Traceback" not in r.output
    r = cli("log", "call", "jane doe", ok=False)
    assert "Acme" in r.output and "Initech" in r.output
    assert counts(cli.url) == before


def test_edit_archive_and_search_follow(cli):
    cli("add", "Ada Lovelace", "--company", "Analytical")
    cli("edit", "ada", "--title", "Countess", "--tag", "pioneer", "--cadence", "14")
    p = js(cli("show", "ada", "--json"))
    assert p["title"] == "Countess" and p["tags"] == ["pioneer"] and p["cadence_days"] == 14
    assert js(cli("search", "pioneer", "--json"))[0]["name"] == "Ada Lovelace"
    cli("archive", "ada")
    assert cli("search", "ada", ok=False).exit_code == 1
    assert js(cli("search", "ada", "--json")) == []
    cli("archive", "ada", "--undo")
    assert js(cli("search", "ada", "--json"))[0]["name"] == "Ada Lovelace"


def test_merge(cli):
    cli("add", "Zoë Ångström", "--company", "Acme", "--email", "zoe@acme.se", "--tag", "vip")
    cli("add", "Zoe Angstrom", "--email", "ZOE@acme.se", "--email", "zoe@home.se", "--title",
        "CTO", "--tag", "friend", "--tag", "vip")
    cli("add", "Bob Byte")
    cli("log", "call", "#2", "-m", "old number")
    cli("log", "meeting", "#1", "#2", "-m", "both of her")
    cli("link", "#2", "bob", "--strength", "5")
    cli("link", "#1", "#2")
    r = cli("merge", "#1", "#2", "--json")
    res = js(r)
    assert res["kept"] == 1 and res["removed"] == 2 and "title" in res["filled"]
    p = js(cli("show", "#1", "--json"))
    assert p["emails"] == ["zoe@acme.se", "zoe@home.se"]
    assert p["tags"] == ["friend", "vip"] and p["title"] == "CTO"
    assert sorted(i["summary"] for i in p["interactions"]) == ["both of her", "old number"]
    assert [(k["name"], k["strength"]) for k in p["knows"]] == [("Bob Byte", 5)]
    assert cli("show", "#2", ok=False).exit_code == 1
    c = counts(cli.url)
    assert c["contact"] == 2 and c["interaction_participant"] == 2 and c["knows"] == 1


def test_backup_and_version(cli, tmp_path):
    cli("add", "Ann Backup")
    if not cli.url.startswith("sqlite"):
        r = cli("backup", str(tmp_path / "b.db"), ok=False)
        assert r.exit_code == 1 and "pg_dump" in r.output
        return
    dest = tmp_path / "copy.db"
    assert "backed up" in cli("backup", str(dest)).output
    assert dest.stat().st_mode & 0o777 == 0o600
    r = runner.invoke(app, ["--db", str(dest), "search", "ann", "--json"])
    assert json.loads(r.stdout)[0]["name"] == "Ann Backup"
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.output.strip() == f"rolodex {__version__}"


def test_mutt_query(cli):
    cli("add", "Zoë Ångström", "--company", "Acme", "--title", "CTO", "--email", "zoe@acme.se",
        "--email", "z@home.se")
    cli("add", "Jane Doe", "--email", "jane@initech.com")
    cli("add", "No Mail")
    r = cli("mutt-query", "zoe angstrom")
    lines = r.stdout.splitlines()
    assert lines[1:] == ["zoe@acme.se\tZoë Ångström\tCTO · Acme",
                         "z@home.se\tZoë Ångström\tCTO · Acme"]
    assert "initech" in cli("mutt-query", "initech").stdout
    assert "Jane Doe" in cli("mutt-query", "jnae").stdout  # a typo
    r = cli("mutt-query", "no mail", ok=False)
    assert r.exit_code == 1 and r.stdout.strip() == "no matches"


def test_add_and_edit_location_address_url_and_birthday(cli):
    cli("add", "Ada Lovelace", "--location", "London", "--birthday", "--12-10")
    cli("edit", "ada", "--address", "12 St James's Square", "--url", "https://ada.example",
        "--birthday", "18151210")
    p = js(cli("show", "ada", "--json"))
    assert (p["location"], p["address"], p["url"], p["birthday"]) == (
        "London", "12 St James's Square", "https://ada.example", "1815-12-10")
    r = cli("edit", "ada", "--birthday", "december", ok=False)
    assert r.exit_code in (1, 2) and "birthday: 'december' is not a date" in r.output
    assert js(cli("show", "ada", "--json"))["birthday"] == "1815-12-10"
