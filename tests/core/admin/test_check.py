"""rolodex check: the database, its foreign keys and the rolodex's own invariants;
--repair fixes what can be derived again. Corruption is made with raw SQL."""

from __future__ import annotations

import json

import pytest
from sample_rolodex import fill
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.admin.check import check, repair

runner = CliRunner()


def sql(store, *stmts):
    with store.engine.begin() as c:
        for st in stmts:
            c.execute(text(st))


def test_a_sound_rolodex_checks_ok(store):
    fill(store)
    r = runner.invoke(app, ["--db", store.url, "check"])
    assert r.exit_code == 0, r.output
    assert r.stdout.strip() == "ok: 4 contacts, 7 interactions, no problems"
    r = runner.invoke(app, ["--db", store.url, "check", "--full", "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["ok"] is True


def test_a_wrong_last_touch_is_found_and_repaired(store):
    ids = fill(store)
    before = touches(store)
    sql(store, f"DELETE FROM my_tie WHERE contact_id = {ids['zoe']}",
        f"UPDATE my_tie SET last_touch_at = '2001-01-01 00:00:00' WHERE contact_id = {ids['jane']}")
    r = runner.invoke(app, ["--db", store.url, "check"])
    assert r.exit_code == 1
    first, second = sorted((ids["zoe"], ids["jane"]))
    assert r.stderr.strip().splitlines() == [
        f"my ties: 2 contacts whose stored tie is not what my log gives (#{first}, #{second})"]
    r = runner.invoke(app, ["--db", store.url, "check", "--repair"])
    assert r.exit_code == 0, r.output
    assert "repaired: my ties recomputed for 2 contacts" in r.stdout
    assert "ok: 4 contacts" in r.stdout
    after = touches(store)
    assert after == before and after[ids["zoe"]] is not None


def touches(store) -> dict:
    with store.engine.connect() as c:
        return dict(c.execute(text("SELECT contact_id, last_touch_at FROM my_tie")).all())


def test_reversed_and_self_knows_edges(store):
    ids = fill(store)
    a, b = ids["raj"], ids["old"]
    sql(store, f"INSERT INTO knows (a_id, b_id, strength, how) VALUES ({b}, {a}, 2, 'x')",
        f"INSERT INTO knows (a_id, b_id, strength, how) VALUES ({a}, {a}, 2, 'self')")
    rep = check(store)
    assert [p.kind for p in rep.problems] == ["knows_order"]
    assert "knows: 2 edges not stored a < b" in rep.problems[0].message
    rep = repair(store)
    assert rep.repaired == ["indexes rebuilt", "1 knows-edge stored a < b"]
    assert [p.message for p in rep.problems] == [
        f"knows: 1 edge not stored a < b (#{rep.problems[0].ids[0]})"]  # a self-edge stays
    with store.engine.connect() as c:
        assert c.execute(text(f"SELECT count(*) FROM knows WHERE a_id = {a} AND b_id = {b}")
                         ).scalar_one() == 1


def sql_unchecked(store, *stmts):
    """Raw SQL with the foreign keys not enforced (as a damaged file or a careless tool)."""
    if store.path is not None:
        import sqlite3

        raw = sqlite3.connect(store.path)  # foreign keys are off unless asked for
        for st in stmts:
            raw.execute(st)
        raw.commit()
        raw.close()
        return
    with store.engine.begin() as c:
        c.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for st in stmts:
            c.execute(text(st))


def test_orphans_are_reported_not_guessed(store):
    fill(store)
    sql_unchecked(
        store,
        "INSERT INTO contact_email (contact_id, value, norm, label, position) "
        "VALUES (999, 'ghost@x.org', 'ghost@x.org', '', 0)",
        "INSERT INTO interaction (kind, at, summary, details, project, one_to_many, "
        "created_at) VALUES ('call', '2026-01-01 00:00:00', 'nobody', '', '', false, "
        "'2026-01-01 00:00:00')")
    r = runner.invoke(app, ["--db", store.url, "check", "--json"])
    assert r.exit_code == 1
    kinds = {p["kind"]: p for p in json.loads(r.stdout)["problems"]}
    assert set(kinds) == {"foreign_key", "participants"}
    assert "1 contact_email row with contact_id pointing at no contact" in \
        kinds["foreign_key"]["message"]
    assert kinds["participants"]["message"].startswith("interactions: 1 with no participant")
    r = runner.invoke(app, ["--db", store.url, "check", "--repair"])
    assert r.exit_code == 1  # nothing to derive them from: still reported, one line each
    assert len(r.stderr.strip().splitlines()) == 2


@pytest.mark.postgres
def test_duplicate_uids_are_reported(pg_url):
    from rolodex.core.db.store import Store

    s = Store(pg_url)
    ids = fill(s)
    with s.engine.begin() as c:
        c.exec_driver_sql("ALTER TABLE contact DROP CONSTRAINT contact_uid_key")
        c.execute(text(f"UPDATE contact SET uid = 'urn:uuid:zoe-1' WHERE id = {ids['jane']}"))
    rep = check(s)
    assert [p.message for p in rep.problems] == [
        "uid: 1 UID shared by several contacts (urn:uuid:zoe-1)"]
    s.close()


def test_a_corrupt_index_is_found_and_reindexed(tmp_path):
    """An index whose entries disagree with its table (made with writable_schema):
    integrity_check (--full; quick_check does not compare indexes with their tables)
    sees it, REINDEX rebuilds it."""
    import sqlite3

    from conftest import fixed_clock

    from rolodex.core.db.store import Store

    url = f"sqlite:///{tmp_path / 'r.db'}"
    s = Store(url, clock=fixed_clock)
    fill(s)
    s.close()
    raw = sqlite3.connect(tmp_path / "r.db")
    # Drop the index's entries behind SQLite's back: rename the index to point at a
    # different column in sqlite_schema so its stored keys no longer match.
    raw.execute("PRAGMA writable_schema=ON")
    raw.execute("UPDATE sqlite_schema SET sql = replace(sql, '(name_fold)', '(company)') "
                "WHERE name = 'ix_contact_fold'")
    raw.commit()
    raw.close()
    s = Store(url, clock=fixed_clock)
    assert check(s).ok
    rep = check(s, full=True)
    assert rep.problems and {p.kind for p in rep.problems} == {"database"}
    assert rep.problems[0].message.startswith("database: ")
    rep = repair(s, full=True)
    assert rep.ok, [p.message for p in rep.problems]
    s.close()
