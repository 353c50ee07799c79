"""A team rolodex's privacy is PostgreSQL's (row-level security), not rolodex's.

Every test connects AS the member roles (never the superuser or the owner) and proves it
both through rolodex and through raw SQL as that role: a colleague with psql and their own
login sees no more than rolodex shows them.
"""

from __future__ import annotations

import psycopg
import pytest
from conftest import fixed_clock
from team_util import team_db
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, RolodexError
from rolodex.core.records.contacts import ContactIn, add_contact, resolve
from rolodex.core.records.interactions import (
    delete_interaction,
    edit_interaction,
    list_interactions,
    log_interaction,
)
from rolodex.core.records.links import link

pytestmark = pytest.mark.postgres
runner = CliRunner()


@pytest.fixture(scope="module")
def team():
    """Alice and Bob; Alice has a private card (Carol) and a private call with a team card
    (Raj), and one shared meeting with Raj; Bob has a call of his own with Raj."""
    with team_db() as t:
        a = Store(t.url("alice"), clock=fixed_clock)
        b = Store(t.url("bob"), clock=fixed_clock)
        raj = add_contact(a, ContactIn(name="Raj Patel", company="Acme", emails=["raj@acme.io"]))
        carol = add_contact(a, ContactIn(name="Carol Secret", emails=["carol@hidden.io"],
                                         skills=["Lockpicking"], private=True))
        t.ids = {
            "raj": raj, "carol": carol,
            "alice_call": log_interaction(a, "call", [raj], "private pricing talk"),
            "alice_carol": log_interaction(a, "meeting", [carol, raj], "carol and raj"),
            "alice_minutes": log_interaction(a, "meeting", [raj], "kick-off minutes",
                                             shared=True),
            "bob_call": log_interaction(b, "call", [raj], "bob's own call"),
        }
        a.close()
        b.close()
        yield t


def _rows(conn, sql, *params):
    return conn.execute(sql, params).fetchall()


def _member_store(team, who):
    return Store(team.url(who), clock=fixed_clock)


# -- the roles and the schema ------------------------------------------------------------
def test_every_table_has_forced_row_security_and_policies(team):
    with psycopg.connect(team.url("bob").replace("+psycopg", "")) as conn:
        tables = _rows(conn, """
            SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   pg_get_userbyid(c.relowner),
                   (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid
                     AND %s::regrole = ANY (p.polroles))
              FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
               AND c.relkind IN ('r', 'p', 'f', 'm', 'v')""", team.group)
    names = {t[0] for t in tables}
    assert {"contact", "interaction", "member", "shared_tie", "rolodex_meta"} <= names
    for name, enabled, forced, owner, npolicies in tables:
        assert enabled and forced, name
        assert owner == team.owner, name
        assert npolicies >= 1, f"{name} has no policy for the members"


def test_init_again_changes_nothing(team):
    result = runner.invoke(app, ["team", "init", "--roles", team.prefix, "--db", team.admin])
    assert result.exit_code == 0, result.output
    assert "ready" in result.output and "created" not in result.output
    with team.raw("alice") as conn:  # the data is still there and still private
        assert _rows(conn, "SELECT name FROM contact ORDER BY id") == [
            ("Raj Patel",), ("Carol Secret",)]


def test_no_member_is_superuser_bypassrls_or_in_anothers_role(team):
    with team.raw("bob") as conn:
        roles = _rows(conn, """SELECT rolname, rolsuper, rolbypassrls, rolcreaterole,
                                      rolcanlogin FROM pg_roles WHERE rolname = ANY (%s)""",
                      [*team.logins.values(), team.owner, team.group])
        assert len(roles) == 4
        for name, sup, bypass, createrole, login in roles:
            assert not (sup or bypass or createrole), name
            assert login == (name in team.logins.values()), name
        inside = _rows(conn, """SELECT pg_get_userbyid(member), pg_get_userbyid(roleid)
                                  FROM pg_auth_members WHERE member = ANY (%s::regrole[])""",
                       list(team.logins.values()))
        assert {r for _, r in inside} == {team.group}


def test_set_role_to_a_colleague_is_refused(team):
    with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f'SET ROLE "{team.logins["alice"]}"')
    with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(f'SET ROLE "{team.owner}"')
    with team.raw("bob") as conn:  # the group itself is no one: it sees nothing
        conn.execute(f'SET ROLE "{team.group}"')
        assert _rows(conn, "SELECT id FROM contact") == []


