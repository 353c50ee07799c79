"""``bulk.bulk_load``: a big import into a rolodex no bigger than it builds the contact
tables' indexes once at the end instead of row by row. The indexes come back exactly as
they were (same names, same definitions, same content), a failure rolls them back with
the rows, and an import smaller than the rolodex never touches them."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text

from rolodex.core.errors import RolodexError
from rolodex.core.records.bulk import BULK_MIN, BULK_TABLES, bulk_insert_contacts, bulk_load
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.interchange.importer import import_file


def cards(path, n: int, start: int = 0):
    path.write_text("".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person{i} Tester{i}\r\nORG:Firm{i % 97}\r\n"
        f"EMAIL:p{i}@example.com\r\nTEL:+1 555 {i:07d}\r\nCATEGORIES:t{i % 5}\r\n"
        f"NOTE:note {i}\r\nEND:VCARD\r\n" for i in range(start, start + n)), "utf-8")
    return path


def indexes(store) -> list[tuple[str, str, str]]:
    with store.read() as s:
        return indexes_in(s)


def indexes_in(s) -> list[tuple[str, str, str]]:
    """The indexes of the bulk tables that can be dropped (not those of UNIQUE columns)."""
    names = ", ".join(f"'{t}'" for t in BULK_TABLES)
    return s.execute(text(
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' "
        f"AND sql IS NOT NULL AND tbl_name IN ({names}) ORDER BY name")).all()


@pytest.fixture
def statements(sqlite_store):
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(sqlite_store.engine, "before_cursor_execute", record)
    yield seen
    event.remove(sqlite_store.engine, "before_cursor_execute", record)


def test_big_import_into_empty_rolodex_builds_the_indexes_once(sqlite_store, statements,
                                                               tmp_path):
    before = indexes(sqlite_store)
    assert len(before) >= 8  # name_fold, company, emails' and phones' norms, ...
    summary = import_file(sqlite_store, "vcard", cards(tmp_path / "a.vcf", BULK_MIN + 200))
    assert summary.added == BULK_MIN + 200
    assert indexes(sqlite_store) == before
    dropped = [q for q in statements if q.startswith("DROP INDEX")]
    assert len(dropped) == len(before)
    with sqlite_store.read() as s:
        assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        plan = " ".join(r[-1] for r in s.execute(text(
            "EXPLAIN QUERY PLAN SELECT contact_id FROM contact_email WHERE norm = 'x'"))
        )
        assert "ix_contact_email_norm" in plan
        assert s.execute(text("SELECT count(*) FROM contact_email "
                              "WHERE norm = 'p77@example.com'")).scalar_one() == 1


def test_import_smaller_than_the_rolodex_leaves_the_indexes(sqlite_store, statements,
                                                            tmp_path):
    import_file(sqlite_store, "vcard", cards(tmp_path / "a.vcf", BULK_MIN + 200))
    statements.clear()
    summary = import_file(sqlite_store, "vcard",
                          cards(tmp_path / "b.vcf", BULK_MIN + 100, start=10_000))
    assert summary.added == BULK_MIN + 100
    assert not [q for q in statements if q.startswith(("DROP INDEX", "CREATE INDEX"))]


def test_small_import_leaves_the_indexes(sqlite_store, statements, tmp_path):
    import_file(sqlite_store, "vcard", cards(tmp_path / "a.vcf", 50))
    assert not [q for q in statements if q.startswith(("DROP INDEX", "CREATE INDEX"))]


def test_a_failure_inside_rolls_the_indexes_back_with_the_rows(sqlite_store):
    before = indexes(sqlite_store)
    add_contact(sqlite_store, ContactIn(name="Already Here"))
    people = [ContactIn(name=f"P{i}", emails=[f"p{i}@example.com"])
              for i in range(BULK_MIN)]
    with pytest.raises(RolodexError), sqlite_store.tx() as s:
        with bulk_load(s, len(people)):
            bulk_insert_contacts(s, people, sqlite_store.now(), check=False)
            assert indexes_in(s) == []  # dropped while the rows go in
            raise RolodexError("stop half-way")
    assert indexes(sqlite_store) == before
    with sqlite_store.read() as s:
        assert s.execute(text("SELECT count(*) FROM contact")).scalar_one() == 1
        assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"

