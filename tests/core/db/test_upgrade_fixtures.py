"""Old databases upgrade without loss. tests/fixtures/db/schemaN.db were written by the
code of each earlier schema version, taken from git history by make_fixtures.py, with a
row in every table. Opening a copy with today's code keeps every row and every value,
and writes a backup first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from rolodex.core.admin.check import check
from rolodex.core.db.migrations import migrating, rebuild_table
from rolodex.core.db.schema import SCHEMA_VERSION
from rolodex.core.db.store import Store

FIXTURES = sorted((Path(__file__).parents[2] / "fixtures" / "db").glob("schema*.db"))


def raw_rows(path: Path) -> dict[str, set[tuple]]:
    """Every row of every table, as (column, value) pairs, read with plain sqlite3."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        out = {}
        for t in names:
            cur = con.execute(f'SELECT * FROM "{t}"')
            cols = [d[0] for d in cur.description]
            out[t] = {tuple(zip(cols, row, strict=True)) for row in cur}
        return out
    finally:
        con.close()


FILLED = {"contact": ("uid",)}
# columns a migration moved elsewhere: schema 7 keeps my last touch in my_tie, not on the
# card, and schema 10 my follow-up day
MOVED = {("contact", "last_touch_at"): ("my_tie", "contact_id", "id"),
         ("contact", "follow_up_due"): ("my_tie", "contact_id", "id")}


def test_there_is_a_fixture_for_every_old_schema():
    have = {int(p.stem.removeprefix("schema")) for p in FIXTURES}
    assert set(range(1, SCHEMA_VERSION)) <= have  # schema 0 never shipped (see README)


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_every_row_survives_opening_with_todays_code(fixture, tmp_path):
    db = tmp_path / "rolodex.db"
    shutil.copyfile(fixture, db)
    before = raw_rows(db)
    version = int(fixture.stem.removeprefix("schema"))
    assert all(before[t] for t in before if t != "sqlite_sequence"), "a table is empty"
    s = Store(f"sqlite:///{db}")
    if version < SCHEMA_VERSION:
        assert s.upgraded_from == version
        assert s.upgrade_backup is not None and s.upgrade_backup.exists()
        assert raw_rows(s.upgrade_backup) == before  # the backup is the old file, whole
    assert s.schema_version() == SCHEMA_VERSION
    assert check(s, full=True).ok, [p.message for p in check(s, full=True).problems]
    s.close()
    after = raw_rows(db)
    for t, rows in before.items():
        if t == "rolodex_meta":
            continue
        for row in rows:
            # every old column keeps its value; new columns may have been added, and a
            # value a migration fills where there was none (schema 3: every contact gets
            # a UID) may have been filled
            kept = {(k, v) for k, v in row if not (k in FILLED.get(t, ()) and not v)
                    and (t, k) not in MOVED}
            assert any(kept <= set(new) for new in after[t]), (t, row)
            for (table, col), (to, ref, key) in MOVED.items():
                old = dict(row)
                if table == t and old.get(col) is not None:
                    assert any({(ref, old[key]), (col, old[col])} <= set(new)
                               for new in after[to]), (t, row, to)
        assert len(after[t]) == len(rows), t


def _fixture_copy(tmp_path) -> Path:
    db = tmp_path / "rolodex.db"
    shutil.copyfile(FIXTURES[-1], db)
    Store(f"sqlite:///{db}").close()
    return db


def _children(db: Path) -> dict[str, int]:
    s = Store(f"sqlite:///{db}")
    with s.engine.connect() as c:
        out = {t: c.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
               for t in ("contact", "contact_email", "interaction_participant", "knows")}
    s.close()
    return out


def test_rebuilding_a_parent_table_keeps_its_children(tmp_path):
    db = _fixture_copy(tmp_path)
    before = _children(db)
    s = Store(f"sqlite:///{db}")
    with migrating(s.engine) as conn:
        rebuild_table(conn, "contact")
    s.close()
    assert _children(db) == before
    s = Store(f"sqlite:///{db}")
    assert check(s, full=True).ok
    with s.engine.connect() as c:
        idx = {r[0] for r in c.execute(text(
            "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='contact'"))}
    assert {"ix_contact_fold", "ix_contact_company", "ix_contact_title"} <= idx
    s.close()


def test_the_rule_matters_a_drop_with_foreign_keys_on_cascades(tmp_path):
    """Why migrating() turns the keys off: the same rebuild with them on loses children."""
    db = _fixture_copy(tmp_path)
    s = Store(f"sqlite:///{db}")
    with pytest.raises(Exception, match="foreign keys are on"):
        with s.engine.begin() as conn:
            rebuild_table(conn, "contact")
    with s.engine.begin() as conn:  # what rebuild_table would do without the guard
        conn.exec_driver_sql("CREATE TABLE c2 AS SELECT * FROM contact")
        conn.exec_driver_sql("DROP TABLE contact")
        assert conn.exec_driver_sql("SELECT count(*) FROM contact_email").scalar() == 0
        conn.rollback()
    s.close()
