"""Today (core/today.py, ``rolodex today``): each section on a fixed clock, on SQLite and
PostgreSQL; the command's text and --json; the fast path imports no SQLAlchemy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import log_interaction
from rolodex.core.records.intros import ask
from rolodex.core.today import birthday_in, render, today

NOW = datetime(2026, 11, 26, 10, 0)  # a Thursday; the store's fixed clock


def _aged(store, cid, days):
    """Pretend the contact was added ``days`` ago (what an import from last year does)."""
    with store.tx() as s:
        s.execute(text("UPDATE contact SET created_at = :t WHERE id = :i"),
                  {"t": NOW - timedelta(days=days), "i": cid})


def fill(store) -> dict[str, int]:
    ids = {}
    for name, kw, age in (
            ("Zoë Ångström", {"company": "Acme", "cadence_days": 30}, 400),
            ("Jane Doe", {"company": "Initech", "birthday": "--11-28"}, 400),
            ("Raj Patel", {"birthday": "1980-12-02"}, 400),
            ("Grace Hopper", {"cadence_days": 90, "birthday": "1906-12-09"}, 400),
            ("Nina Cichorius", {"company": "Acme", "met_on": date(2026, 11, 16)}, 10),
            ("Sven Anders", {}, 1),
            ("Old Timer", {"birthday": "--11-26"}, 400)):
        ids[name] = add_contact(store, ContactIn(name=name, **kw))
        _aged(store, ids[name], age)
    log_interaction(store, "call", [ids["Zoë Ångström"]], "renewal", at=NOW - timedelta(days=45))
    log_interaction(store, "meeting", [ids["Jane Doe"], ids["Raj Patel"]], "proposal",
                    at=NOW - timedelta(days=6), follow_up=date(2026, 11, 24))
    log_interaction(store, "call", [ids["Raj Patel"]], "called back", at=NOW - timedelta(days=1))
    log_interaction(store, "email", [ids["Grace Hopper"]], "sent the deck",
                    at=NOW - timedelta(days=2), follow_up=date(2026, 11, 26))
    log_interaction(store, "meeting", [ids["Nina Cichorius"]], "met at the fair",
                    at=NOW - timedelta(days=10))
    ask(store, ids["Zoë Ångström"], ids["Raj Patel"], for_what="Kubernetes")
    return ids


def test_each_section_on_a_fixed_clock(store):
    ids = fill(store)
    t = today(store, NOW)
    names = {k: [ln.name for ln in t.section(k)] for k in t.lines}
    # Jane's follow-up (2 days late) before Grace's (due today); Raj's was closed by his call
    assert names["follow_ups"] == ["Jane Doe", "Grace Hopper"]
    assert t.section("follow_ups")[0].text == ("“proposal” (meeting 6 days ago), 2 days late "
                                               "(due Tue 24 Nov)")
    assert t.section("follow_ups")[1].text == "“sent the deck” (email 2 days ago), due today"
    # Zoë: touched by the ask today, so not overdue; Grace: 90-day cadence, touched 2 days ago
    assert names["overdue"] == [] and t.totals["overdue"] == 0
    # today, the 28th (partial date), the 2nd with a year; the 9th is after this week
    assert names["birthdays"] == ["Old Timer", "Jane Doe", "Raj Patel"]
    assert [ln.text for ln in t.section("birthdays")] == [
        "today", "Saturday 28 Nov", "Wednesday 02 Dec, turns 46"]
    assert names["intros"] == ["Zoë Ångström"]
    assert t.section("intros")[0].text == "to introduce Raj Patel (Kubernetes): asked today"
    assert t.section("intros")[0].contact_id == ids["Zoë Ångström"]
    # Nina: met 10 days ago, one entry; Sven: added yesterday (too soon to nag)
    assert names["met"] == ["Nina Cichorius"]
    assert t.section("met")[0].text == "met 10 days ago, logged once (10 days ago)"


def test_overdue_most_overdue_first_with_the_count(store):
    ids = [add_contact(store, ContactIn(name=f"Person {k}", cadence_days=10)) for k in range(5)]
    for k, cid in enumerate(ids):
        log_interaction(store, "call", [cid], "hi", at=NOW - timedelta(days=11 + k))
    t = today(store, NOW, limit=3)
    assert [ln.name for ln in t.section("overdue")] == ["Person 4", "Person 3", "Person 2"]
    assert t.totals["overdue"] == 5
    assert t.section("overdue")[0].text == "5 days overdue, every 10 days, last touch 15 days ago"
    assert "Keep in touch · 5 overdue, the 3 most overdue" in render(t)


def test_an_empty_day_says_so(store):
    add_contact(store, ContactIn(name="Quiet Person"))
    t = today(store, NOW + timedelta(days=60))
    assert t.empty
    assert render(t).splitlines()[1].startswith("Nothing due")


@pytest.mark.parametrize("bday, on", [
    ("--11-26", date(2026, 11, 26)), ("--12-02", date(2026, 12, 2)), ("--12-03", None),
    ("1990-11-30", date(2026, 11, 30)), ("--11-25", None), ("1990-11", None), ("", None),
    ("--02-29", None), ("junk", None)])
def test_birthday_in_the_week(bday, on):
    assert birthday_in(bday, date(2026, 11, 26)) == on


def test_birthday_over_new_year_and_on_29_february():
    assert birthday_in("--01-02", date(2026, 12, 30)) == date(2027, 1, 2)
    assert birthday_in("2000-02-29", date(2027, 2, 25)) == date(2027, 2, 28)


runner = CliRunner()


def test_cli_today_text_and_json(sqlite_url):
    def run(*args):
        r = runner.invoke(app, ["--db", sqlite_url, *args])
        assert r.exit_code == 0, r.output
        return r.output

    run("add", "Zoë Ångström", "--company", "Acme")
    run("add", "Jane Doe")
    run("log", "call", "zoe", "-m", "proposal", "--follow-up", "today", "--at", "-1h")
    run("ask", "jane", "zoe", "-m", "an intro")
    out = run("today")
    lines = out.splitlines()
    assert lines[0] == f"Today · {datetime.now():%A %d %B %Y}"
    assert "Follow-ups due · 1" in lines
    assert "  Zoë Ångström (Acme): “proposal” (call today), due today" in lines
    assert "Introductions awaiting a reply · 1" in lines
    data = json.loads(run("today", "--json"))
    assert data["totals"] == {"follow_ups": 1, "birthdays": 0, "intros": 1, "met": 0,
                              "overdue": 0}
    fu = data["follow_ups"][0]
    assert (fu["name"], fu["due"], fu["days_late"], fu["entry"]["summary"]) == (
        "Zoë Ångström", date.today().isoformat(), 0, "proposal")
    assert data["intros"][0]["target"]["name"] == "Zoë Ångström"


def test_the_fast_path_answers_without_sqlalchemy(tmp_path):
    from rolodex.core.db.store import Store

    db = tmp_path / "r.db"
    store = Store(str(db))
    add_contact(store, ContactIn(name="Zoë Ångström", birthday=f"--{date.today():%m-%d}"))
    store.close()
    env = {**os.environ, "ROLODEX_DB": str(db)}
    exe = [sys.executable, "-m", "rolodex"]
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "rolodex", "today", "--json"],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["birthdays"][0]["text"] == "today"
    heavy = {ln.rsplit("|", 1)[-1].strip().split(".")[0] for ln in r.stderr.splitlines()}
    assert not heavy & {"sqlalchemy", "sqlmodel", "typer", "textual"}
    bad = subprocess.run([*exe, "today", "--nonsense"], env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and "--nonsense" in bad.stderr  # typer's usage error
    zero = subprocess.run([*exe, "today", "--limit", "0"], env=env, capture_output=True,
                          text=True)
    assert zero.returncode == 2 and "--limit" in zero.stderr
