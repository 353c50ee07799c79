"""On a team, my last touch of a card and my tie to it are mine (``my_tie``, one row per
member and card, row security): Alice logging a call with a team card changes nothing
that Bob can read, through rolodex or through raw SQL as Bob (issue 12's leak: the card's
own ``last_touch_at`` was the newest touch anyone logged)."""

from __future__ import annotations

import json
from datetime import datetime

import psycopg
import pytest
from conftest import fixed_clock
from team_util import read_in_rolodex, read_in_sql, team_db
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import log_interaction

pytestmark = pytest.mark.postgres
runner = CliRunner()
NOW = datetime(2026, 11, 26, 10, 0)


def as_bob_in_sql(t) -> dict:
    return read_in_sql(t, "bob")


def as_bob_in_rolodex(t, raj: int) -> dict:
    return read_in_rolodex(t, "bob", raj, NOW, fixed_clock)


def test_alices_call_changes_nothing_bob_can_read():
    with team_db() as t:
        alice = Store(t.url("alice"), clock=fixed_clock)
        bob = Store(t.url("bob"), clock=fixed_clock)
        raj = add_contact(alice, ContactIn(name="Raj Patel", company="Acme", cadence_days=30))
        log_interaction(bob, "email", [raj], "bob's hello", at=datetime(2026, 9, 1, 9))
        bob.close()
        sql_before, seen_before = as_bob_in_sql(t), as_bob_in_rolodex(t, raj)
        assert seen_before["show"]["last_touch_at"] == "2026-09-01 09:00:00"

        log_interaction(alice, "call", [raj], "private pricing talk", at=NOW)
        mine = json.loads(runner.invoke(app, ["--db", t.url("alice"), "show", str(raj),
                                              "--json"]).stdout)
        assert mine["last_touch_at"] == "2026-11-26 10:00:00"  # Alice's own, to her
        alice.close()

        assert as_bob_in_sql(t) == sql_before  # not a column of any row Bob can read
        assert as_bob_in_rolodex(t, raj) == seen_before


def test_my_ties_are_mine_alone_in_sql():
    with team_db() as t:
        alice = Store(t.url("alice"), clock=fixed_clock)
        raj = add_contact(alice, ContactIn(name="Raj Patel"))
        log_interaction(alice, "call", [raj], "alice's call", at=NOW)
        alice.close()
        alice_login, bob_login = t.logins["alice"], t.logins["bob"]
        with t.raw("alice") as conn:
            assert conn.execute("SELECT owner, contact_id FROM my_tie").fetchall() == [
                (alice_login, raj)]
        with t.raw("bob", autocommit=True) as conn:
            assert conn.execute("SELECT count(*) FROM my_tie").fetchone() == (0,)
            assert conn.execute("UPDATE my_tie SET acc = 0").rowcount == 0
            assert conn.execute("DELETE FROM my_tie").rowcount == 0
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("INSERT INTO my_tie (owner, contact_id, last_touch_at, acc) "
                             "VALUES (%s, %s, now(), 1)", (alice_login, raj))
            # a row of his own goes in under his login, whatever he does not say
            conn.execute("INSERT INTO my_tie (contact_id, last_touch_at, acc) "
                         "VALUES (%s, now(), 1)", (raj,))
            assert conn.execute("SELECT owner FROM my_tie").fetchall() == [(bob_login,)]
        with t.raw("alice") as conn:
            assert conn.execute("SELECT owner, acc > 0 FROM my_tie").fetchall() == [
                (alice_login, True)]
