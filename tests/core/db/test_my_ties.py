"""My ties kept by the writer path (table ``my_tie``, core/db/my_ties.py): after any mix of
adds, edits, deletes, merges and undo the stored rows are what the log gives from scratch;
``rolodex check`` finds a wrong row and ``--repair`` recomputes it; re-basing the epoch
keeps every tie; the migration from schema 6 fills the table."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sample_rolodex import fill
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core import ties
from rolodex.core.admin.check import check, repair
from rolodex.core.db import my_ties
from rolodex.core.db.models import KINDS
from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact, edit_contact
from rolodex.core.records.interactions import (
    delete_interaction,
    edit_interaction,
    log_interaction,
)
from rolodex.core.records.merge import merge_contacts
from rolodex.core.records.undo import record, undo

NOW = datetime(2026, 11, 26, 10, 0)
FIXTURE6 = Path(__file__).parents[2] / "fixtures" / "db" / "schema6.db"
runner = CliRunner()


def same_as_scratch(store: Store, now: datetime = NOW) -> None:
    with store.read() as s:
        conn = s.connection()
        t0 = my_ties.epoch(conn)
        have, want = my_ties.stored(conn), my_ties.scratch(conn)
    assert set(have) == set(want)
    for key, (last, acc) in want.items():
        assert have[key][0] == last, key
        assert abs(ties.acc_total(have[key][1], t0, now) - ties.acc_total(acc, t0, now)) < 1e-9


def log_sum(store: Store, cid: int, now: datetime) -> float:
    """The sum of touch weights of one contact straight from the log (the old way)."""
    with store.read() as s:
        rows = s.execute(text(
            "SELECT i.kind, i.at FROM interaction i JOIN interaction_participant p "
            "ON p.interaction_id = i.id WHERE p.contact_id = :c AND NOT i.one_to_many"),
            {"c": cid}).all()
    out = 0.0
    for kind, at in rows:
        at = at if isinstance(at, datetime) else datetime.fromisoformat(at)
        out += ties.touch_weight(kind, at, now)
    return out


op = st.one_of(
    st.tuples(st.just("add"), st.sampled_from(KINDS), st.integers(-2000, 30),
              st.lists(st.integers(0, 5), min_size=1, max_size=3), st.booleans()),
    st.tuples(st.just("edit"), st.integers(0, 50), st.sampled_from(KINDS),
              st.integers(-2000, 30), st.lists(st.integers(0, 5), min_size=1, max_size=3)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("merge"), st.integers(0, 5), st.integers(0, 5)),
    st.tuples(st.just("undo"), st.integers(0, 50), st.integers(-2000, 30)),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, min_size=1, max_size=12))
def test_incremental_equals_from_scratch(store, ops):
    people: list[int] = []
    logged: list[int] = []

    def person(i: int) -> int:
        while len(people) <= i:
            people.append(add_contact(store, ContactIn(name=f"P{len(people)} {len(ops)}")))
        return people[i]

    for o in ops:
        if o[0] == "add":
            _, kind, days, who, many = o
            logged.append(log_interaction(store, kind, [person(i) for i in who], "x",
                                          at=NOW + timedelta(days=days, minutes=len(logged)),
                                          one_to_many=many and len(who) > 1))
        elif o[0] == "edit" and logged:
            _, k, kind, days, who = o
            iid = logged[k % len(logged)]
            edit_interaction(store, iid, kind=kind, at=NOW + timedelta(days=days),
                             participants=[person(i) for i in who])
        elif o[0] == "delete" and logged:
            delete_interaction(store, logged.pop(o[1] % len(logged)))
        elif o[0] == "undo" and logged:  # an edit of the day, then a delete, both undone
            iid = logged[o[1] % len(logged)]
            when = NOW + timedelta(days=o[2])
            _, edit = record(store, "edit", lambda iid=iid, when=when: edit_interaction(
                store, iid, at=when), interactions=[iid])
            _, gone = record(store, "delete", lambda iid=iid: delete_interaction(store, iid),
                             interactions=[iid])
            same_as_scratch(store)
            undo(store, gone)
            undo(store, edit)
        elif o[0] == "merge":
            a, b = person(o[1]), person(o[2])
            if a != b:
                merge_contacts(store, a, b)
                people[people.index(b)] = add_contact(store, ContactIn(name="New one"))
        same_as_scratch(store)


def test_the_stored_tie_is_the_log_s_at_any_now(store):
    ids = fill(store)
    with store.read() as s:
        conn = s.connection()
        t0 = my_ties.epoch(conn)
        rows = my_ties.stored(conn)
    assert rows
    for now in (NOW, NOW + timedelta(days=400), NOW - timedelta(days=90)):
        for (_owner, cid), (_last, acc) in rows.items():
            assert abs(ties.acc_total(acc, t0, now) - log_sum(store, cid, now)) < 1e-9
    # a contact with no one-to-one touch has no row
    assert all(cid in ids.values() for _o, cid in rows)


def test_a_wrong_row_is_found_and_repaired(store):
    ids = fill(store)
    with store.engine.begin() as c:
        c.execute(text("UPDATE my_tie SET acc = acc * 2 WHERE contact_id = :c"), {"c": ids["jane"]})
        c.execute(text("DELETE FROM my_tie WHERE contact_id = :c"), {"c": ids["zoe"]})
    r = runner.invoke(app, ["--db", store.url, "check"])
    assert r.exit_code == 1
    zoe, jane = sorted((ids["zoe"], ids["jane"]))
    assert r.stderr.strip().splitlines() == [
        f"my ties: 2 contacts whose stored tie is not what my log gives (#{zoe}, #{jane})"]
    r = runner.invoke(app, ["--db", store.url, "check", "--repair"])
    assert r.exit_code == 0, r.output
    assert "my ties recomputed for 2 contacts" in r.stdout and "ok: 4 contacts" in r.stdout
    same_as_scratch(store)


def test_rebasing_keeps_every_tie(store):
    fill(store)
    with store.read() as s:
        conn = s.connection()
        before = {k: ties.acc_total(a, my_ties.epoch(conn), NOW)
                  for k, (_t, a) in my_ties.stored(conn).items()}
    with store.tx() as s:
        my_ties.rebase(s.connection(), datetime(2026, 1, 1))
    with store.read() as s:
        conn = s.connection()
        assert my_ties.epoch(conn) == datetime(2026, 1, 1)
        after = {k: ties.acc_total(a, my_ties.epoch(conn), NOW)
                 for k, (_t, a) in my_ties.stored(conn).items()}
    assert before.keys() == after.keys()
    assert all(abs(before[k] - after[k]) < 1e-12 for k in before)
    same_as_scratch(store)  # and the writers go on from the new epoch


def test_a_drifting_epoch_is_reported_and_re_based(sqlite_url):
    far = NOW + timedelta(days=ties.HALF_LIFE_DAYS * (ties.REBASE_AFTER + 1))
    store = Store(sqlite_url, clock=lambda: far)
    fill(store)
    assert any(p.kind == "tie_epoch" for p in check(store).problems)
    report = repair(store)
    assert "my ties re-based to this year" in report.repaired and report.ok
    with store.read() as s:
        assert my_ties.epoch(s.connection()) == datetime(far.year, 1, 1)
    store.close()


def test_undo_of_an_edit_is_not_blocked_by_a_later_touch(store):
    cid = add_contact(store, ContactIn(name="Ann Lee"))
    _, step = record(store, "edit", lambda: edit_contact(store, cid, title="CTO"),
                     contacts=[cid])
    log_interaction(store, "call", [cid], "after the edit", at=NOW)
    undo(store, step)  # the tie row changed since, and is not the edit's to compare
    same_as_scratch(store)


def test_the_schema_6_upgrade_fills_my_ties(tmp_path):
    db = tmp_path / "rolodex.db"
    shutil.copyfile(FIXTURE6, db)
    store = Store(f"sqlite:///{db}")
    assert store.upgraded_from == 6
    with store.read() as s:
        assert my_ties.stored(s.connection())
    same_as_scratch(store)
    store.close()


def test_the_demo_computes_my_ties_once(tmp_path):
    from rolodex.demo import build_demo

    store = Store(f"sqlite:///{tmp_path / 'demo.db'}", clock=lambda: NOW)
    build_demo(store, contacts=300, seed=3)
    with store.read() as s:
        assert len(my_ties.stored(s.connection())) > 100
    same_as_scratch(store)
    assert check(store).ok
    store.close()
