"""rolodex demo --team N: a team rolodex on the real server, each member with a log of
their own, everyone sharing ties; a member sees the team's cards and only their own log."""

from __future__ import annotations

import json

import pytest
from team_util import team_db
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.demo.team import TEAM

pytestmark = pytest.mark.postgres
runner = CliRunner()


def test_demo_team_builds_a_team_rolodex():
    with team_db(members=(), init=False) as t:
        t.logins.update({short: f"{t.prefix}_{short}" for short, _ in TEAM[:3]})
        result = runner.invoke(app, ["demo", "--team", "3", "--contacts", "200", "--roles",
                                     t.prefix, "--db", t.admin])
        assert result.exit_code == 0, result.output
        assert "200 team cards" in result.output and "3 private logs" in result.output
        assert f"rolodex --db {t.url('alice')}" in result.output
        members = json.loads(runner.invoke(app, ["team", "list", "--json", "--db",
                                                 t.url("bob")]).output)
        assert [m["name"] for m in members] == ["Alice Wong", "Bob Li", "Chidi Okafor"]
        assert all(m["share_ties"] for m in members)
        counts = {}
        for who in ("alice", "bob", "chidi"):
            with t.raw(who) as conn:
                counts[who] = conn.execute(
                    "SELECT count(*), count(*) FILTER (WHERE owner = current_user) "
                    "FROM interaction").fetchone()
                assert conn.execute("SELECT count(*) FROM contact").fetchone() == (200,)
                others = conn.execute("SELECT count(DISTINCT login) FROM shared_tie "
                                      "WHERE login <> current_user").fetchone()
                assert others == (2,)
                # my ties: rows of my own log only, kept by the demo's writer
                assert conn.execute(
                    "SELECT count(*) > 0, bool_and(owner = current_user) FROM my_tie"
                ).fetchone() == (True, True)
        assert all(total == mine > 0 for total, mine in counts.values())  # only their own
        assert len({mine for _, mine in counts.values()}) == 3  # three different logs
        again = runner.invoke(app, ["demo", "--team", "3", "--contacts", "200", "--roles",
                                    t.prefix, "--db", t.admin])
        assert again.exit_code == 1 and "already has 200 contacts" in again.output


def test_demo_team_needs_a_server(tmp_path):
    result = runner.invoke(app, ["demo", "--team", "3", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "no team there" in result.output
