"""Identity, not resemblance: the traps that merged distinct people, on SQLite and
PostgreSQL; the pairs sent to review; UIDs and the export/import round trip (a property)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from rolodex.core.db.models import Contact, DuplicatePair
from rolodex.core.db.schema import SCHEMA_VERSION
from rolodex.core.db.store import Store
from rolodex.core.profile import profile
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.dupes import keep_both, open_pairs
from rolodex.interchange.dedupe import company_key, name_key, names_agree, profile_key
from rolodex.interchange.exporter import export_file, load_contacts
from rolodex.interchange.importer import import_file


def people(store) -> list[tuple[str, str]]:
    return sorted((c["name"], c["company"]) for c in load_contacts(store))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_shared_switchboard_phone_is_not_an_identity(store, tmp_path):
    f = write(tmp_path / "acme.csv", "Name,Company,Phone\n" + "".join(
        f"{n},Acme,+1 555 010 0000\n" for n in
        ("Ann Lee", "Bob Stone", "Carla Diaz", "Dev Patel", "Eve Moss")))
    s = import_file(store, "csv", f)
    assert (s.added, s.merged, s.pairs) == (5, 0, 0)
    assert len(people(store)) == 5


def test_same_name_at_one_company_with_different_emails_is_a_question(store, tmp_path):
    f = write(tmp_path / "two.csv", "Name,Company,Email\nJohn Smith,Acme,john@acme.example\n"
                                    "John Smith,Acme,jsmith@home.example\n")
    s = import_file(store, "csv", f)
    assert (s.added, s.merged, s.pairs) == (2, 0, 1)
    [pair] = open_pairs(store)
    assert {pair["a"]["emails"][0], pair["b"]["emails"][0]} == {"john@acme.example",
                                                                 "jsmith@home.example"}
    assert "same name" in pair["for"] and "same company Acme" in pair["for"]
    assert any(a.startswith("different emails") for a in pair["against"])


def test_linkedin_connections_at_one_company_with_different_profiles_are_all_kept(store,
                                                                                 tmp_path):
    rows = "".join(f"Person{i},Tester{i},https://www.linkedin.com/in/person{i}-tester,,"
                   f"Testing Co,QA,01 Jan 2024\n" for i in range(25))
    f = write(tmp_path / "Connections.csv",
              "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows)
    s = import_file(store, "linkedin", f)
    assert (s.added, s.merged, s.pairs) == (25, 0, 0)
    again = import_file(store, "linkedin", f)
    assert (again.added, again.skipped, again.matched_by) == (0, 25, {"profile": 25})


def test_info_at_shared_by_two_names_is_no_merge(store, tmp_path):
    f = write(tmp_path / "info.csv", "Name,Company,Email\nAnna Berg,Acme,info@acme.example\n"
                                     "Paul Chen,Acme,info@acme.example\n")
    s = import_file(store, "csv", f)
    assert (s.added, s.merged, s.pairs) == (2, 0, 0)


def test_the_same_email_and_agreeing_names_merge(store, tmp_path):
    add_contact(store, ContactIn(name="John Doe", emails=["john@doe.example"]))
    f = write(tmp_path / "d.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Doe, John\n"
                                  "EMAIL:JOHN@doe.example\nTEL:+1 555 0100 222\nEND:VCARD\n")
    s = import_file(store, "vcard", f, on_duplicate="merge")
    assert (s.added, s.merged, s.matched_by) == (0, 1, {"email": 1})
    [c] = load_contacts(store)
    assert c["phones"] == [("+1 555 0100 222", "")]


def test_one_email_at_two_legal_entities_is_a_question(store, tmp_path):
    # The demo without its UID lines: two Ewelina Does with one work address, at
    # "Doe Industrial Automation Sp. z o.o." and "... S.A." (two companies of one group).
    f = write(tmp_path / "e.csv", "Name,Company,Email\n"
              "Ewelina Doe,,ewelina.doe136@outlook.example\n"
              "Ewelina Doe,Doe Industrial Automation Sp. z o.o.,ewelina.doe@doeindustrial.pl\n"
              "Ewelina Doe,Doe Industrial Automation S.A.,ewelina.doe@doeindustrial.pl\n"
              "Ewelina Doe,Doe Industrial Automation,ewelina.doe@doeindustrial.pl\n"
              "Ewelina Doe,Kowalski Foods,ewelina.doe@doeindustrial.pl\n")
    s = import_file(store, "csv", f)
    # The one without a legal form is either of them: it merges into the first.
    assert (s.added, s.merged, s.matched_by) == (4, 1, {"email": 1})
    assert s.pairs == 3  # the one with another address: asked about beside the first
    pairs = open_pairs(store)
    pairs = [p for p in pairs if p["a"]["company"]]
    assert all("different companies" in " ".join(p["against"]) for p in pairs)
    # Each is asked about beside the card holding its address, not just any Ewelina Doe.
    assert {(p["a"]["company"], p["b"]["company"]) for p in pairs} == {
        ("Doe Industrial Automation Sp. z o.o.", "Doe Industrial Automation S.A."),
        ("Doe Industrial Automation Sp. z o.o.", "Kowalski Foods")}
    assert all("same email ewelina.doe@doeindustrial.pl" in p["for"] for p in pairs)
    assert len(people(store)) == 4


def test_the_same_file_twice_adds_nobody(store, tmp_path):
    f = write(tmp_path / "p.csv", "Name,Company,Title\nMaria Rossi,Fiat,CFO\n"
                                  "Luca Bianchi,,\nMaria Rossi,Ferrari,Engineer\n")
    first = import_file(store, "csv", f)
    assert (first.added, first.pairs) == (3, 1)  # the two Maria Rossis: a question
    again = import_file(store, "csv", f, on_duplicate="merge")
    assert (again.added, again.merged, again.matched_by) == (0, 3, {"same record": 3})
    assert again.pairs == 0  # the question is asked once
    assert len(people(store)) == 3


def test_conflicting_uids_never_merge(store, tmp_path):
    f = write(tmp_path / "u.vcf",
              "BEGIN:VCARD\nVERSION:4.0\nUID:one\nFN:Kim Park\nEMAIL:kim@x.example\nEND:VCARD\n"
              "BEGIN:VCARD\nVERSION:4.0\nUID:two\nFN:Kim Park\nEMAIL:kim@x.example\nEND:VCARD\n")
    s = import_file(store, "vcard", f)
    assert (s.added, s.merged, s.pairs) == (2, 0, 0)


def test_different_profile_urls_never_merge_even_with_one_email(store, tmp_path):
    f = write(tmp_path / "p.vcf",
              "BEGIN:VCARD\nVERSION:4.0\nFN:Sam Roe\nEMAIL:team@x.example\n"
              "URL:https://linkedin.com/in/sam-roe-1\nEND:VCARD\n"
              "BEGIN:VCARD\nVERSION:4.0\nFN:Sam Roe\nEMAIL:team@x.example\n"
              "X-SOCIALPROFILE;TYPE=linkedin:http://www.LinkedIn.com/in/sam-roe-2/\nEND:VCARD\n")
    s = import_file(store, "vcard", f)
    assert (s.added, s.merged) == (2, 0)


def test_the_same_profile_url_merges_whatever_else_differs(store, tmp_path):
    add_contact(store, ContactIn(name="Ola Nordmann", url="https://www.linkedin.com/in/ola/"))
    f = write(tmp_path / "o.csv", "Name,URL,Company\nOla N.,http://linkedin.com/in/OLA,Equinor\n")
    s = import_file(store, "csv", f, on_duplicate="merge")
    assert (s.added, s.merged, s.matched_by) == (0, 1, {"profile": 1})
    assert people(store) == [("Ola Nordmann", "Equinor")]


def test_unchecked_values_are_kept_flagged_and_never_evidence(store, tmp_path):
    from rolodex.interchange.importer import _plan_and_write
    from rolodex.interchange.records import Record

    recs = [Record(i + 2, ContactIn(name=n, company="Acme", emails=["contact1@invalid"],
                                    phones=["BusinessPhone"]))
            for i, n in enumerate(("Ana Lima", "Ana Lima"))]
    from rolodex.interchange.importer import ImportSummary

    summary = ImportSummary()
    with store.tx() as s:
        _plan_and_write(s, store.now(), recs, summary, "skip", None, True)
    # Two records, the same name and company, but only unchecked values beside them:
    # the same record (name and company agree, nothing else to compare) - one person.
    assert summary.added == 1 and summary.unchecked == 2
    assert "2 values kept unchecked" in summary.line()
    p = profile(store, summary.ids[0])
    assert p["emails"] == ["contact1@invalid"] and p["unchecked"] == ["contact1@invalid",
                                                                      "BusinessPhone"]
    other = add_contact(store, ContactIn(name="Bo Berg"))
    with store.tx() as s:
        s.execute(Contact.__table__.update().where(Contact.id == other).values(name="Bo Berg"))
    recs = [Record(2, ContactIn(name="Carl Dahl", emails=["contact1@invalid"]))]
    summary = ImportSummary()
    with store.tx() as s:
        _plan_and_write(s, store.now(), recs, summary, "merge", None, True)
    assert summary.added == 1  # the placeholder email matched nobody


def test_names_agree_in_any_order_and_accent_but_not_on_numbers():
    assert name_key("Doe, John") == name_key("john  DOÉ") == "doe john"
    assert names_agree(name_key("Jon Doe"), name_key("John Doe"))
    assert names_agree("", name_key("Anyone"))
    assert not names_agree(name_key("Person1 Tester1"), name_key("Person10 Tester10"))
    assert not names_agree(name_key("Anna Berg"), name_key("Paul Chen"))
    assert profile_key("https://www.linkedin.com/in/Ola/") == "linkedin.com/in/ola"
    assert profile_key("twitter.com/@ola") == profile_key("https://x.com/ola")
    assert profile_key("https://www.acme.com/") == ""
    assert profile_key("https://www.linkedin.com/company/acme") == ""
    assert company_key("Doe Industrial Sp. z o.o.") == company_key("Doe Industrial S.A.") \
        == company_key("DOE INDUSTRIAL") == "doe industrial"


def test_every_contact_gets_a_uid_and_exports_write_it(store, tmp_path):
    cid = add_contact(store, ContactIn(name="Ida Holm"))
    with store.read() as s:
        uid = s.get(Contact, cid).uid
    assert str(uuid.UUID(uid)) == uid
    export_file(store, "vcard", tmp_path / "a.vcf")
    export_file(store, "csv", tmp_path / "a.csv")
    assert f"UID:{uid}\r\n".encode() in (tmp_path / "a.vcf").read_bytes()
    assert uid in (tmp_path / "a.csv").read_text(encoding="utf-8-sig").splitlines()[1]


def test_kept_pairs_are_not_suggested_again(store, tmp_path):
    f = write(tmp_path / "k.csv", "Name,Company,Email\nJo Ng,Acme,jo@a.example\n"
                                  "Jo Ng,Acme,jo@b.example\n")
    import_file(store, "csv", f)
    [pair] = open_pairs(store)
    keep_both(store, pair["a"]["id"], pair["b"]["id"])
    assert open_pairs(store) == []
    g = write(tmp_path / "k2.csv", "Name,Company,Email\nJo Ng,Acme,jo@c.example\n")
    s = import_file(store, "csv", g)
    assert s.pairs == 1  # the newcomer is asked about once; the kept pair stays kept
    with store.read() as sess:
        rows = sess.execute(select(DuplicatePair.status)).scalars().all()
    assert sorted(rows) == ["kept", "open"]


def test_upgrade_from_schema_2_gives_uids_and_checked_flags(tmp_path):
    db = tmp_path / "old.db"
    Store(f"sqlite:///{db}").close()
    raw = sqlite3.connect(db)
    # Make it the schema-2 database the previous version wrote.
    raw.executescript(
        "DROP TABLE duplicate_pair;"
        "ALTER TABLE contact_email DROP COLUMN checked;"
        "ALTER TABLE contact_phone DROP COLUMN checked;"
        "UPDATE rolodex_meta SET value = '2' WHERE key = 'schema_version';"
        "INSERT INTO contact (name, name_fold, company, title, address, location, url, notes,"
        " category, known_directly, archived, birthday, extra, created_at, updated_at)"
        " VALUES ('Old Timer', 'old timer', '', '', '', '', '', '', 'other', 1, 0, '', '',"
        " '2020-01-01 00:00:00', '2020-01-01 00:00:00');"
        "INSERT INTO contact_email (contact_id, value, norm, label, position)"
        " VALUES (1, 'old@x.example', 'old@x.example', '', 0);")
    raw.commit()
    raw.close()
    store = Store(f"sqlite:///{db}")
    try:
        assert store.upgraded_from == 2 and store.schema_version() == SCHEMA_VERSION
        with store.read() as s:
            uid = s.get(Contact, 1).uid
        assert str(uuid.UUID(uid)) == uid
        p = profile(store, 1)
        assert p["emails"] == ["old@x.example"] and p["unchecked"] == []
        assert open_pairs(store) == []
    finally:
        store.close()


# -- the round trip: any set of distinct people comes back exactly --------------------------
_word = st.text(alphabet=st.sampled_from("abcdeéøñz"), min_size=1, max_size=6)
_person = st.fixed_dictionaries({
    "name": st.tuples(_word, _word).map(lambda t: f"{t[0].title()} {t[1].title()}"),
    "company": st.sampled_from(["", "Acme", "Acme Inc", "Globex"]),
    "email": st.sampled_from(["", "info@acme.example", "a@b.example"]),
    "phone": st.sampled_from(["", "+1 555 010 0000", "+44 20 7946 0000"]),
})


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_person, min_size=1, max_size=12), st.sampled_from(["vcard", "csv"]))
def test_export_then_import_keeps_exactly_the_set_of_people(tmp_path, folks, fmt):
    src = Store(f"sqlite:///{tmp_path / f'src-{uuid.uuid4().hex}.db'}")
    dst = Store(f"sqlite:///{tmp_path / f'dst-{uuid.uuid4().hex}.db'}")
    try:
        for p in folks:
            add_contact(src, ContactIn(name=p["name"], company=p["company"],
                                       emails=[p["email"]] if p["email"] else [],
                                       phones=[p["phone"]] if p["phone"] else []))
        f = tmp_path / f"out-{uuid.uuid4().hex}.{fmt}"
        export_file(src, fmt, f)
        s = import_file(dst, fmt, f)
        assert s.added == len(folks) and s.merged == 0
        again = import_file(dst, fmt, f)
        assert again.added == 0 and again.matched_by == {"uid": len(folks)}

        def ident(st_):
            return sorted((c["uid"], c["name"], c["company"], tuple(c["emails"]),
                           tuple(c["phones"])) for c in load_contacts(st_))

        assert ident(src) == ident(dst)
    finally:
        src.close()
        dst.close()


def test_import_json_gives_the_same_figures(tmp_path):
    from typer.testing import CliRunner

    from rolodex.cli.app import app

    f = write(tmp_path / "two.csv", "Name,Company,Email\nJohn Smith,Acme,john@acme.example\n"
                                    "John Smith,Acme,jsmith@home.example\n")
    db = str(tmp_path / "r.db")
    out = CliRunner().invoke(app, ["import", "csv", str(f), "--db", db, "--json"]).output
    data = json.loads(out)
    assert (data["added"], data["possible_duplicates"], data["refused"]) == (2, 1, 0)
    assert data["matched_by"] == {"uid": 0, "profile": 0, "email": 0, "phone": 0,
                                  "same record": 0}
