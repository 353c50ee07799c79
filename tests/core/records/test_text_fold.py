"""``contact.text_fold``: the folded address, URL and notes that a deep search reads in SQL.
Every writer of those columns keeps it (add, bulk, edit, merge, an import's merge, erase's
scrub of mentions), a migration fills it in an old rolodex, and ``rolodex check`` finds
(``--repair`` fixes) a row where it is not what the writers' rule gives."""

from __future__ import annotations

from pathlib import Path

from sample_rolodex import fill
from sqlalchemy import select, text, update

from rolodex.core.admin.check import check, repair
from rolodex.core.admin.erase import erase_contact
from rolodex.core.db.models import Contact, text_fold
from rolodex.core.db.store import Store
from rolodex.core.records.bulk import bulk_insert_contacts
from rolodex.core.records.contacts import ContactIn, add_contact, edit_contact
from rolodex.core.records.merge import merge_contacts
from rolodex.core.search.oneshot import search
from rolodex.interchange.importer import import_file


def folds(store) -> dict[int, str]:
    with store.read() as s:
        return dict(s.execute(select(Contact.id, Contact.text_fold)).all())


def rule(store) -> dict[int, str]:
    with store.read() as s:
        return {cid: text_fold(a, u, n) for cid, a, u, n in s.execute(
            select(Contact.id, Contact.address, Contact.url, Contact.notes))}


def test_every_writer_keeps_it(store, tmp_path: Path):
    ids = fill(store)
    zoe, jane = ids["zoe"], ids["jane"]
    assert folds(store)[zoe] == "storgatan 1 111 22 stockholm https://zoe.se likes " \
        '"fika" line two \\ backslash'
    edit_contact(store, jane, notes="Café Müller, Düsseldorf", url="https://Jane.example")
    assert folds(store)[jane] == "https://jane.example cafe muller, dusseldorf"
    with store.tx() as s:
        [bulk] = bulk_insert_contacts(s, [ContactIn(name="Bulk Person", address="Ørsted Vej 4",
                                                    notes="ÉCOLE")], store.now())
    assert folds(store)[bulk] == "orsted vej 4 ecole"
    other = add_contact(store, ContactIn(name="Jane Doe (home)", notes="Ski in Zermatt"))
    merge_contacts(store, jane, other)
    assert "zermatt" in folds(store)[jane] and "muller" in folds(store)[jane]
    # an import merging a card into someone already there (same email: the same person)
    card = tmp_path / "j.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe\r\nEMAIL:jane@initech.com\r\n"
                    "ADR;TYPE=home:;;Königsallee 1;Düsseldorf;;;\r\nEND:VCARD\r\n",
                    encoding="utf-8")
    summary = import_file(store, "vcard", card, on_duplicate="merge")
    assert summary.merged == 1, summary.line()
    assert "konigsallee 1" in folds(store)[jane]
    assert folds(store) == rule(store)
    assert check(store).ok, [p.message for p in check(store).problems]


def test_erase_leaves_no_fold_of_the_name_in_other_notes(store):
    ids = fill(store)  # jane's notes: "met Zoë Ångström at KubeCon"
    assert "zoe angstrom" in folds(store)[ids["jane"]]
    erase_contact(store, ids["zoe"])
    assert "zoe" not in folds(store)[ids["jane"]]
    assert folds(store)[ids["jane"]] == "met (erased) at kubecon"
    assert folds(store) == rule(store)


def test_a_deep_search_finds_accented_notes_by_their_fold(store):
    fill(store)
    add_contact(store, ContactIn(name="Pat Quinn", notes="Wohnt in Zürich, spricht Français"))
    for query in ("zurich", "Zürich", "francais", "ZURICH quinn"):
        found = [r.name for r, _ in search(store.url, query)]
        assert found == ["Pat Quinn"], (query, found)


def test_check_finds_a_stale_fold_and_repair_recomputes_it(sqlite_store):
    ids = fill(sqlite_store)
    with sqlite_store.tx() as s:
        s.execute(update(Contact).where(Contact.id == ids["zoe"]).values(text_fold=""))
        s.execute(update(Contact).where(Contact.id == ids["jane"]).values(name_fold="x"))
    report = check(sqlite_store)
    [problem] = [p for p in report.problems if p.kind == "folds"]
    assert problem.ids == sorted([ids["zoe"], ids["jane"]]) and problem.repairable
    fixed = repair(sqlite_store)
    assert fixed.ok and "folds recomputed for 2 contacts" in fixed.repaired
    assert folds(sqlite_store) == rule(sqlite_store)


def test_the_migration_fills_it_in_a_schema_10_rolodex(tmp_path: Path):
    import shutil

    db = tmp_path / "old.db"
    shutil.copyfile(Path(__file__).parents[2] / "fixtures" / "db" / "schema10.db", db)
    st = Store(f"sqlite:///{db}")
    assert st.upgraded_from == 10
    with st.engine.connect() as c:
        zoe = c.execute(text("SELECT text_fold FROM contact WHERE name = 'Zoë Ångström'"))
        assert zoe.scalar_one() == "storgatan 1 111 22 stockholm https://zoe.se likes fika"
    assert folds(st) == rule(st)
    st.close()
