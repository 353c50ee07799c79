"""Every real shape of export gets its people in: line endings, encodings, charsets,
liberal values, group cards, LinkedIn's old and new files. The fixtures are made by
tests/fixtures/interchange/shapes/make_shapes.py and re-create what each program writes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolodex.core.records.contacts import valid_email, valid_phone
from rolodex.interchange.decode import Limits, decode_bytes
from rolodex.interchange.importer import import_file, parse

SHAPES = Path(__file__).parents[1] / "fixtures" / "interchange" / "shapes"


def read(name: str, fmt: str = "vcard"):
    text, enc = decode_bytes((SHAPES / name).read_bytes(), name)
    parsed = parse(fmt, text, enc, Limits())
    return parsed, enc, {r.contact.name: r.contact for r in parsed.records}


def test_ios6_cr_cr_lf_reads_as_cards_with_lines_counted_once():
    parsed, enc, by = read("ios6_crcrlf.vcf")
    assert parsed.bad == [] and enc == "UTF-8"
    assert sorted(by) == ["Emeka Okonkwo", "Maja Lindqvist"]
    m = by["Maja Lindqvist"]
    assert m.company == "Fjällräv Design" and m.emails == ["maja@fjallrav.example"]
    assert m.email_labels == ["other"] and m.url == "http://fjallrav.example"
    assert by["Emeka Okonkwo"].notes == "Met in Lagos"
    assert [r.line for r in parsed.records] == [1, 13]


def test_mixed_line_endings_in_one_file():
    parsed, _, by = read("mixed_endings.vcf")
    assert parsed.bad == []
    assert list(by) == ["Lf Person", "Crlf Person", "Crcrlf Person", "Cr Person"]
    assert by["Crlf Person"].notes == "folded note"
    assert by["Cr Person"].phones == ["+1 555 0100"]
    assert [r.line for r in parsed.records] == [1, 6, 12, 16]


def test_android_email_of_enye_and_a_phone_of_9_are_kept_unchecked():
    parsed, _, by = read("android21.vcf")
    assert parsed.bad == []
    lucia = by["Lucía Peña"]
    assert lucia.emails == ["Ñ Ñ Ñ"] and not valid_email(lucia.emails[0])
    assert lucia.phones == ["+34 612 555 010"]
    assert "X-GOOGLE TALK:lucia.pena.example" in lucia.extra["vcard"]
    diego = by["Diego Castillo"]
    assert diego.phones == ["9"] and not valid_phone("9")
    assert diego.emails == ["diego@castillo.example"]


def test_outlook_2003_placeholder_phones_are_kept_as_written():
    parsed, enc, by = read("outlook2003.vcf")
    assert parsed.bad == []
    s = by["Siobhan Brennan"]
    assert s.phones == ["BusinessPhone", "HomePhone", "+353 86 555 0177"]
    assert s.phone_labels == ["work", "home", "mobile"]
    parsed, enc, by = read("outlook2003.csv", "outlook")
    assert parsed.bad == [] and enc == "cp1252"
    d = by["Declan Fitzgerald"]
    assert d.phones == ["BusinessPhone", "HomePhone", "+353 87 555 0190"]
    assert by["Róisín Walsh"].notes == "Café owner"


def test_thunderbird_placeholder_email_is_kept():
    parsed, _, by = read("thunderbird.vcf")
    assert parsed.bad == []
    assert by["Ingrid Haugen"].emails == ["contact1@invalid"]


def test_gmail_pager_and_one_digit_phone():
    parsed, _, by = read("gmail.csv", "google")
    assert parsed.bad == []
    a = by["Aroha Ngata"]
    assert a.phones == ["4155550199", "9"] and a.phone_labels == ["pager", "mobile"]
    assert a.company == "Kōwhai Media"
    assert by["Tane Parata"].phones == ["+64 21 555 0147"]


@pytest.mark.parametrize("name", ["utf16be_nobom.vcf", "utf16le_bom.vcf"])
def test_utf16_with_and_without_bom(name):
    parsed, enc, by = read(name)
    assert parsed.bad == [] and enc == "UTF-16"
    assert by["Zoë Ångström"].emails == ["zoe@nordlys.example"]


def test_shift_jis_vcard_by_its_charset():
    parsed, enc, by = read("sjis.vcf")
    assert parsed.bad == [] and enc == "Shift_JIS"
    t = by["太郎 山田"]
    assert t.company == "さくら商事株式会社" and t.notes == "東京の展示会で会った"
    assert any("ﾔﾏﾀﾞ;ﾀﾛｳ" in x for x in t.extra["vcard"])


def test_shift_jis_csv_without_any_declaration():
    parsed, enc, by = read("sjis.csv", "csv")
    assert parsed.bad == [] and enc == "Shift_JIS"
    h = by["佐藤花子"]
    assert (h.company, h.emails, h.phones) == ("ひまわり電機", ["hanako@himawari.example"],
                                               ["03-5555-0101"])
    assert h.notes == "大阪支店の担当"


@pytest.mark.parametrize("name, enc, person, company", [
    ("cp1250.vcf", "cp1250", "Jiří Dvořák", "Škoda Účetnictví"),
    ("cp1251.vcf", "cp1251", "Ольга Иванова", "Север"),
    ("latin2.vcf", "ISO-8859-2", "Zofia Wiśniewska", ""),
])
def test_eight_bit_cards_in_their_charset(name, enc, person, company):
    parsed, used, by = read(name)
    assert parsed.bad == [] and used == enc
    assert by[person].company == company


def test_two_charsets_in_one_file_each_card_by_its_own():
    parsed, enc, by = read("cp1250_cp1251.vcf")
    assert parsed.bad == []
    assert sorted(by) == ["Jiří Dvořák", "Ольга Иванова"]
    assert by["Ольга Иванова"].company == "Север"
    assert enc == "cp1250, cp1251"


def test_apple_group_card_becomes_a_tag_never_a_contact():
    parsed, _, by = read("apple_groups.vcf")
    assert parsed.bad == [] and parsed.groups == 1
    assert sorted(by) == ["Bence Kovács", "Eszter Varga"]
    assert by["Eszter Varga"].tags == ["Budapest Office"]
    assert by["Bence Kovács"].tags == ["Budapest Office"]


def test_vcard4_kind_group_members_by_uid_and_by_email():
    parsed, _, by = read("v4_group.vcf")
    assert parsed.bad == [] and parsed.groups == 1
    assert sorted(by) == ["Amara Diallo", "Kwame Asante"]
    assert by["Amara Diallo"].tags == ["Dakar", "Board"]
    assert by["Kwame Asante"].tags == ["Board"]


def test_linkedin_2018_without_preamble_or_url():
    parsed, _, by = read("linkedin_2018.csv", "linkedin")
    assert parsed.bad == [] and parsed.blank == 0
    n = by["Nadia Haddad"]
    assert n.emails == ["nadia.haddad@cedar.example"] and n.title == "Data Scientist"
    assert n.met_on == date(2018, 11, 9)
    assert by["Omar Farouk"].company == "Nile Logistics, Inc."


def test_linkedin_now_preamble_url_both_date_styles_and_blank_rows_counted():
    parsed, _, by = read("linkedin_now.csv", "linkedin")
    assert parsed.bad == []
    assert sorted(by) == ["Leilani Kahale", "Mateo Ibarra"]
    assert parsed.blank == 4
    m, k = by["Mateo Ibarra"], by["Leilani Kahale"]
    assert m.url == "https://www.linkedin.com/in/mateo-ibarra-77a1"
    assert m.met_on == date(2024, 3, 12) and k.met_on == date(2024, 3, 12)
    assert k.emails == ["leilani@koa.example"]
    assert [r.line for r in parsed.records] == [5, 7]


def test_csv_with_newlines_inside_quoted_fields_and_mixed_line_ends():
    parsed, _, by = read("multiline.csv", "csv")
    assert parsed.bad == []
    assert list(by) == ["Hana Novak", "Pavel Novak", "Iva Horvat"]
    assert by["Hana Novak"].address == "Ulica 5\nLjubljana"
    assert by["Hana Novak"].notes == "First line\nsecond"
    assert by["Pavel Novak"].notes == "one\ntwo"
    assert [r.line for r in parsed.records] == [2, 5, 7]


def test_card_without_fn_named_from_n_then_org_then_email():
    parsed, _, _ = read("no_fn.vcf")
    assert parsed.bad == []
    names = [(r.contact.name, r.contact.category) for r in parsed.records]
    assert names == [("Dr. Akosua Ama Mensah", "other"),
                     ("Baobab Shipping Ltd", "organisation"),
                     ("someone@nameless.example", "other"),
                     ("Baobab Shipping Ltd", "organisation"),
                     ("Kente Weavers Cooperative", "organisation")]


@pytest.mark.parametrize("text, words", [
    ("BEGIN:VCARD\nVERSION:3.0\nNOTE:only a note\nEND:VCARD\n",
     "no name, email, phone or organisation"),
    ("BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nEND:VCARD\n", "no name, email, phone or organisation"),
])
def test_a_card_with_nothing_to_call_it_by_is_still_refused(text, words):
    parsed = parse("vcard", text, "UTF-8", Limits())
    assert parsed.records == [] and parsed.bad == [(1, words)]


def test_values_too_long_for_their_column_are_parked_and_the_record_kept():
    long_mail = "a" * 330 + "@example.com"
    long_tel = "+1 " + "5" * 80
    text = (f"BEGIN:VCARD\nFN:Long Values\nEMAIL:{long_mail}\nEMAIL:ok@example.com\n"
            f"TEL:{long_tel}\nTITLE:{'t' * 400}\nEND:VCARD\n")
    parsed = parse("vcard", text, "UTF-8", Limits())
    assert parsed.bad == []
    c = parsed.records[0].contact
    assert c.emails == ["ok@example.com"] and c.phones == [] and c.title == ""
    assert c.extra["csv"] == {"Email": long_mail, "Phone": long_tel, "Title": "t" * 400}


def test_csv_values_that_fail_a_check_are_kept_not_refused():
    text = ("Name,Email,Phone,Birthday,Closeness,Category\n"
            "Ana Diaz,ana at example,call me,31/31/2020,9,friend\n")
    parsed = parse("csv", text, "UTF-8", Limits())
    assert parsed.bad == []
    c = parsed.records[0].contact
    assert (c.emails, c.phones) == (["ana at example"], ["call me"])
    assert c.birthday == "" and c.closeness is None and c.category == "other"
    assert c.extra["csv"] == {"Birthday": "31/31/2020", "Closeness": "9", "Category": "friend"}


def test_property_names_with_odd_characters_are_kept_verbatim():
    text = ("BEGIN:VCARD\nFN:Odd Names\nX-GOOGLE TALK:odd@talk.example\nX-MS-OL-DESIGN"
            "\u00e9:x\nitem1.X-CUSTOM(1):y\nEND:VCARD\n")
    parsed = parse("vcard", text, "UTF-8", Limits())
    assert parsed.bad == []
    kept = parsed.records[0].contact.extra["vcard"]
    assert kept == ["X-GOOGLE TALK:odd@talk.example", "X-MS-OL-DESIGN\u00e9:x",
                    "item1.X-CUSTOM(1):y"]


# -- through the real import ------------------------------------------------------------------

def test_import_keeps_unchecked_values_and_company_cards(store):
    from rolodex.interchange.exporter import load_contacts

    for fmt, name in [("vcard", "android21.vcf"), ("vcard", "outlook2003.vcf"),
                      ("vcard", "thunderbird.vcf"), ("google", "gmail.csv"),
                      ("vcard", "no_fn.vcf")]:
        import_file(store, fmt, SHAPES / name)
    by = {c["name"]: c for c in load_contacts(store)}
    assert by["Lucía Peña"]["emails"] == [("Ñ Ñ Ñ", "home")]
    assert by["Diego Castillo"]["phones"] == [("9", "home")]
    assert [p for p, _ in by["Siobhan Brennan"]["phones"]][:2] == ["BusinessPhone",
                                                                    "HomePhone"]
    assert by["Ingrid Haugen"]["emails"] == [("contact1@invalid", "")]
    assert ("9", "mobile") in by["Aroha Ngata"]["phones"]
    assert by["Baobab Shipping Ltd"]["category"] == "organisation"
    assert "someone@nameless.example" in by


def test_import_group_cards_tag_members(store):
    from rolodex.interchange.exporter import load_contacts

    s = import_file(store, "vcard", SHAPES / "apple_groups.vcf")
    assert s.added == 2
    by = {c["name"]: c for c in load_contacts(store)}
    assert by["Eszter Varga"]["tags"] == ["Budapest Office"]
    assert "Budapest Office" not in by


def test_cli_imports_every_shape(tmp_path):
    from rolodex.cli.app import app

    db = str(tmp_path / "r.db")
    shapes = [("vcard", "ios6_crcrlf.vcf", 2), ("vcard", "mixed_endings.vcf", 4),
              ("vcard", "utf16be_nobom.vcf", 1), ("vcard", "sjis.vcf", 1),
              ("csv", "sjis.csv", 2), ("vcard", "cp1250_cp1251.vcf", 2),
              ("vcard", "v4_group.vcf", 2), ("linkedin", "linkedin_2018.csv", 2),
              ("linkedin", "linkedin_now.csv", 2), ("csv", "multiline.csv", 3),
              ("outlook", "outlook2003.csv", 2)]
    for fmt, name, added in shapes:
        r = CliRunner().invoke(app, ["import", fmt, str(SHAPES / name), "--db", db, "--json"])
        assert r.exit_code == 0, (name, r.stderr)
        assert json.loads(r.stdout)["added"] == added, name
    r = CliRunner().invoke(app, ["show", "太郎 山田", "--db", db, "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["company"] == "さくら商事株式会社"


def test_cli_refuses_a_file_that_is_not_contacts_and_writes_nothing(tmp_path):
    from rolodex.cli.app import app

    db = tmp_path / "r.db"
    ok = CliRunner().invoke(app, ["import", "vcard", str(SHAPES / "thunderbird.vcf"),
                                  "--db", str(db)])
    assert ok.exit_code == 0
    before = dump(db)
    junk = tmp_path / "photo.vcf"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    r = CliRunner().invoke(app, ["import", "vcard", str(junk), "--db", str(db)])
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "photo.vcf:1:" in r.stderr
    assert dump(db) == before


def dump(db: Path) -> str:
    """The whole SQLite database as SQL (every row of every table): the file's bytes move
    when its write-ahead log is checkpointed, its content must not."""
    import sqlite3

    con = sqlite3.connect(db)
    try:
        return "\n".join(con.iterdump())
    finally:
        con.close()


def test_an_empty_card_is_counted_blank_not_refused():
    text = ("BEGIN:VCARD\nVERSION:3.0\nPRODID:-//Nokia//EN\nEND:VCARD\n"
            "BEGIN:VCARD\nVERSION:3.0\nFN:Real Person\nEND:VCARD\n")
    parsed = parse("vcard", text, "UTF-8", Limits())
    assert parsed.bad == [] and parsed.blank == 1
    assert [r.contact.name for r in parsed.records] == ["Real Person"]


def test_a_file_that_is_not_a_vcard_is_named_so_at_line_1():
    text, enc = decode_bytes((SHAPES / "gmail.csv").read_bytes())
    assert parse("vcard", text, enc, Limits()).bad == [
        (1, "no vCard in this file (expected BEGIN:VCARD)")]
    text, enc = decode_bytes((SHAPES / "no_fn.vcf").read_bytes())
    assert parse("linkedin", text, enc, Limits()).bad == [
        (1, "no LinkedIn header row naming a person (Name, First Name or Last Name)")]


@pytest.mark.parametrize("data", [
    b"Name,Notes\r\nAna,\x93Hola\x94 \x96 \x805\r\n",            # smart quotes, dash, euro
    b"Name,Company\r\nH\xe9l\xe8ne Lef\xe8vre,Soci\xe9t\xe9 G\xe9n\xe9rale\r\n",
    b"Name\r\n\x8aime \x9akoda\r\n",                             # cp1252 S and s with caron
])
def test_windows_1252_text_is_not_taken_for_shift_jis(data):
    assert decode_bytes(data)[1] == "cp1252"


def test_blank_and_group_cards_count_towards_the_card_limit():
    many = "BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n" * 5
    parsed = parse("vcard", many, "UTF-8", Limits(records=3))
    assert any("more than 3 cards" in m for _, m in parsed.bad)


def test_undeclared_windows_1251_outlook_csv_reads_as_russian(store):
    text, enc = decode_bytes((SHAPES / "outlook_ru.csv").read_bytes(), "outlook_ru.csv")
    assert enc == "cp1251" and text.startswith('"Обращение","Имя","Отчество","Фамилия"')
    s = import_file(store, "outlook", SHAPES / "outlook_ru.csv")
    assert (s.added, s.refused, s.encoding) == (2, 0, "cp1251")
    from rolodex.interchange.exporter import load_contacts

    by = {c["name"]: c for c in load_contacts(store)}
    assert sorted(by) == ["Алёна Кузнецова", "Пётр Ильич Соколов"]
    p = by["Пётр Ильич Соколов"]
    assert (p["company"], p["title"]) == ("ООО «Северный ветер»", "Менеджер")
    assert p["emails"] == [("p.sokolov@sever.example", "")]
    assert p["phones"] == [("+7 495 555-01-23", "work"), ("+7 916 555-44-11", "mobile")]
    assert p["notes"] == "Встретились на выставке в Казани" and p["tags"] == ["Клиенты"]
    assert by["Алёна Кузнецова"]["location"] == "Санкт-Петербург"


@pytest.mark.parametrize("data", [
    b"Name,Company\r\nH\xe9l\xe8ne Lef\xe8vre,Soci\xe9t\xe9 G\xe9n\xe9rale\r\n",
    b"Name,City\r\nJ\xfcrgen M\xfcller,K\xf6ln\r\nGr\xe9goire,\xc9COLE \xc0 PARIS\r\n",
    b"Name,Notes\r\nJo\xe3o,\xe0 \xe9t\xe9 vu \xe0 S\xe3o Paulo\r\n",
    b"Name\r\n\xc5sa \xd8stergaard\r\n\xc6lfric \xd0or\r\n",
])
def test_windows_1252_text_is_not_taken_for_windows_1251(data):
    assert decode_bytes(data)[1] == "cp1252"
