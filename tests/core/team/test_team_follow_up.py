"""On a team, my follow-up day with a card is mine (``my_tie.follow_up_due``, one row per
member and card, row security): Alice logging "call Raj, follow up 2030-01-10" changes
nothing that Bob can read, through rolodex or through raw SQL as Bob (issue 12's leak: the
card's own ``follow_up_due`` came from the writer's log), and Alice still sees it."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from conftest import fixed_clock
from team_util import read_in_rolodex, read_in_sql, team_db
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.admin.check import check, repair
from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.follow_ups import follow_up_done
from rolodex.core.records.interactions import log_interaction
from rolodex.core.today import follow_ups, today

pytestmark = pytest.mark.postgres
runner = CliRunner()
NOW = datetime(2026, 11, 26, 10, 0)
DUE = date(2026, 11, 20)  # before NOW: due in Today, "overdue" in the list


def as_bob_in_sql(t) -> dict:
    return read_in_sql(t, "bob")


def as_bob_in_rolodex(t, raj: int) -> dict:
    return read_in_rolodex(t, "bob", raj, NOW, fixed_clock)


def test_alices_follow_up_changes_nothing_bob_can_read():
    with team_db() as t:
        alice = Store(t.url("alice"), clock=fixed_clock)
        bob = Store(t.url("bob"), clock=fixed_clock)
        raj = add_contact(alice, ContactIn(name="Raj Patel", company="Acme", cadence_days=30))
        log_interaction(bob, "email", [raj], "bob's hello", at=datetime(2026, 9, 1, 9))
        bob.close()
        sql_before, seen_before = as_bob_in_sql(t), as_bob_in_rolodex(t, raj)
        assert seen_before["show"]["follow_up_due"] is None

        log_interaction(alice, "call", [raj], "call Raj", at=datetime(2026, 11, 1, 9),
                        follow_up=DUE)
        mine = json.loads(runner.invoke(app, ["--db", t.url("alice"), "show", str(raj),
                                              "--json"]).stdout)
        assert mine["follow_up_due"] == DUE.isoformat()  # Alice's own, to her
        assert follow_ups(alice) == {raj: DUE}
        assert [ln.contact_id for ln in today(alice, NOW).section("follow_ups")] == [raj]

        assert as_bob_in_sql(t) == sql_before  # not a column of any row Bob can read
        assert as_bob_in_rolodex(t, raj) == seen_before

        assert check(alice).ok  # her own day, judged by her
        assert follow_up_done(alice, raj) == DUE
        assert follow_ups(alice) == {}
        alice.close()


def test_a_shared_entry_of_bobs_neither_closes_nor_shows_alices_follow_up():
    with team_db() as t:
        alice = Store(t.url("alice"), clock=fixed_clock)
        bob = Store(t.url("bob"), clock=fixed_clock)
        raj = add_contact(alice, ContactIn(name="Raj Patel"))
        log_interaction(alice, "call", [raj], "call Raj", at=datetime(2026, 11, 1, 9),
                        follow_up=DUE)
        log_interaction(bob, "call", [raj], "bob's call", at=datetime(2026, 11, 2, 9),
                        follow_up=date(2026, 11, 21), shared=True)
        assert follow_ups(alice) == {raj: DUE}  # Bob's later call is his, not her log
        assert follow_ups(bob) == {raj: date(2026, 11, 21)}
        for store in (alice, bob):
            report = repair(store)
            assert report.ok, [p.message for p in report.problems]
        assert follow_ups(alice) == {raj: DUE} and follow_ups(bob) == {raj: date(2026, 11, 21)}
        alice.close()
        bob.close()


def test_my_follow_ups_come_with_my_personal_rolodex_into_the_team(tmp_path):
    mine = Store(f"sqlite:///{tmp_path / 'alice.db'}", clock=fixed_clock)
    vera = add_contact(mine, ContactIn(name="Vera Lind"))
    log_interaction(mine, "call", [vera], "call Vera", at=datetime(2026, 11, 1, 9),
                    follow_up=DUE)
    mine.close()
    with team_db() as t:
        r = runner.invoke(app, ["team", "import", str(tmp_path / "alice.db"),
                                "--db", t.url("alice")])
        assert r.exit_code == 0, r.output
        alice, bob = (Store(t.url(w), clock=fixed_clock) for w in ("alice", "bob"))
        assert list(follow_ups(alice).values()) == [DUE]  # hers, on the team's card
        assert follow_ups(bob) == {} and check(alice).ok
        alice.close()
        bob.close()