def test_session_variables_change_nothing(team):
    with team.raw("bob") as conn:
        before = {t: _rows(conn, f"SELECT * FROM {t} ORDER BY 1")
                  for t in ("contact", "interaction", "interaction_participant")}
        alice = team.logins["alice"]
        for var in ("app.user", "app.member", "app.current_user", "app.login", "app.role"):
            conn.execute(f"SELECT set_config('{var}', %s, false)", (alice,))
        conn.execute("SET SESSION application_name = 'alice'")
        after = {t: _rows(conn, f"SELECT * FROM {t} ORDER BY 1") for t in before}
    assert after == before


# -- reading -------------------------------------------------------------------------------
def test_bob_cannot_read_alices_private_card_or_log(team):
    ids = team.ids
    with team.raw("bob") as conn:
        assert _rows(conn, "SELECT name FROM contact") == [("Raj Patel",)]
        assert _rows(conn, "SELECT value FROM contact_email") == [("raj@acme.io",)]
        assert _rows(conn, "SELECT count(*) FROM contact_skill") == [(0,)]
        seen = {r[0] for r in _rows(conn, "SELECT summary FROM interaction")}
        assert seen == {"kick-off minutes", "bob's own call"}
        parts = _rows(conn, "SELECT interaction_id, contact_id FROM interaction_participant")
        assert {i for i, _ in parts} == {ids["alice_minutes"], ids["bob_call"]}
        assert _rows(conn, "SELECT count(*) FROM contact WHERE id = %s", ids["carol"]) == [(0,)]
    b = _member_store(team, "bob")
    try:
        assert b.team_login() == team.logins["bob"]
        with pytest.raises(NotFound):
            resolve(b, "carol secret")
        with pytest.raises(NotFound):
            resolve(b, f"#{ids['carol']}")
        summaries = {i.summary for i in list_interactions(b, ids["raj"])}
        assert summaries == {"kick-off minutes", "bob's own call"}
        result = runner.invoke(app, ["search", "carol", "--json", "--db", team.url("bob")])
        assert result.exit_code == 0 and "Carol" not in result.output
        result = runner.invoke(app, ["show", "raj", "--json", "--db", team.url("bob")])
        assert result.exit_code == 0, result.output
        assert "private pricing talk" not in result.output
        assert "kick-off minutes" in result.output
    finally:
        b.close()
    a = _member_store(team, "alice")  # Alice sees all of her own
    try:
        summaries = {i.summary for i in list_interactions(a, ids["raj"])}
        assert summaries == {"private pricing talk", "carol and raj", "kick-off minutes"}
        assert resolve(a, "carol secret") == ids["carol"]
    finally:
        a.close()


# -- writing -------------------------------------------------------------------------------
def test_bob_cannot_change_or_delete_alices_rows(team):
    ids = team.ids
    with team.raw("bob") as conn:
        for sql in ("UPDATE interaction SET summary = 'x' WHERE id = %s",
                    "DELETE FROM interaction WHERE id = %s",
                    "DELETE FROM interaction_participant WHERE interaction_id = %s"):
            for iid in (ids["alice_call"], ids["alice_minutes"]):  # private and shared
                assert conn.execute(sql, (iid,)).rowcount == 0, sql
        for sql in ("UPDATE contact SET name = 'x' WHERE id = %s",
                    "DELETE FROM contact WHERE id = %s",
                    "DELETE FROM contact_email WHERE contact_id = %s"):
            assert conn.execute(sql, (ids["carol"],)).rowcount == 0, sql
        conn.rollback()
    b = _member_store(team, "bob")
    try:
        with pytest.raises(RolodexError, match="only they can change it"):
            edit_interaction(b, ids["alice_minutes"], summary="rewritten")
        with pytest.raises(NotFound):
            delete_interaction(b, ids["alice_call"])
        result = runner.invoke(app, ["edit", f"#{ids['carol']}", "--name", "x",
                                     "--db", team.url("bob")])
        assert result.exit_code == 1 and "no contact" in result.output
    finally:
        b.close()
    with team.raw("alice") as conn:
        assert _rows(conn, "SELECT summary FROM interaction WHERE id = %s",
                     ids["alice_minutes"]) == [("kick-off minutes",)]
        assert _rows(conn, "SELECT name FROM contact WHERE id = %s", ids["carol"]) == [
            ("Carol Secret",)]


