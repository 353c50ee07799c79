"""Follow-ups: an entry may carry a day to follow up by; it is open for each of its people
until a later one-to-one entry with them. My ``follow_up_due`` (``my_tie``, schema 10; on the card
from schema 5) keeps the earliest open one, by the one rule of core/db/derived.py, through
every writer."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.admin.check import check, repair
from rolodex.core.db.derived import my_follow_up
from rolodex.core.db.store import Store
from rolodex.core.errors import RolodexError, UsageError
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import (
    delete_interaction,
    edit_interaction,
    log_interaction,
)
from rolodex.core.records.intros import ask
from rolodex.core.records.undo import record, undo
from rolodex.core.when import parse_due, parse_when

THU = date(2026, 11, 26)  # tests/conftest.py's NOW is Thursday 26 November 2026
NOW = datetime(2026, 11, 26, 10, 0)


@pytest.mark.parametrize("typed, due", [
    ("friday", date(2026, 11, 27)), ("fri", date(2026, 11, 27)), ("Friday", date(2026, 11, 27)),
    ("next friday", date(2026, 11, 27)), ("thursday", date(2026, 12, 3)),
    ("mon", date(2026, 11, 30)), ("in 2w", date(2026, 12, 10)), ("2w", date(2026, 12, 10)),
    ("+3d", date(2026, 11, 29)), ("in 3 days", date(2026, 11, 29)),
    ("in 1 month", date(2026, 12, 26)), ("in 2mo", date(2027, 1, 25)),
    ("today", THU), ("tomorrow", date(2026, 11, 27)), ("next week", date(2026, 12, 3)),
    ("2027-01-10", date(2027, 1, 10)), ("  in   2w ", date(2026, 12, 10)),
])
def test_parse_due_looks_ahead(typed, due):
    assert parse_due(typed, THU) == due


@pytest.mark.parametrize("typed", ["", "whenever", "-2d", "in 2", "2027-13-01", "fr"])
def test_parse_due_refuses_what_it_cannot_read(typed):
    with pytest.raises(UsageError, match="bad follow-up day .*friday, in 2w"):
        parse_due(typed, THU)


def test_parse_when_takes_weekday_abbreviations_too():
    assert parse_when("fri 9am", NOW) == datetime(2026, 11, 20, 9, 0)  # the last Friday


def _due(store, cid):
    with store.read() as s:
        return my_follow_up(s, cid)


def _people(store):
    return [add_contact(store, ContactIn(name=n)) for n in ("Zoë Ångström", "Jane Doe")]


def test_a_later_entry_closes_the_follow_up_an_earlier_one_does_not(store):
    zoe, jane = _people(store)
    iid = log_interaction(store, "meeting", [zoe, jane], "proposal", at=NOW - timedelta(days=3),
                          follow_up=date(2026, 11, 27))
    assert _due(store, zoe) == _due(store, jane) == date(2026, 11, 27)
    log_interaction(store, "call", [zoe], "older", at=NOW - timedelta(days=5))
    assert _due(store, zoe) == date(2026, 11, 27)  # before the meeting: closes nothing
    log_interaction(store, "email", [jane, zoe], "newsletter", at=NOW, one_to_many=True)
    assert _due(store, zoe) == date(2026, 11, 27)  # a send is not following up
    later = log_interaction(store, "call", [zoe], "got back to her", at=NOW)
    assert _due(store, zoe) is None and _due(store, jane) == date(2026, 11, 27)
    delete_interaction(store, later)  # the closing entry gone: open again
    assert _due(store, zoe) == date(2026, 11, 27)
    edit_interaction(store, iid, follow_up=date(2026, 12, 4))
    assert _due(store, zoe) == _due(store, jane) == date(2026, 12, 4)
    again = log_interaction(store, "call", [zoe], "next steps", at=NOW, follow_up=date(2027, 1, 10))
    assert _due(store, zoe) == date(2027, 1, 10)  # the new entry's own follow-up is open
    edit_interaction(store, again, follow_up=None)
    assert _due(store, zoe) is None


def test_undo_of_a_delete_brings_the_follow_up_back(store):
    zoe, _jane = _people(store)
    iid = log_interaction(store, "call", [zoe], "renewal", at=NOW, follow_up=date(2026, 12, 1))
    _result, step = record(store, "delete", lambda: delete_interaction(store, iid),
                           interactions=[iid])
    assert _due(store, zoe) is None
    undo(store, step)
    assert _due(store, zoe) == date(2026, 12, 1)


def test_an_ask_closes_the_introducers_follow_up(store):
    zoe, jane = _people(store)
    log_interaction(store, "call", [zoe], "renewal", at=NOW - timedelta(days=1),
                    follow_up=date(2026, 12, 1))
    ask(store, zoe, jane, note="for the migration")
    assert _due(store, zoe) is None


def test_check_finds_and_repair_fixes_a_stale_follow_up(store):
    zoe, _jane = _people(store)
    log_interaction(store, "call", [zoe], "renewal", at=NOW, follow_up=date(2026, 12, 1))
    with store.tx() as s:
        s.execute(text("UPDATE my_tie SET follow_up_due = NULL"))
    report = check(store)
    assert [p.kind for p in report.problems] == ["follow_up"]
    assert "follow_up_due is not the earliest open follow-up" in report.problems[0].message
    fixed = repair(store)
    assert fixed.ok and any("follow-ups recomputed for 1 contact" in d for d in fixed.repaired)
    assert _due(store, zoe) == date(2026, 12, 1)


def test_schema_4_upgrade_fills_follow_ups_from_the_log(tmp_path):
    """The schema-4 fixture, with a follow-up set on Zoë's newest entry (open) beside the
    one her later entries closed: the upgrade gives her the open one only."""
    db = tmp_path / "rolodex.db"
    shutil.copyfile(Path(__file__).parents[2] / "fixtures" / "db" / "schema4.db", db)
    con = sqlite3.connect(db)
    con.execute("UPDATE interaction SET follow_up = '2026-12-09' WHERE summary LIKE "
                "'Asked for an introduction to Raj Patel: second opinion'")
    con.commit()
    con.close()
    s = Store(f"sqlite:///{db}")
    try:
        assert s.upgraded_from == 4
        with s.read() as r:
            dues = dict(r.execute(text("SELECT c.name, t.follow_up_due FROM contact c "
                                       "LEFT JOIN my_tie t ON t.contact_id = c.id")).all())
        assert dues == {"Zoë Ångström": "2026-12-09", "Jane Doe": None, "Raj Patel": None,
                        "Old Friend": None}
        assert check(s, full=True).ok
    finally:
        s.close()


runner = CliRunner()


def test_cli_log_follow_up_text_json_and_bad(sqlite_url):
    def run(*args):
        return runner.invoke(app, ["--db", sqlite_url, *args])

    assert run("add", "Zoë Ångström").exit_code == 0
    r = run("log", "call", "zoe", "-m", "proposal", "--follow-up", "in 2w", "--at", "-1h")
    due = date.today() + timedelta(days=14)
    assert r.exit_code == 0, r.output
    assert r.output.strip().endswith(f"; follow up by {due:%a %Y-%m-%d}")
    r = run("log", "email", "zoe", "-m", "sent it", "--follow-up", "2027-01-10", "--json")
    assert r.exit_code == 0 and json.loads(r.output)["follow_up"] == "2027-01-10"
    assert json.loads(run("show", "zoe", "--json").output)["follow_up_due"] == "2027-01-10"
    r = run("log", "call", "zoe", "-m", "nope", "--follow-up", "whenever")
    assert r.exit_code == 2
    assert r.output.strip().splitlines() == [
        "rolodex: bad follow-up day 'whenever': use friday, in 2w, +3d, tomorrow, next week, "
        "2027-01-10"]
    assert len(json.loads(run("show", "zoe", "--json").output)["interactions"]) == 2


@pytest.mark.parametrize("typed, rest, due", [
    ("Sent the deck, follow up: friday", "Sent the deck", date(2026, 11, 27)),
    ("call back follow up in 2w", "call back", date(2026, 12, 10)),
    ("asked (f/u 2027-01-10)", "asked", date(2027, 1, 10)),
    ("Follow-up by fri", "", date(2026, 11, 27)),
    ("talked about the follow up: pricing", "talked about the follow up: pricing", None),
    ("lunch", "lunch", None)])
def test_a_summary_ending_in_a_follow_up(typed, rest, due):
    from rolodex.core.when import follow_up_in

    assert follow_up_in(typed, THU) == (rest, due)


def test_follow_up_colours():
    from rolodex.core.today import follow_up_state

    assert [follow_up_state(THU + timedelta(days=k), THU) for k in (-3, 0, 1, 2, 3)] == [
        "overdue", "overdue", "due", "due", None]
    assert follow_up_state(None, THU) is None


# -- done and snooze (core/records/follow_ups.py) ----------------------------------------------
def test_done_closes_the_due_follow_up_for_that_person_only(store):
    from rolodex.core.records.follow_ups import follow_up_done

    zoe, jane = _people(store)
    log_interaction(store, "meeting", [zoe, jane], "proposal", at=NOW - timedelta(days=3),
                    follow_up=date(2026, 11, 25))
    log_interaction(store, "email", [zoe], "pricing", at=NOW - timedelta(days=4),
                    follow_up=date(2026, 12, 20))  # before the meeting: the meeting closed it
    log_interaction(store, "email", [zoe], "newsletter", at=NOW - timedelta(days=1),
                    follow_up=date(2026, 12, 15), one_to_many=True)  # a send closes nothing
    assert _due(store, zoe) == date(2026, 11, 25)
    assert follow_up_done(store, zoe) == date(2026, 11, 25)
    assert _due(store, zoe) == date(2026, 12, 15)  # the later promise stays
    assert _due(store, jane) == date(2026, 11, 25)  # the meeting's other person keeps hers
    assert follow_up_done(store, zoe) == date(2026, 12, 15)
    assert _due(store, zoe) is None
    with pytest.raises(RolodexError, match="Zoë Ångström has no open follow-up"):
        follow_up_done(store, zoe)
    assert check(store, full=True).ok  # the derived column agrees with the rule


def test_snooze_moves_the_earlier_ones_and_undo_takes_it_back(store):
    from rolodex.core.records.follow_ups import snooze_follow_up

    zoe, jane = _people(store)
    log_interaction(store, "meeting", [zoe, jane], "proposal", at=NOW - timedelta(days=3),
                    follow_up=date(2026, 11, 25))
    log_interaction(store, "email", [zoe], "newsletter", at=NOW - timedelta(days=1),
                    follow_up=date(2026, 12, 15), one_to_many=True)
    _r, step = record(store, "snooze", lambda: snooze_follow_up(store, zoe, date(2026, 12, 3)),
                      contacts=[zoe])
    assert _r == [date(2026, 11, 25)]
    assert _due(store, zoe) == date(2026, 12, 3) and _due(store, jane) == date(2026, 11, 25)
    assert check(store, full=True).ok
    undo(store, step)
    assert _due(store, zoe) == date(2026, 11, 25)
    # a later entry still closes a snoozed follow-up
    snooze_follow_up(store, zoe, date(2027, 1, 1))
    assert _due(store, zoe) == date(2027, 1, 1)
    log_interaction(store, "call", [zoe], "called back", at=NOW)
    assert _due(store, zoe) is None


def test_snooze_refuses_the_past_and_a_day_that_moves_nothing(store):
    from rolodex.core.records.follow_ups import snooze_follow_up

    zoe, jane = _people(store)
    with pytest.raises(RolodexError, match="Jane Doe has no open follow-up"):
        snooze_follow_up(store, jane, date(2026, 12, 1))
    log_interaction(store, "call", [zoe], "x", at=NOW, follow_up=date(2026, 12, 10))
    with pytest.raises(UsageError, match="snooze to a day after today, not Thu 2026-11-26"):
        snooze_follow_up(store, zoe, date(2026, 11, 26))
    with pytest.raises(RolodexError, match="all due on or after Sat 2026-12-05 already"):
        snooze_follow_up(store, zoe, date(2026, 12, 5))
    assert _due(store, zoe) == date(2026, 12, 10)


def test_today_shows_the_snoozed_day_and_leaves_out_the_done(store):
    from rolodex.core.records.follow_ups import follow_up_done, snooze_follow_up
    from rolodex.core.today import today

    zoe, jane = _people(store)
    log_interaction(store, "email", [zoe, jane], "Sent the deck", at=NOW - timedelta(days=5),
                    follow_up=date(2026, 11, 24))
    snooze_follow_up(store, zoe, date(2026, 11, 27))
    t = today(store, NOW + timedelta(days=1))
    [line] = [ln for ln in t.section("follow_ups") if ln.contact_id == zoe]
    assert line.data["due"] == "2026-11-27" and "Sent the deck" in line.text
    follow_up_done(store, jane)
    assert [ln.contact_id for ln in today(store, NOW).section("follow_ups")] == []


def test_cli_follow_up_done_and_snooze(sqlite_url):
    def run(*args):
        return runner.invoke(app, ["--db", sqlite_url, *args])

    assert run("add", "Zoë Ångström").exit_code == 0
    today = date.today()
    r = run("log", "email", "zoe", "-m", "Sent the deck", "--follow-up", "tomorrow", "--at", "-1h")
    assert r.exit_code == 0, r.output
    r = run("follow-up", "snooze", "zoe", "in 1w")
    week = today + timedelta(days=7)
    assert r.exit_code == 0, r.output
    assert r.output.strip() == (f"snoozed Zoë Ångström's follow-up of "
                                f"{today + timedelta(days=1):%a %Y-%m-%d} to {week:%a %Y-%m-%d}")
    assert json.loads(run("show", "zoe", "--json").output)["follow_up_due"] == week.isoformat()
    r = run("follow-up", "done", "zoe", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output) == {"id": 1, "name": "Zoë Ångström", "follow_up_due": None,
                                    "done": week.isoformat()}
    assert len(json.loads(run("show", "zoe", "--json").output)["interactions"]) == 1
    r = run("follow-up", "done", "zoe")
    assert (r.exit_code, r.output.strip()) == (1, "rolodex: Zoë Ångström has no open follow-up")
    r = run("follow-up", "snooze", "zoe", "whenever")
    assert r.exit_code == 2 and "bad follow-up day 'whenever'" in r.output
    r = run("follow-up", "snooze", "zoe")
    assert r.exit_code == 2 and "follow-up snooze needs a day" in r.output
    r = run("follow-up", "later", "zoe")
    assert r.exit_code == 2 and "use done CONTACT or snooze CONTACT DAY" in r.output
