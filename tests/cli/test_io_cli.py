"""rolodex import / export through typer's CliRunner: output, exit codes, nothing half-done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "r.db")


def names(db) -> list[str]:
    from rolodex.core.db.store import Store
    from rolodex.interchange.exporter import load_contacts

    store = Store(db)
    try:
        return sorted(c["name"] for c in load_contacts(store))
    finally:
        store.close()


def test_import_prints_the_summary_and_reimport_adds_nobody(db):
    code, out, err = run("import", "vcard", FIX / "phone21.vcf", "--db", db)
    assert (code, out, err) == (0, "phone21.vcf: added 2, merged 0, skipped 0 (UTF-8)\n", "")
    code, out, _ = run("import", "linkedin", FIX / "linkedin.csv", "--db", db)
    assert out == "linkedin.csv: added 3, merged 0, skipped 1, matched 1 by email (UTF-8)\n"
    code, out, _ = run("import", "vcard", FIX / "phone21.vcf", "--db", db)
    assert out == "phone21.vcf: added 0, merged 0, skipped 2, matched 2 by email (UTF-8)\n"
    code, out, _ = run("import", "outlook", FIX / "outlook_desktop.csv", "--db", db, "--json")
    data = json.loads(out)
    assert (data["added"], data["encoding"], data["dry_run"]) == (1, "cp1252", False)


def test_dry_run_and_merge(db):
    code, out, _ = run("import", "vcard", FIX / "ios30.vcf", "--dry-run", "--db", db)
    assert out.startswith("dry run, nothing written: ios30.vcf: added 1,")
    assert names(db) == []
    run("import", "vcard", FIX / "ios30.vcf", "--db", db)
    code, out, _ = run("import", "vcard", FIX / "ios30.vcf", "--on-duplicate", "merge",
                       "--db", db)
    assert out == "ios30.vcf: added 0, merged 1, skipped 0, matched 1 by UID (UTF-8)\n"


def test_bad_file_is_refused_with_its_line_and_nothing_written(db):
    code, out, err = run("import", "vcard", FIX / "no_end.vcf", "--db", db)
    assert code == 1 and out == ""
    assert err == (f"rolodex: {FIX / 'no_end.vcf'}:6: card has no END:VCARD (the file ends "
                   "inside it); nothing imported (--skip-bad imports the other 1)\n")
    assert names(db) == []
    code, out, err = run("import", "vcard", FIX / "no_end.vcf", "--skip-bad", "--db", db)
    assert code == 0
    assert out == "no_end.vcf: added 1, merged 0, skipped 0, 1 record refused (UTF-8)\n"
    assert err == f"skipped {FIX / 'no_end.vcf'}:6: card has no END:VCARD (the file ends " \
                  "inside it)\n"
    assert names(db) == ["Good Person"]


@pytest.mark.parametrize("args, words", [
    (("import", "ldif", FIX / "ios30.vcf"), "unknown format 'ldif'"),
    (("import", "vcard", "/nonexistent/x.vcf"), "no such file"),
    (("import", "vcard", FIX / "ios30.vcf", "--on-duplicate", "maybe"), "--on-duplicate"),
    (("export", "ldif", "out.x"), "unknown format 'ldif'"),
    (("export", "vcard", "out.vcf", "--version", "2.1"), "use 4.0 or 3.0"),
])
def test_bad_usage_exits_2(db, args, words):
    code, out, err = run(*args, "--db", db)
    assert code == 2 and words in err and out == ""


def test_export_vcard_csv_and_one_contact(db, tmp_path):
    run("import", "google", FIX / "google.csv", "--db", db)
    run("import", "vcard", FIX / "ios30.vcf", "--db", db)
    code, out, _ = run("export", "vcard", tmp_path / "all.vcf", "--db", db)
    assert (code, out) == (0, f"exported 3 contacts to {tmp_path / 'all.vcf'}\n")
    assert (tmp_path / "all.vcf").read_bytes().count(b"BEGIN:VCARD") == 3
    code, out, _ = run("export", "vcard", tmp_path / "z.vcf", "--contact", "zoe angstrom",
                       "--vcard3", "--db", db)
    data = (tmp_path / "z.vcf").read_text(encoding="utf-8")
    assert code == 0 and data.count("BEGIN:VCARD") == 1 and "VERSION:3.0" in data
    assert "FN:Zoë Ångström" in data
    code, out, _ = run("export", "csv", tmp_path / "all.csv", "--db", db)
    raw = (tmp_path / "all.csv").read_bytes()
    assert code == 0 and raw.startswith(b"\xef\xbb\xbfName,Company,Title,Email 1")
    code, out, err = run("export", "vcard", tmp_path / "n.vcf", "--contact", "Nobody Atall",
                         "--db", db)
    assert code == 1 and "no contact matches" in err and not (tmp_path / "n.vcf").exists()


def test_export_to_stdout(db):
    run("import", "vcard", FIX / "cp1252.vcf", "--db", db)
    result = CliRunner().invoke(app, ["export", "vcard", "-", "--db", db])
    out = result.stdout_bytes
    assert result.exit_code == 0 and out.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert "FN:Hélène Lefèvre\r\n".encode() in out


def test_show_marks_the_values_an_import_kept_unchecked(db, tmp_path):
    card = tmp_path / "outlook2003.vcf"
    card.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Doe;Jane\r\nFN:Jane Doe\r\n"
                     b"TEL;WORK;VOICE:BusinessPhone\r\nTEL;CELL:+1 555 0100 200\r\n"
                     b"EMAIL;INTERNET:contact1@invalid\r\nEMAIL;INTERNET:jane@example.com\r\n"
                     b"END:VCARD\r\n")
    code, out, _ = run("import", "vcard", card, "--db", db)
    assert code == 0 and "2 values kept unchecked" in out
    code, out, _ = run("show", "Jane Doe", "--db", db)
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["emails"] == "emails    contact1@invalid (unchecked), jane@example.com"
    assert lines["phones"] == "phones    BusinessPhone (unchecked), +1 555 0100 200"
    code, out, _ = run("show", "Jane Doe", "--db", db, "--json")
    assert json.loads(out)["unchecked"] == ["contact1@invalid", "BusinessPhone"]