def test_bob_cannot_write_rows_in_alices_name(team):
    ids, alice = team.ids, team.logins["alice"]
    attempts = [
        ("INSERT INTO interaction (kind, at, summary, details, project, one_to_many, "
         "created_at, owner) VALUES ('call', now(), 'forged', '', '', false, now(), %s)", (alice,)),
        ("INSERT INTO contact (name, name_fold, company, title, address, location, url, notes, "
         "category, known_directly, archived, birthday, extra, created_at, updated_at, owner,"
         " private) VALUES ('Forged', 'forged', '', '', '', '', '', '', 'other', true, false, "
         "'', '', now(), now(), %s, true)", (alice,)),
        ("INSERT INTO knows (a_id, b_id, strength, how, recorded_by) "
         "VALUES (%s, %s, 3, '', %s)", (ids["raj"], ids["raj"], alice)),
        ("INSERT INTO interaction_participant (interaction_id, contact_id) VALUES (%s, %s)",
         (ids["alice_minutes"], ids["raj"])),  # into her (shared) interaction
    ]
    for sql, params in attempts:
        with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege,
                                                    match="row-level security"):
            conn.execute(sql, params)
    with team.raw("bob") as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE interaction SET owner = %s WHERE id = %s",
                     (alice, ids["bob_call"]))  # who wrote a row is not writable at all
    with team.raw("alice") as conn:
        assert _rows(conn, "SELECT count(*) FROM interaction WHERE summary = 'forged'") == [(0,)]


def test_a_reference_to_a_private_row_does_not_reveal_it(team):
    """The same error, word for word, for Alice's private card and for no card at all."""
    ids = team.ids
    with team.raw("bob") as conn:
        nobody = conn.execute("SELECT max(id) + 1000 FROM contact").fetchone()[0]
        mine = conn.execute("INSERT INTO interaction (kind, at, summary, details, project, "
                            "one_to_many, created_at) VALUES ('note', now(), 'mine', '', '', "
                            "false, now()) RETURNING id").fetchone()[0]
        conn.commit()
    probes = [
        "INSERT INTO interaction_participant (interaction_id, contact_id) VALUES ({mine}, {x})",
        "INSERT INTO knows (a_id, b_id, strength, how) VALUES ({raj}, {x}, 3, '')",
        "INSERT INTO contact_email (contact_id, value, norm, label, position) "
        "VALUES ({x}, 'a@b.c', 'a@b.c', '', 0)",
        "INSERT INTO endorsement (contact_id, skill_id, by_id, note, at) "
        "SELECT {raj}, s.id, {x}, '', now() FROM skill s LIMIT 1",
        "INSERT INTO introduction (introducer_id, target_id, for_what, note, status, asked_at)"
        " VALUES ({raj}, {x}, '', '', 'asked', now())",
    ]
    with team.raw("bob") as conn:
        conn.execute("INSERT INTO skill (name, key) VALUES ('Go', 'go') ON CONFLICT DO NOTHING")
        conn.commit()
    for probe in probes:
        errors = []
        for x in (ids["carol"], nobody):
            with team.raw("bob") as conn:
                try:
                    conn.execute(probe.format(mine=mine, raj=ids["raj"], x=x))
                    errors.append(None)
                except psycopg.Error as exc:
                    errors.append((exc.sqlstate, str(exc).splitlines()[0]))
        assert errors[0] == errors[1], (probe, errors)
        assert errors[0] is not None and errors[0][0] == "42501", (probe, errors)
    b = _member_store(team, "bob")  # and through rolodex: the same "no contact #N"
    try:
        msgs = []
        for x in (ids["carol"], nobody):
            with pytest.raises(NotFound) as exc:
                log_interaction(b, "call", [x])
            msgs.append(str(exc.value).replace(str(x), "N"))
        assert msgs[0] == msgs[1]
        with pytest.raises(NotFound):
            link(b, ids["raj"], ids["carol"])
    finally:
        b.close()
    with team.raw("bob") as conn:  # the probe's own note goes again
        conn.execute("DELETE FROM interaction WHERE id = %s", (mine,))
        conn.commit()


def test_the_defaults_make_a_member_the_writer(team):
    with team.raw("bob") as conn:
        who = _rows(conn, "SELECT owner, shared FROM interaction WHERE id = %s",
                    team.ids["bob_call"])
    assert who == [(team.logins["bob"], False)]


# -- members -------------------------------------------------------------------------------
def test_team_list_as_a_member():
    with team_db() as t:
        result = runner.invoke(app, ["team", "list", "--json", "--db", t.url("bob")])
        assert result.exit_code == 0, result.output
        assert "Alice Wong" in result.output and '"share_ties": false' in result.output


