"""dump / restore: the whole rolodex as JSON Lines, the same bytes from SQLite and
PostgreSQL, restored into an empty rolodex of either kind."""

from __future__ import annotations

import json

import pytest
from conftest import fixed_clock
from sample_rolodex import fill, row_counts
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.admin.dump import dump, restore
from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact

runner = CliRunner()


def cli(*args):
    return runner.invoke(app, list(args))


def test_every_table_has_a_row_in_the_sample(store):
    fill(store)
    empty = [t for t, n in row_counts(store).items() if n == 0]
    assert empty == []


def _round_trip(src_url, dst_url, tmp_path):
    src = Store(src_url, clock=fixed_clock)
    fill(src)
    a = tmp_path / "a.jsonl"
    b = tmp_path / "b.jsonl"
    dump(src, a)
    dst = Store(dst_url, clock=fixed_clock)
    restore(dst, a)
    dump(dst, b)
    assert row_counts(dst) == row_counts(src)
    src.close()
    dst.close()
    return a.read_bytes(), b.read_bytes()


@pytest.mark.postgres
def test_sqlite_to_postgres_byte_for_byte(sqlite_url, pg_url, tmp_path):
    a, b = _round_trip(sqlite_url, pg_url, tmp_path)
    assert a == b
    head = json.loads(a.splitlines()[0])
    assert head["rolodex_dump"] == 1 and head["rows"]["contact"] == 4
    assert "Zoë Ångström".encode() in a  # text exact, not \u-escaped
    assert b'"archived":true' in a and b'"one_to_many":true' in a


@pytest.mark.postgres
def test_postgres_to_sqlite_byte_for_byte(sqlite_url, pg_url, tmp_path):
    a, b = _round_trip(pg_url, sqlite_url, tmp_path)
    assert a == b


@pytest.mark.postgres
def test_restored_postgres_takes_new_rows_after_the_restored_ids(sqlite_url, pg_url,
                                                                 tmp_path):
    src = Store(sqlite_url, clock=fixed_clock)
    fill(src)
    dump(src, tmp_path / "d.jsonl")
    dst = Store(pg_url, clock=fixed_clock)
    restore(dst, tmp_path / "d.jsonl")
    assert add_contact(dst, ContactIn(name="New Person", emails=["new@x.org"])) == 5
    src.close()
    dst.close()


def test_show_json_is_the_same_after_restore(db_url, tmp_path):
    src_url = f"sqlite:///{tmp_path / 'src.db'}"
    src = Store(src_url, clock=fixed_clock)
    ids = fill(src)
    src.close()
    r = cli("--db", src_url, "dump", str(tmp_path / "d.jsonl"))
    assert r.exit_code == 0, r.output
    assert "dumped 4 contacts" in r.output
    r = cli("--db", db_url, "restore", str(tmp_path / "d.jsonl"))
    assert r.exit_code == 0, r.output
    assert "restored 4 contacts" in r.output
    for cid in ids.values():
        before = cli("--db", src_url, "show", f"#{cid}", "--json")
        after = cli("--db", db_url, "show", f"#{cid}", "--json")
        assert before.exit_code == 0 and after.exit_code == 0
        assert json.loads(after.stdout) == json.loads(before.stdout)


def test_restore_refuses_a_rolodex_that_is_not_empty(store, tmp_path):
    fill(store)
    dump(store, tmp_path / "d.jsonl")
    before = row_counts(store)
    r = cli("--db", store.url, "restore", str(tmp_path / "d.jsonl"))
    assert r.exit_code == 1
    assert "not empty" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert row_counts(store) == before


def test_dump_refuses_an_existing_file_unless_forced(sqlite_store, tmp_path):
    fill(sqlite_store)
    out = tmp_path / "d.jsonl"
    out.write_text("keep me\n")
    r = cli("--db", sqlite_store.url, "dump", str(out))
    assert r.exit_code == 1
    assert "already exists" in r.stderr and "--force" in r.stderr
    assert out.read_text() == "keep me\n"
    r = cli("--db", sqlite_store.url, "dump", str(out), "--force")
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith('{"rolodex_dump":1,')
    assert not [p.name for p in tmp_path.iterdir() if "part" in p.name]  # nothing left beside


