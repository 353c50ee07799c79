"""Who can X, as a team: a colleague's shared ties (bands) start paths; sharing off
removes them at once. Connected as the members, on the real server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import psycopg
import pytest
from team_util import team_db
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core import ties
from rolodex.core.db.store import Store
from rolodex.core.network.graph import Network
from rolodex.core.network.introducer import who_can
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import log_interaction
from rolodex.core.records.links import link

pytestmark = pytest.mark.postgres
runner = CliRunner()


def _who(team, who, query):
    result = runner.invoke(app, ["who", query, "--json", "--db", team.url(who)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def team():
    """Raj (Kubernetes) and Sam (Rust, who knows Raj) are team cards; Alice has called
    and met Raj often; Bob has no log with either."""
    with team_db() as t:
        a = Store(t.url("alice"))
        raj = add_contact(a, ContactIn(name="Raj Patel", company="Acme", skills=["Kubernetes"]))
        sam = add_contact(a, ContactIn(name="Sam Ortiz", skills=["Rust"]))
        link(a, raj, sam, strength=4, how="ex-colleagues")
        for days in (3, 40, 90):
            log_interaction(a, "meeting", [raj], "sync",
                            at=datetime.now().replace(microsecond=0) - timedelta(days=days))
        t.raj, t.sam = raj, sam
        a.close()
        yield t


def test_bob_finds_raj_through_alice_once_she_shares_and_not_before(team):
    assert [r["colleague"] for r in _who(team, "bob", "kubernetes")] in ([], [None])
    with team.raw("bob") as conn:
        assert conn.execute("SELECT count(*) FROM shared_tie").fetchone() == (0,)

    result = runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
    assert result.exit_code == 0 and "1 band" in result.output, result.output

    found = _who(team, "bob", "kubernetes")
    assert found[0]["target"]["name"] == "Raj Patel"
    assert found[0]["colleague"] == {"login": team.logins["alice"], "name": "Alice Wong",
                                     "band": "strong"}
    assert found[0]["introducer"] is None
    last = datetime.now() - timedelta(days=3)  # Alice's newest meeting with Raj
    month = last.strftime("%b %Y")
    assert f"ask your colleague Alice Wong (strong tie to Raj Patel, last touch {month})" in \
        found[0]["why"]
    # two steps: Alice -> Raj -> Sam
    rust = _who(team, "bob", "rust")
    assert rust[0]["target"]["name"] == "Sam Ortiz"
    assert rust[0]["colleague"]["login"] == team.logins["alice"]
    assert [h["name"] for h in rust[0]["path"]] == ["Raj Patel", "Sam Ortiz"]
    text = runner.invoke(app, ["who", "kubernetes", "--db", team.url("bob")]).output
    assert text.startswith(f"Ask your colleague Alice Wong (strong tie to Raj Patel, last "
                           f"touch {month}): Raj Patel, Kubernetes")
    show = json.loads(runner.invoke(app, ["show", "raj", "--json", "--db",
                                          team.url("bob")]).output)
    assert show["team"] == [{"login": team.logins["alice"], "name": "Alice Wong",
                             "band": "strong", "last_touch": last.strftime("%Y-%m")}]
    assert show["tie"] is None  # Bob's own tie: he has no log with Raj
    assert show["interactions"] == []  # and Alice's log stays hers

    # the same through the full graph (the TUI's)
    b = Store(team.url("bob"))
    try:
        net = Network.build(b, follow=False)
        res = who_can(b, net, "kubernetes")
        assert res[0].colleague is not None and res[0].colleague.band == "strong"
        assert res[0].score == pytest.approx(ties.BAND_TIE["strong"] * res[0].match)
    finally:
        b.close()

    result = runner.invoke(app, ["team", "share-ties", "off", "--db", team.url("alice")])
    assert result.exit_code == 0, result.output
    with team.raw("bob") as conn:
        assert conn.execute("SELECT count(*) FROM shared_tie").fetchone() == (0,)
    assert all(r["colleague"] is None for r in _who(team, "bob", "kubernetes"))


def test_a_log_refreshes_the_band_in_the_writers_transaction(team):
    a = Store(team.url("alice"))
    try:
        runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
        log_interaction(a, "call", [team.sam], "hello")
        with team.raw("bob") as conn:
            rows = conn.execute("SELECT contact_id, band FROM shared_tie ORDER BY contact_id"
                                ).fetchall()
        assert rows == [(team.raj, "strong"), (team.sam, ties.band(ties.me_tie(
            [("call", datetime.now())], datetime.now())))]
    finally:
        a.close()


def test_members_cannot_write_bands_directly(team):
    runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
    for sql in ("INSERT INTO shared_tie VALUES (%s, %s, 'strong', '2026-11')",
                "UPDATE shared_tie SET band = 'weak' WHERE login = %s AND contact_id = %s",
                "DELETE FROM shared_tie WHERE login = %s AND contact_id = %s"):
        with team.raw("alice") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(sql, (team.logins["alice"], team.raj))
    for call in ("SELECT rolodex_refresh_ties(NULL, %s)", "SELECT rolodex_share_ties(false, %s)"):
        with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(call, (team.logins["alice"],))  # not for a colleague
    with team.raw("bob") as conn:  # functions act for the caller only
        conn.execute("SELECT rolodex_refresh_ties(NULL)")
        conn.commit()
        assert conn.execute("SELECT login FROM shared_tie").fetchall() == [
            (team.logins["alice"],)]
        fn = conn.execute("SELECT prosecdef, proconfig FROM pg_proc "
                          "WHERE proname = 'rolodex_refresh_ties'").fetchone()
        assert fn[0] and any(c.startswith("search_path=") for c in fn[1])


def test_the_database_bands_are_the_tie_models(team):
    """The SQL the database runs computes the same bands as core/ties.py."""
    a = Store(team.url("alice"))
    try:
        runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
        now = datetime.now().replace(microsecond=0)
        people = {}
        for i, touches in enumerate([[("email", 400)], [("call", 20)],
                                     [("note", 1)], [("meeting", 1), ("call", 30)]]):
            cid = add_contact(a, ContactIn(name=f"P{i}"))
            for kind, days in touches:
                log_interaction(a, kind, [cid], at=now - timedelta(days=days))
            people[cid] = ties.band(ties.me_tie(
                [(k, now - timedelta(days=d)) for k, d in touches], now))
        with team.raw("alice") as conn:
            got = dict(conn.execute("SELECT contact_id, band FROM shared_tie WHERE "
                                    "contact_id = ANY (%s)", (list(people),)).fetchall())
        assert got == people
        assert len(set(people.values())) == 3
    finally:
        a.close()


def test_team_import_dedupes_cards_and_keeps_my_log_mine(team, tmp_path):
    """Bob's personal rolodex: Raj again (the same email as the team's card) and Vera,
    new. Raj stays one team card, as it was; Bob's calls are Bob's alone."""
    with team.raw("alice") as conn:
        conn.execute("INSERT INTO contact_email (contact_id, value, norm, label, position) "
                     "VALUES (%s, 'raj@acme.io', 'raj@acme.io', '', 0)", (team.raj,))
        conn.commit()
    mine = Store(f"sqlite:///{tmp_path / 'bob.db'}")
    raj = add_contact(mine, ContactIn(name="Raj Patel", emails=["raj@acme.io"],
                                      notes="my private notes"))
    vera = add_contact(mine, ContactIn(name="Vera Lind", company="Nordic", skills=["Rust"]))
    link(mine, raj, vera, strength=5, how="married")
    log_interaction(mine, "call", [raj, vera], "three-way call")
    log_interaction(mine, "email", [vera], "hello vera")
    mine.close()
    result = runner.invoke(app, ["team", "import", str(tmp_path / "bob.db"),
                                 "--db", team.url("bob")])
    assert result.exit_code == 0, result.output
    assert "1 new card(s), 1 matched" in result.output
    assert "2 interaction(s), private to you" in result.output
    with team.raw("alice") as conn:
        names = sorted(r[0] for r in conn.execute("SELECT name FROM contact"))
        assert names == ["Raj Patel", "Sam Ortiz", "Vera Lind"]  # Raj once
        assert conn.execute("SELECT notes FROM contact WHERE id = %s", (team.raj,)
                            ).fetchone() == ("",)  # the team's card kept as it was
        assert conn.execute("SELECT count(*) FROM interaction WHERE owner = %s",
                            (team.logins["bob"],)).fetchone() == (0,)  # Bob's log: his
        assert conn.execute("SELECT recorded_by FROM knows WHERE strength = 5").fetchone() == (
            team.logins["bob"],)
    with team.raw("bob") as conn:
        assert sorted(r[0] for r in conn.execute(
            "SELECT summary FROM interaction WHERE owner = current_user")) == [
            "hello vera", "three-way call"]
        parts = conn.execute("SELECT count(*) FROM interaction_participant p JOIN interaction "
                             "i ON i.id = p.interaction_id WHERE i.summary = 'three-way call'"
                             ).fetchone()
        assert parts == (2,)
    assert runner.invoke(app, ["team", "import", str(tmp_path / "nope.db"),
                               "--db", team.url("bob")]).exit_code == 2


def _age(team, days: int, *, ties_too: bool = True) -> None:
    """As the administrator: move Alice's log (and the times her bands decay) ``days``
    into the past, as if that long had gone by with no one writing."""
    with psycopg.connect(team.admin.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("UPDATE interaction SET at = at - make_interval(days => %s) "
                     "WHERE owner = %s", (days, team.logins["alice"]))
        if ties_too:
            conn.execute("UPDATE shared_tie SET until = until - make_interval(days => %s) "
                         "WHERE login = %s", (days, team.logins["alice"]))


def _bands(team, who):
    s = Store(team.url(who))  # opening the rolodex as ``who``
    try:
        return [(r["name"], r["band"], r["last_touch"])
                for r in json.loads(runner.invoke(app, ["show", str(team.raj), "--json",
                                                        "--db", team.url(who)]).output)["team"]]
    finally:
        s.close()


def test_a_colleague_sees_the_band_as_it_is_today(team):
    """Alice's strong tie to Raj, from meetings two years ago, is weak today: Bob sees it
    weak though neither of them wrote anything since."""
    share = runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
    assert share.exit_code == 0, share.output
    month = lambda days: (datetime.now() - timedelta(days=days)).strftime("%Y-%m")  # noqa: E731
    assert _bands(team, "bob") == [("Alice Wong", "strong", month(3))]
    _age(team, 730)
    assert _bands(team, "bob") == [("Alice Wong", "weak", month(733))]
    with psycopg.connect(team.admin.replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT band, until FROM shared_tie").fetchall() == [
            ("weak", None)]  # the lowest band: no decay changes it
    with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT until FROM shared_tie")  # it would tell her tie's sum


def test_the_fast_show_reads_bands_as_they_are_today(team):
    """``rolodex show`` as a whole process (core/cli/fast.py: no Store is opened) brings the
    colleagues' bands up to today as the Store does: Bob sees Alice's old tie weak."""
    import subprocess
    import sys

    runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
    _age(team, 730)

    def fast_show(who):
        r = subprocess.run([sys.executable, "-m", "rolodex", "--db", team.url(who), "show",
                            str(team.raj), "--json"], capture_output=True, text=True,
                           check=True, cwd="/")
        return [(b["name"], b["band"]) for b in json.loads(r.stdout)["team"]]

    assert fast_show("bob") == [("Alice Wong", "weak")]


def test_when_a_band_decays_is_the_tie_models(team):
    """A band's ``until`` is when the tie model's strength falls below its band's floor."""
    runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
    with psycopg.connect(team.admin.replace("+psycopg", "")) as conn:
        band, until, now = conn.execute("SELECT band, until, localtimestamp FROM shared_tie"
                                        ).fetchone()
    assert band == "strong"
    touches = [("meeting", now - timedelta(days=d)) for d in (3, 40, 90)]
    assert ties.band(ties.me_tie(touches, until - timedelta(hours=1))) == "strong"
    assert ties.band(ties.me_tie(touches, until + timedelta(hours=1))) == "moderate"


def test_bands_not_yet_due_are_not_recomputed(team):
    runner.invoke(app, ["team", "share-ties", "on", "--db", team.url("alice")])
    _age(team, 730, ties_too=False)  # the log moved, the bands' times did not
    assert _bands(team, "bob")[0][1] == "strong"
    # the repair recomputes them whatever their age: a member's own, the administrator's all
    result = runner.invoke(app, ["check", "--repair", "--db", team.url("alice")])
    assert "repaired: your 1 shared band recomputed" in result.output, result.output
    assert _bands(team, "bob")[0][1] == "weak"
    result = runner.invoke(app, ["check", "--repair", "--db", team.admin])
    assert "repaired: 1 shared band of 1 member recomputed" in result.output, result.output


def test_a_member_cannot_publish_bands_but_through_the_functions(team):
    with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT rolodex_publish_ties(%s, NULL)", (team.logins["alice"],))
