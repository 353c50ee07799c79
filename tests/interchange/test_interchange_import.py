"""The transactional import on SQLite and PostgreSQL: one transaction, no one lost, no one
doubled, a broken file changes nothing, dry-run writes nothing, and golden round trips."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from rolodex.core.db.models import Contact
from rolodex.core.db.store import Store
from rolodex.core.errors import RolodexError, UsageError
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.interchange.exporter import export_file, load_contacts
from rolodex.interchange.importer import import_file

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"
ALL = [("vcard", "phone21.vcf"), ("vcard", "ios30.vcf"), ("vcard", "v40_bom.vcf"),
       ("vcard", "cp1252.vcf"), ("linkedin", "linkedin.csv"), ("google", "google.csv"),
       ("google", "google_legacy.csv"), ("outlook", "outlook_desktop.csv"),
       ("outlook", "outlook_com.csv"), ("csv", "generic.csv")]
MODELED = ("name", "company", "title", "address", "location", "url", "notes", "category",
           "known_directly", "closeness", "cadence_days", "birthday", "met_on", "uid",
           "emails", "phones", "tags", "skills")


def count(store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(Contact)).scalar_one()


def snapshot(store) -> dict[str, dict]:
    """Everything we model, per person (labels included), keyed by name."""
    out = {}
    for c in load_contacts(store):
        row = {k: c[k] for k in MODELED}
        row["tags"], row["skills"] = sorted(c["tags"]), sorted(c["skills"])
        extra = dict(c["extra"])
        row["kept"] = sorted(extra.get("vcard", [])) + sorted(extra.get("csv", {}).items())
        out[c["name"]] = row
    return out


def import_all(store) -> None:
    for fmt, name in ALL:
        import_file(store, fmt, FIX / name)


def test_every_fixture_imports_and_reimport_adds_nobody(store):
    import_all(store)
    n = count(store)
    assert n == 18  # Chidi Okafor is in the phone's vCard and in LinkedIn: one person
    snap = snapshot(store)
    assert snap["Chidi Okafor"]["emails"] == [("chidi@example.com", "work")]
    assert snap["Zoë Ångström"]["tags"] == ["Nordics", "climbing"]
    for fmt, name in ALL:
        s = import_file(store, fmt, FIX / name)
        assert s.added == 0 and s.skipped > 0, (name, s.line())
    assert count(store) == n
    assert snapshot(store) == snap


def test_broken_file_changes_nothing_and_names_the_line(store, tmp_path):
    add_contact(store, ContactIn(name="Already Here", emails=["here@example.com"]))
    before = snapshot(store)
    with pytest.raises(RolodexError) as exc:
        import_file(store, "vcard", FIX / "no_end.vcf")
    assert str(exc.value).startswith(f"{FIX / 'no_end.vcf'}:6: card has no END:VCARD")
    assert snapshot(store) == before
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email,Notes\nGood One,good@example.com,\n,,a note and nobody\n")
    with pytest.raises(RolodexError, match=r"bad\.csv:3: no name, email, phone or organisation"):
        import_file(store, "csv", bad)
    assert snapshot(store) == before


def test_skip_bad_imports_the_rest_and_reports_each(store, tmp_path):
    s = import_file(store, "vcard", FIX / "no_end.vcf", skip_bad=True)
    assert (s.added, s.skipped, s.refused) == (1, 0, 1)
    assert s.bad == [f"{FIX / 'no_end.vcf'}:6: card has no END:VCARD (the file ends inside it)"]
    assert list(snapshot(store)) == ["Good Person"]


def test_dry_run_writes_nothing(store):
    add_contact(store, ContactIn(name="Chidi Okafor", emails=["chidi@example.com"]))
    s = import_file(store, "vcard", FIX / "phone21.vcf", dry_run=True)
    assert (s.added, s.skipped, s.dry_run) == (1, 1, True)
    assert s.line() == "added 1, merged 0, skipped 1, matched 1 by email (UTF-8)"
    assert list(snapshot(store)) == ["Chidi Okafor"]


def test_merge_fills_empty_fields_and_adds_new_details(store):
    cid = add_contact(store, ContactIn(name="Chidi Okafor", emails=["CHIDI@example.com"],
                                       notes="Old note.", tags=["lagos"]))
    s = import_file(store, "vcard", FIX / "phone21.vcf", on_duplicate="merge")
    assert (s.added, s.merged) == (1, 1)
    c = snapshot(store)["Chidi Okafor"]
    assert c["emails"] == [("CHIDI@example.com", "")]
    assert c["phones"] == [("+1 (555) 010-2000", "work"), ("+1 555 010 2001", "assistant")]
    assert c["birthday"] == "1979-02-14" and c["location"] == "Lagos, Nigeria"
    assert c["notes"] == "Old note." and c["tags"] == ["lagos"]
    again = import_file(store, "linkedin", FIX / "linkedin.csv", on_duplicate="merge")
    assert again.merged == 1
    c = snapshot(store)["Chidi Okafor"]
    assert (c["company"], c["title"]) == ("Okafor & Sons", "Founder")
    assert cid in again.ids


def test_on_duplicate_new_adds_a_second_card(store):
    import_file(store, "vcard", FIX / "ios30.vcf")
    s = import_file(store, "vcard", FIX / "ios30.vcf", on_duplicate="new")
    assert s.added == 1 and count(store) == 2
    with store.read() as sess:
        uids = sorted(str(u) for u in sess.scalars(select(Contact.uid)))
    assert "8A2C5E3F-1111-4C6B-9D2E-ios-zoe" in uids
    copy = next(u for u in uids if u != "8A2C5E3F-1111-4C6B-9D2E-ios-zoe")
    assert str(uuid.UUID(copy)) == copy  # the copy got a fresh UUID


def test_within_file_duplicates_are_merged(store, tmp_path):
    f = tmp_path / "dupes.vcf"
    f.write_text("BEGIN:VCARD\nFN:Jane Doe\nORG:Acme Inc.\nEMAIL:jane@acme.example\nEND:VCARD\n"
                 "BEGIN:VCARD\nFN:jane doe\nORG:ACME\nTEL:+1 555 0100 200\nEND:VCARD\n"
                 "BEGIN:VCARD\nFN:Jane  Doe\nEMAIL:JANE@acme.example\nNOTE:hi\nEND:VCARD\n"
                 "BEGIN:VCARD\nFN:Jon Doe\nORG:Acme\nEND:VCARD\n")
    s = import_file(store, "vcard", f)
    assert (s.added, s.merged) == (2, 2)
    jane = snapshot(store)["Jane Doe"]
    assert jane["phones"] == [("+1 555 0100 200", "")] and jane["notes"] == "hi"


def test_fuzzy_name_and_company_and_uid_conflicts(store, tmp_path):
    add_contact(store, ContactIn(name="Zoë Ångström", company="Nordlys AB"))
    add_contact(store, ContactIn(name="Katherine Johnson", company="NASA"))
    f = tmp_path / "f.csv"
    f.write_text("Name,Company\nZoe Angstrom,Nordlys\nKatherine G. Johnson,NASA\n"
                 "Katherine Johnson,Boeing\n")
    s = import_file(store, "csv", f)
    # The same name and company again (an accent, a legal suffix aside) is the same record;
    # a close name at the same company, or the same name elsewhere, is only a question.
    assert (s.added, s.skipped, s.pairs) == (2, 1, 2)
    assert s.matched_by == {"same record": 1}


def test_nfc_names(store, tmp_path):
    f = tmp_path / "nfd.csv"
    f.write_bytes("Name\nZoe\u0308 A\u030angstro\u0308m\n".encode())
    import_file(store, "csv", f)
    assert list(snapshot(store)) == ["Zoë Ångström"]


def test_usage_errors(store, tmp_path):
    with pytest.raises(UsageError, match="unknown format"):
        import_file(store, "ldif", FIX / "ios30.vcf")
    with pytest.raises(UsageError, match="no such file"):
        import_file(store, "vcard", tmp_path / "missing.vcf")
    with pytest.raises(UsageError, match="on-duplicate"):
        import_file(store, "vcard", FIX / "ios30.vcf", on_duplicate="maybe")


def test_progress_is_reported(store):
    seen = []
    import_file(store, "google", FIX / "google.csv", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4, 4) and seen == sorted(seen)


@pytest.mark.parametrize("fmt, version, back", [("vcard", "4.0", "vcard"),
                                                ("vcard", "3.0", "vcard"), ("csv", "", "csv")])
def test_golden_round_trip_keeps_every_person_and_field(store, tmp_path, fmt, version, back):
    import_all(store)
    add_contact(store, ContactIn(name="Full Fields", company="=cmd|' /C calc'!A0",
                                 title="-2+3", closeness=4, cadence_days=30,
                                 category="customer", known_directly=False,
                                 skills=["Go", "Rust"], tags=["ab"],
                                 phones=["+1 555 010 9999"], phone_labels=["work fax"],
                                 notes="line 1\nline 2, with; punctuation \\ and \"quotes\""))
    want = snapshot(store)
    out = tmp_path / f"out.{fmt}"
    n = export_file(store, fmt, out, vcard_version=version or "4.0")
    assert n == len(want)
    fresh = Store(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        s = import_file(fresh, back, out)
        assert (s.added, s.bad) == (len(want), [])
        got = snapshot(fresh)
        assert set(got) == set(want)
        for name in want:
            a, b = dict(want[name]), dict(got[name])
            if fmt == "csv":  # CSV keeps the extra columns, not verbatim vCard lines
                a["kept"] = [k for k in a["kept"] if isinstance(k, tuple)]
                b["kept"] = [k for k in b["kept"] if isinstance(k, tuple)]
            assert a == b, name
        again = import_file(fresh, back, out)
        assert again.added == 0
    finally:
        fresh.close()


def test_export_one_contact_and_json_extra_survives(store, tmp_path):
    import_file(store, "vcard", FIX / "ios30.vcf")
    with store.read() as s:
        cid, extra = s.execute(select(Contact.id, Contact.extra)).one()
    assert "X-SOCIALPROFILE" in json.dumps(json.loads(extra))
    out = tmp_path / "one.vcf"
    assert export_file(store, "vcard", out, contact_ids=[cid]) == 1
    data = out.read_bytes()
    assert data.count(b"BEGIN:VCARD") == 1 and b"\r\n" in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    assert b"item5.X-ABRELATEDNAMES" in data and b"PHOTO;ENCODING=b;TYPE=JPEG:" in data