def test_team_add_and_remove_through_the_cli():
    with team_db(members=(("alice", "Alice Wong"),)) as t:
        t.logins["dave"] = dave = t.logins["alice"].replace("alice", "dave")
        result = runner.invoke(app, ["team", "add", dave, "Dave Kim", "--password-stdin",
                                     "--db", t.admin], input="s3cret pass\n")
        assert result.exit_code == 0, result.output
        assert "s3cret" not in result.output
        with t.raw("dave") as conn:
            conn.execute("INSERT INTO interaction (kind, at, summary, details, project, "
                         "one_to_many, created_at) VALUES ('note', now(), 'dave note', '', '',"
                         " false, now())")
            conn.commit()
            open_session = t.raw("dave")
        result = runner.invoke(app, ["team", "remove", dave, "--db", t.admin])
        assert result.exit_code == 0, result.output
        # a session still open sees nothing from its next statement on
        assert _rows(open_session, "SELECT count(*) FROM interaction") == [(0,)]
        open_session.close()
        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            t.raw("dave")
        admin = psycopg.connect(t.admin.replace("+psycopg", ""))
        with admin:  # their private rows are kept
            assert _rows(admin, "SELECT count(*) FROM interaction WHERE owner = %s",
                         dave) == [(1,)]
        result = runner.invoke(app, ["team", "list", "--db", t.url("alice")])
        assert "Dave Kim  (removed)" in result.output


