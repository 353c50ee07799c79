"""Opening a rolodex: migrations, refusals, locks. Each refusal is one clear line, exit 1,
and nothing written."""

import sqlite3

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.db.migrations import MIGRATIONS
from rolodex.core.db.schema import SCHEMA_VERSION
from rolodex.core.db.store import Store
from rolodex.core.errors import StoreError
from rolodex.core.records.contacts import ContactIn, add_contact, count_contacts, resolve

runner = CliRunner()


def _run(*args, env=None):
    return runner.invoke(app, list(args), env=env)


def _make_v0(path):
    """A schema-0 rolodex: today's tables without contact.name_fold, two contacts."""
    s = Store(str(path))
    add_contact(s, ContactIn(name="Zoë Ångström", company="Acme"))
    add_contact(s, ContactIn(name="Bob Byte"))
    s.close()
    con = sqlite3.connect(path)
    con.execute("DROP INDEX ix_contact_fold")
    con.execute("ALTER TABLE contact DROP COLUMN name_fold")
    con.execute("UPDATE rolodex_meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()


def test_old_schema_is_upgraded_after_a_backup(tmp_path):
    db = tmp_path / "old.db"
    _make_v0(db)
    assert 0 in MIGRATIONS
    s = Store(str(db))
    try:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.upgraded_from == 0
        backups = list(tmp_path.glob("old.schema0.*.bak"))
        assert backups == [s.upgrade_backup]
        # the backup is the old database, untouched
        con = sqlite3.connect(backups[0])
        assert con.execute("SELECT value FROM rolodex_meta").fetchone() == ("0",)
        cols = [r[1] for r in con.execute("PRAGMA table_info(contact)")]
        assert "name_fold" not in cols
        con.close()
        # the migration filled the new column: accent-insensitive resolve works
        assert resolve(s, "zoe angstrom") == 1
    finally:
        s.close()
    # opening again does not upgrade (or back up) twice
    s2 = Store(str(db))
    assert s2.upgraded_from is None
    s2.close()
    assert len(list(tmp_path.glob("*.bak"))) == 1


def test_search_on_an_old_schema_upgrades_it(tmp_path):
    db = tmp_path / "old.db"
    _make_v0(db)
    r = _run("--db", str(db), "search", "angstrom", "--json")
    assert r.exit_code == 0, r.output
    assert '"Zoë Ångström"' in r.output


def test_newer_schema_is_refused(tmp_path):
    db = tmp_path / "new.db"
    Store(str(db)).close()
    con = sqlite3.connect(db)
    con.execute("UPDATE rolodex_meta SET value = ? WHERE key = 'schema_version'",
                (str(SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer rolodex"):
        Store(str(db))
    r = _run("--db", str(db), "add", "Someone")
    assert r.exit_code == 1
    assert "newer rolodex" in r.output and len(r.output.strip().splitlines()) == 1
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM contact").fetchone() == (0,)
    con.close()
    r = _run("--db", str(db), "search", "x")
    assert r.exit_code == 1 and "newer rolodex" in r.output


def test_not_an_sqlite_file(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("just some notes\n" * 10)
    before = f.read_bytes()
    for args in (("add", "X"), ("search", "x"), ("show", "x"), ("mutt-query", "x")):
        r = _run("--db", str(f), *args)
        assert r.exit_code == 1, (args, r.output)
        assert "not a rolodex database" in r.output
        assert len(r.output.strip().splitlines()) == 1
    assert f.read_bytes() == before


def test_sqlite_file_of_another_program(tmp_path):
    f = tmp_path / "other.db"
    con = sqlite3.connect(f)
    con.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
    con.commit()
    con.close()
    r = _run("--db", str(f), "add", "X")
    assert r.exit_code == 1 and "not a rolodex database" in r.output
    con = sqlite3.connect(f)
    tables = {t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"photos"}


def test_unwritable_path(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    r = _run("--db", str(blocker / "sub" / "rolodex.db"), "add", "X")
    assert r.exit_code == 1
    assert "cannot create the folder" in r.output and len(r.output.strip().splitlines()) == 1


def test_missing_rolodex_is_not_created_by_read_commands(tmp_path):
    db = tmp_path / "none.db"
    for args in (("search", "x"), ("show", "x"), ("log", "call", "x"), ("mutt-query", "x")):
        r = _run("--db", str(db), *args)
        assert r.exit_code == 1 and "no rolodex there" in r.output, (args, r.output)
    assert not db.exists()


def test_locked_database_fails_cleanly(tmp_path):
    db = tmp_path / "busy.db"
    s = Store(str(db))
    add_contact(s, ContactIn(name="Ann Early"))
    s.close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        r = _run("--db", str(db), "add", "Late Comer", env={"ROLODEX_BUSY_MS": "100"})
        assert r.exit_code == 1
        assert "locked" in r.output and len(r.output.strip().splitlines()) == 1
        r = _run("--db", str(db), "log", "call", "ann", env={"ROLODEX_BUSY_MS": "100"})
        assert r.exit_code == 1 and "locked" in r.output
        # core: the same refusal as an exception, nothing half-written
        s = Store(str(db), busy_timeout_ms=100)
        with pytest.raises(StoreError, match="locked"):
            add_contact(s, ContactIn(name="Late Comer"))
        s.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    s = Store(str(db))
    assert count_contacts(s) == 1
    s.close()


def test_file_modes(tmp_path):
    db = tmp_path / "new" / "rolodex.db"
    Store(str(db)).close()
    assert db.stat().st_mode & 0o777 == 0o600
    assert db.parent.stat().st_mode & 0o777 == 0o700
