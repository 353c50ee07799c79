"""Readers on fixtures that re-create real exports: what each card or row becomes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolodex.interchange.decode import Limits, decode_bytes
from rolodex.interchange.importer import parse

FIX = Path(__file__).parents[1] / "fixtures" / "interchange"


def read(name: str, fmt: str = "vcard", limits: Limits | None = None):
    text, enc = decode_bytes((FIX / name).read_bytes(), name)
    parsed = parse(fmt, text, enc, limits or Limits())
    return parsed, enc, {r.contact.name: r.contact for r in parsed.records}


def test_phone_21_quoted_printable_soft_breaks_and_bare_types():
    parsed, enc, by = read("phone21.vcf")
    assert parsed.bad == [] and enc == "UTF-8"
    j = by["Jürgen Müller"]
    assert j.company == "Bäckerei Müller GmbH"
    assert j.notes == "Kennengelernt auf der Messe in Köln, sehr freundlich.\nMag Kaffee."
    assert j.phones == ["+49 171 1234567", "030 1234567"]
    assert j.phone_labels == ["mobile", "home"]
    assert j.emails == ["juergen@example.de"] and j.email_labels == ["home"]
    assert any(x.startswith("X-ANDROID-CUSTOM:") for x in j.extra["vcard"])
    c = by["Chidi Okafor"]
    assert c.birthday == "1979-02-14"
    assert c.address == "12 Harbour Rd, Lagos, 100001, Nigeria"
    assert c.location == "Lagos, Nigeria"
    assert c.phone_labels == ["work", "assistant"]
    assert [r.line for r in parsed.records] == [1, 13]


def test_ios_30_groups_labels_photo_and_omitted_year():
    parsed, _, by = read("ios30.vcf")
    assert parsed.bad == []
    z = by["Zoë Ångström"]
    assert (z.company, z.title) == ("Nordlys AB", "CTO")
    assert z.emails == ["zoe@nordlys.example", "zoe.angstrom@work.example"]
    assert z.email_labels == ["other", "work"]
    assert z.phones == ["+46 70 123 45 67", "+46 8 555 0100"]
    assert z.phone_labels == ["Signal", "mobile"]
    assert z.url == "https://nordlys.example/zoe"
    assert z.birthday == "--07-09"
    assert z.notes == "Met at FOSDEM, loves climbing.\nSecond line."
    assert z.tags == ["climbing", "Nordics"]
    assert z.uid == "8A2C5E3F-1111-4C6B-9D2E-ios-zoe"
    kept = "\n".join(z.extra["vcard"])
    assert "item5.X-ABRELATEDNAMES" in kept and "item5.X-ABLabel:_$!<Spouse>!$_" in kept
    assert "X-SOCIALPROFILE" in kept and "PHOTO;ENCODING=b;TYPE=JPEG:/9j/" in kept


def test_40_uri_phones_partial_birthdays_bom_crlf():
    parsed, enc, by = read("v40_bom.vcf")
    assert parsed.bad == [] and enc == "UTF-8"
    r = by["Raj Patel"]
    assert r.phones == ["+1-555-555-0123", "+1-555-555-0199 ext 42"]
    assert r.phone_labels == ["mobile", "work"]
    assert r.birthday == "--04-12"
    assert r.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    assert "KIND:individual" in r.extra["vcard"]
    assert by["Mei Chen"].birthday == "1990"
    assert "ANNIVERSARY:20150620" in by["Mei Chen"].extra["vcard"]
    assert by["Ana Souza"].birthday == "1985-11"


def test_cp1252_bytes_are_decoded_and_named():
    parsed, enc, by = read("cp1252.vcf")
    assert enc == "cp1252"
    h = by["Hélène Lefèvre"]
    assert h.company == "Société Générale" and h.notes == "Café à Montréal – €5"


def test_card_without_end_is_reported_at_its_begin_line():
    parsed, _, by = read("no_end.vcf")
    assert list(by) == ["Good Person"]
    assert parsed.bad == [(6, "card has no END:VCARD (the file ends inside it)")]


@pytest.mark.parametrize("text, line, words", [
    ("BEGIN:VCARD\nFN:A\nBAD LINE\nEND:VCARD\n", 3, "no ':'"),
    ("hello\nBEGIN:VCARD\nFN:A\nEND:VCARD\n", 1, "outside a card"),
    ("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", 1, "no END:VCARD"),
    ("BEGIN:VCARD\nVERSION:3.0\nNOTE:x\nEND:VCARD\n", 1, "no name"),
    ("BEGIN:VCARD\nFN:A\n:no name\nEND:VCARD\n", 3, "not a property name"),
    ("", 1, "no vCard"),
])
def test_malformed_vcards_name_the_line(text, line, words):
    parsed = parse("vcard", text, "UTF-8", Limits())
    assert parsed.bad and parsed.bad[0][0] == line and words in parsed.bad[0][1]


def test_limits_give_clear_errors():
    big = "BEGIN:VCARD\nFN:A\nPHOTO;ENCODING=b:" + "A" * 5000 + "\nEND:VCARD\n"
    parsed = parse("vcard", big, "UTF-8", Limits(photo_bytes=1000))
    assert parsed.bad == [(3, "photo is 5,000 bytes, over the 1,000-byte limit")]
    parsed = parse("vcard", big, "UTF-8", Limits(line_chars=100))
    assert parsed.bad[0][0] == 3 and "over 100 characters" in parsed.bad[0][1]
    many = "BEGIN:VCARD\nFN:A\nEND:VCARD\n" * 5
    parsed = parse("vcard", many, "UTF-8", Limits(records=3))
    assert any("more than 3 cards" in m for _, m in parsed.bad)


def test_linkedin_preamble_empty_emails_and_connected_on():
    parsed, _, by = read("linkedin.csv", "linkedin")
    assert parsed.bad == []
    assert [r.line for r in parsed.records] == [5, 6, 7, 8]
    p = by["Priya Sharma"]
    assert p.emails == [] and p.company == "Globex Corporation" and p.title == "Head of Data"
    assert p.met_on == date(2023, 11, 7)
    assert p.url == "https://www.linkedin.com/in/priya-sharma-0a1b2c"
    assert by["José Núñez"].company == "Hooli, Inc."
    assert by["Anne-Marie O'Neill"].title == 'Consultant, "cloud" strategy'


def test_google_current_multi_values_labels_and_addresses():
    parsed, _, by = read("google.csv", "google")
    assert parsed.bad == []
    s = by["Sofia Rossi"]
    assert s.emails == ["sofia@ferrari.example", "sofia.rossi@gmail.example",
                        "s.rossi@home.example"]
    assert s.email_labels == ["work", "work", "home"]
    assert s.phones == ["+39 333 123 4567", "+39 02 555 0101", "+39 02 555 0199"]
    assert s.phone_labels == ["mobile", "mobile", "work"]
    assert s.tags == ["Italy", "VIP"]
    assert s.address == "Via Roma 1, 20121 Milano, Italy" and s.location == "Milano, Italy"
    assert s.notes == "Met at the Milan meetup.\nLikes espresso."
    assert s.extra["csv"]["Nickname"] == "Sofi"
    assert by["Tom Becker"].birthday == "--05-17"


def test_google_legacy_headers():
    parsed, _, by = read("google_legacy.csv", "google")
    k = by["Kenji Watanabe"]
    assert (k.company, k.title, k.location) == ("Sakura Robotics", "Chief Engineer", "Osaka")
    assert k.emails[:2] == ["kenji@watanabe.example", "k.watanabe@corp.example"]
    assert k.tags == ["Japan"] and k.birthday == "1975-12-01"
    assert k.url == "https://kenji.example"


def test_outlook_desktop_and_outlook_com():
    parsed, enc, by = read("outlook_desktop.csv", "outlook")
    assert enc == "cp1252" and parsed.bad == []
    m = by["Liam Murphy"]
    assert m.company == "Contoso Café Ltd" and m.title == "Controller"
    assert m.phones == ["+353 1 555 0110", "+353 1 555 0100", "+353 87 555 0199"]
    assert m.phone_labels == ["work fax", "work", "mobile"]
    assert m.tags == ["Finance", "Ireland"] and m.birthday == "1982-04-30"
    assert m.extra["csv"]["Name Prefix"] == "Mr."
    parsed, _, by = read("outlook_com.csv", "outlook")
    assert parsed.bad == []
    g = by["Grace Hopper"]
    assert g.emails == ["grace@navy.example", "g.hopper@yale.example"]
    assert g.birthday == "1906-12-09" and g.url == "https://grace.example"
    assert g.location == "Arlington, USA"
    assert by["Ada Lovelace"].birthday == ""


def test_generic_csv_aliases_semicolons_and_formula_apostrophe():
    parsed, _, by = read("generic.csv", "csv")
    i = by["Ingrid Berg"]
    assert i.phone_labels == ["mobile"] and i.skills == ["python", "statistics"]
    assert i.tags == ["Norway", "conference"] and i.met_on == date(2024, 5, 2)
    assert i.extra["csv"] == {"Favourite Colour": "green"}
    assert '=HYPERLINK("x")' in by


def test_csv_bad_rows_name_their_line():
    text = ("Name,Email,Birthday,Notes\nA,a@example.com,,\n,,,a note and nobody\n"
            ",,1/2/2020,\nB,b@example.com,31/31/2020,x,surplus\n")
    parsed = parse("csv", text, "UTF-8", Limits())
    assert [r.contact.name for r in parsed.records] == ["A", "B"]
    assert parsed.bad == [(3, "no name, email, phone or organisation")]
    assert parsed.blank == 1  # a row holding only a date is a blank row
    assert parsed.records[1].contact.extra["csv"] == {"Birthday": "31/31/2020",
                                                     "Column 5": "surplus"}
    parsed = parse("linkedin", "a,b\n1,2\n", "UTF-8", Limits())
    assert parsed.bad == [(1, "no LinkedIn header row naming a person (Name, First Name or "
                              "Last Name)")]


def test_outlook_unicode_export_is_utf16_with_tabs():
    parsed, enc, by = read("outlook_unicode.txt", "outlook")
    assert enc == "UTF-16" and parsed.bad == []
    assert by["Grâce Hopper"].emails == ["grace@navy.example", "g.hopper@yale.example"]


def test_utf16_without_bom_and_stray_nuls():
    text, enc = decode_bytes("Name\nZoë\n".encode("utf-16-le"))
    assert (text, enc) == ("Name\nZoë\n", "UTF-16")
    text, enc = decode_bytes(b"Name\nA\x00na\n")
    assert (text, enc) == ("Name\nAna\n", "UTF-8")


@settings(max_examples=400)
@given(st.lists(st.sampled_from(["BEGIN:VCARD", "END:VCARD", "begin : vcard ", "\tEnd:vCard",
                                 "NOTE:vcard:VCARD", "X:VCARD", "BEGIN:VCARDS", "FN:A",
                                 ":vcard", "END:VCARD\r", "  ", ""]), max_size=12),
       st.sampled_from(["\n", " ", ""]))
def test_card_marks_found_as_the_line_regex_finds_them(lines, joiner):
    from rolodex.interchange.vcard_read import _MARK, _marks

    text = "\n".join(lines) + joiner
    assert [(m.start(), m.end(), m.group(1)) for m in _marks(text)] == \
        [(m.start(), m.end(), m.group(1)) for m in _MARK.finditer(text)]