def test_a_login_that_bypasses_row_security_is_refused():
    with team_db(members=(("alice", "Alice Wong"),)) as t:
        rogue = t.logins["alice"].replace("alice", "rogue")
        t.logins["rogue"] = rogue
        with psycopg.connect(t.admin.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(f'CREATE ROLE "{rogue}" LOGIN BYPASSRLS')
        result = runner.invoke(app, ["team", "add", rogue, "Rogue", "--db", t.admin])
        assert result.exit_code == 1
        assert "bypasses row security" in result.output


@pytest.mark.parametrize("args", [["team", "init"], ["team", "list"],
                                  ["team", "add", "x", "X"], ["team", "remove", "x"]])
def test_team_commands_on_sqlite_say_there_is_no_team(args, tmp_path):
    db = tmp_path / "mine.db"
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 2
    assert "no team there" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not db.exists()


def test_a_personal_rolodex_on_a_server_is_not_a_team(pg_url):
    result = runner.invoke(app, ["team", "list", "--db", pg_url])
    assert result.exit_code == 1 and "not a team rolodex" in result.output
    s = Store(pg_url)
    try:
        assert s.team_login() is None
    finally:
        s.close()


def test_check_as_a_member_and_as_the_administrator(team):
    """A member cannot see colleagues' logs, so the last touches (everyone's newest) are
    the administrator's to check; both find the rolodex sound."""
    for url in (team.url("bob"), team.admin):
        result = runner.invoke(app, ["check", "--db", url])
        assert result.exit_code == 0, result.output
        assert "no problems" in result.output


def test_repair_as_a_member_does_what_a_member_may(team):
    """REINDEX is the tables' owner's: a member's repair fixes the member's own derived
    rows (a knows-edge of theirs stored the wrong way round, their bands) and names what
    is the administrator's; the administrator's repair rebuilds the indexes too."""
    a = _member_store(team, "alice")
    try:
        zed = add_contact(a, ContactIn(name="Zed Later"))  # an id above Raj's
    finally:
        a.close()
    with team.raw("alice", autocommit=True) as conn:
        conn.execute("INSERT INTO knows (a_id, b_id, strength, how) VALUES (%s, %s, 3, '')",
                     (zed, team.ids["raj"]))
    result = runner.invoke(app, ["check", "--db", team.url("bob")])
    assert result.exit_code == 1
    assert "knows: 1 edge not stored a < b" in result.output
    # Bob's repair leaves Alice's edge alone (it is hers) and says what is not his to do
    result = runner.invoke(app, ["check", "--repair", "--db", team.url("bob")])
    assert result.exit_code == 1, result.output
    assert "indexes rebuilt" not in result.output
    assert "left to the administrator" in result.output and "the indexes" in result.output
    assert "knows: 1 edge not stored a < b" in result.output
    result = runner.invoke(app, ["check", "--repair", "--db", team.url("alice")])
    assert result.exit_code == 0, result.output
    assert "repaired: 1 knows-edge stored a < b" in result.output
    assert "no problems" in result.output
    with team.raw("bob") as conn:
        assert _rows(conn, "SELECT a_id, b_id FROM knows WHERE %s IN (a_id, b_id)",
                     zed) == [(team.ids["raj"], zed)]
    result = runner.invoke(app, ["check", "--repair", "--db", team.admin])
    assert result.exit_code == 0, result.output
    assert "repaired: indexes rebuilt" in result.output
    assert "administrator" not in result.output
    assert "no problems" in result.output


def test_team_login_is_the_same_from_every_thread(team):
    """The TUI's workers ask at once: none may be told "no team" while another asks."""
    from concurrent.futures import ThreadPoolExecutor

    for _ in range(3):
        s = _member_store(team, "bob")
        try:
            with ThreadPoolExecutor(8) as pool:
                got = [f.result() for f in [pool.submit(s.team_login) for _ in range(8)]]
        finally:
            s.close()
        assert got == [team.logins["bob"]] * 8


def test_show_says_who_logged_each_entry(team):
    """``show --json`` as Bob: each entry's "by" is its member, his own marked "you";
    the text names the colleague; Alice's private entries are not there."""
    import json

    result = runner.invoke(app, ["show", str(team.ids["raj"]), "--json", "--db",
                                 team.url("bob")])
    assert result.exit_code == 0, result.output
    by = {i["summary"]: i["by"] for i in json.loads(result.output)["interactions"]}
    assert by["kick-off minutes"] == {"login": team.logins["alice"], "name": "Alice Wong",
                                      "you": False}
    assert by["bob's own call"] == {"login": team.logins["bob"], "name": "Bob Li",
                                    "you": True}
    assert "private pricing talk" not in by and "carol and raj" not in by
    text = runner.invoke(app, ["show", str(team.ids["raj"]), "--db", team.url("bob")]).output
    assert "kick-off minutes  (by Alice Wong)" in text
    assert "bob's own call\n" in text + "\n" and "bob's own call  (by" not in text


def test_show_on_sqlite_says_nothing_of_who_logged(tmp_path):
    import json

    db = f"sqlite:///{tmp_path / 'r.db'}"
    s = Store(db, clock=fixed_clock)
    try:
        cid = add_contact(s, ContactIn(name="Raj Patel"))
        log_interaction(s, "call", [cid], "hello")
    finally:
        s.close()
    out = json.loads(runner.invoke(app, ["show", str(cid), "--json", "--db", db]).output)
    assert [sorted(i) for i in out["interactions"]] == [
        ["at", "id", "kind", "one_to_many", "summary"]]


def test_add_private_and_log_share_through_the_cli():
    """``add --private``: a card only its owner sees at all; ``log --share``: an entry the
    team reads (with who logged it), the rest of the log the logger's alone."""
    import json

    with team_db() as t:
        def cli(who, *args):
            result = runner.invoke(app, [*args, "--db", t.url(who)])
            assert result.exit_code == 0, result.output
            return result.output

        cli("alice", "add", "Raj Patel", "--email", "raj@acme.io")
        cli("alice", "add", "Quiet Person", "--private")
        cli("alice", "log", "meeting", "raj", "-m", "cli minutes", "--share")
        cli("alice", "log", "call", "raj", "-m", "cli private call")
        cli("alice", "log", "call", "quiet person", "-m", "about quiet")
        assert "Quiet" not in cli("bob", "search", "quiet", "--json")
        shown = json.loads(cli("bob", "show", "raj", "--json"))
        assert [(i["summary"], i["by"]["name"]) for i in shown["interactions"]] == [
            ("cli minutes", "Alice Wong")]
        with t.raw("bob") as conn:
            assert _rows(conn, "SELECT name FROM contact") == [("Raj Patel",)]
            assert _rows(conn, "SELECT summary FROM interaction") == [("cli minutes",)]
        mine = json.loads(cli("alice", "show", "quiet person", "--json"))
        assert mine["private"] is True
        assert [i["by"]["you"] for i in mine["interactions"]] == [True]


def test_a_members_repair_leaves_what_comes_from_everyones_log():
    """Alice's follow-up with a team card is in her row of my_tie, from her log, which
    Bob cannot see: Bob's check does not call it wrong, nor his repair clear it; hers
    judges it, and the administrator's too."""
    from datetime import date

    with team_db() as t:
        a = Store(t.url("alice"), clock=fixed_clock)
        try:
            raj = add_contact(a, ContactIn(name="Raj Patel"))
            log_interaction(a, "call", [raj], "call back", follow_up=date(2030, 1, 10))
        finally:
            a.close()
        for who in ("bob", "alice", "postgres"):  # postgres: the administrator
            for args in (["check"], ["check", "--repair"]):
                result = runner.invoke(app, [*args, "--db", t.url(who)])
                assert result.exit_code == 0, result.output
                assert "follow-up" not in result.output, result.output
        with t.raw("alice") as conn:
            assert _rows(conn, "SELECT follow_up_due FROM my_tie WHERE contact_id = %s",
                         raj) == [(date(2030, 1, 10),)]