def _bad_restore(tmp_path, lines: list[str]):
    f = tmp_path / "bad.jsonl"
    f.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    r = cli("--db", url, "restore", str(f))
    s = Store(url)
    counts = row_counts(s)
    s.close()
    assert r.exit_code == 1, r.output
    assert len(r.stderr.strip().splitlines()) == 1
    assert sum(n for t, n in counts.items() if t != "rolodex_meta") == 0  # nothing half-written
    return r.stderr


def _good_lines(tmp_path) -> list[str]:
    s = Store(f"sqlite:///{tmp_path / 'good.db'}", clock=fixed_clock)
    fill(s)
    dump(s, tmp_path / "good.jsonl")
    s.close()
    return (tmp_path / "good.jsonl").read_text(encoding="utf-8").splitlines()


def test_restore_refuses_bad_dumps_with_file_and_line(tmp_path):
    good = _good_lines(tmp_path)
    assert "bad.jsonl:1: not a rolodex dump" in _bad_restore(tmp_path, ["{}"])
    newer = json.loads(good[0]) | {"schema": 99}
    assert "newer rolodex (schema 99" in _bad_restore(tmp_path, [json.dumps(newer)] + good[1:])
    older = json.loads(good[0]) | {"schema": 1}
    assert "dumped at schema 1" in _bad_restore(tmp_path, [json.dumps(older)] + good[1:])
    assert "bad.jsonl:3: not a JSON object" in _bad_restore(tmp_path,
                                                            good[:2] + ["{oops"] + good[3:])
    assert "header says" in _bad_restore(tmp_path, good[:-1])  # a truncated dump
    row = json.loads(good[1])
    row["row"]["created_at"] = "yesterday"
    err = _bad_restore(tmp_path, [good[0], json.dumps(row)] + good[2:])
    assert "bad.jsonl:2: contact.created_at: 'yesterday' is not an ISO date" in err
    row = json.loads(good[1])
    row["row"]["shoe_size"] = 44
    assert "bad.jsonl:2: contact: unknown column 'shoe_size'" in _bad_restore(
        tmp_path, [good[0], json.dumps(row)] + good[2:])
    dup = good[:2] + [good[1]] + good[2:]
    head = json.loads(dup[0])
    head["rows"]["contact"] += 1
    err = _bad_restore(tmp_path, [json.dumps(head)] + dup[1:])
    assert "bad.jsonl:2-" in err and "contact" in err  # the same id twice


def test_dump_to_an_unwritable_folder_is_one_line(sqlite_store, tmp_path):
    r = cli("--db", sqlite_store.url, "dump", str(tmp_path / "no" / "such" / "d.jsonl"))
    assert r.exit_code == 1
    assert "no such folder" in r.stderr


def test_dump_reads_one_snapshot_of_every_table(sqlite_store, tmp_path):
    """The header's counts are the rows that follow, table by table."""
    fill(sqlite_store)
    dump(sqlite_store, tmp_path / "d.jsonl")
    lines = (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()
    head = json.loads(lines[0])
    seen: dict[str, int] = {}
    for line in lines[1:]:
        rec = json.loads(line)
        seen[rec["table"]] = seen.get(rec["table"], 0) + 1
    assert seen == {t: n for t, n in head["rows"].items() if n}
    with sqlite_store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM contact")).scalar_one() == 4


def test_restore_of_a_file_that_is_no_dump_creates_no_rolodex(tmp_path):
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0 not a dump")
    db = tmp_path / "new.db"
    r = cli("--db", str(db), "restore", str(junk))
    assert r.exit_code == 1
    assert r.stderr.strip() == f"rolodex: {junk}:1: not UTF-8 text"
    assert not db.exists()
