"""Arbitrary bytes and text: the importer imports or refuses with one clean RolodexError,
never a traceback, and never half-writes (the rolodex is unchanged after a refusal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from rolodex.core.db.models import Contact, ContactEmail
from rolodex.core.errors import RolodexError
from rolodex.interchange.decode import Limits
from rolodex.interchange.importer import import_file

VCARD_BITS = ["BEGIN:VCARD", "END:VCARD", "VERSION:2.1", "VERSION:4.0", "FN:Ana", "FN:",
              "N:Diaz;Ana;;;", "EMAIL:ana@example.com", "EMAIL:broken", "TEL:+1 555 0100",
              "TEL;VALUE=uri:tel:+1-555", "item1.EMAIL:a@b.co", "item1.X-ABLabel:_$!<Home>!$_",
              "NOTE;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=", "NOTE;CHARSET=latin1;ENCODING=QUOTED-"
              "PRINTABLE:=E9", " continued", "\tcontinued", "BDAY:--0230", "BDAY:1604-13-01",
              "UID:x", "CATEGORIES:a,b\\,c", "PHOTO;ENCODING=b:AAAA", 'X-Y;P="a:b":v', ":",
              "ORG:;;", "ADR:;;;;;;", "X-ROLODEX-CLOSENESS:9", "X-ROLODEX-MET-ON:2020-02-30", "",
              # the shapes of real exports: odd names, groups, charsets, unchecked values
              "X-GOOGLE TALK:x@talk", "KIND:group", "X-ADDRESSBOOKSERVER-KIND:group",
              "MEMBER:urn:uuid:x", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:X", "MEMBER:mailto:a@b.co",
              "N;CHARSET=SHIFT_JIS:山田;太郎;;;", "FN;CHARSET=WINDOWS-1251:Ольга",
              "ORG;CHARSET=ISO-8859-2:Wiśniewska", "N:;;;;", "ORG:Only Org", "X-ABShowAs:COMPANY",
              "TEL:BusinessPhone", "TEL:9", "EMAIL:contact1@invalid", "EMAIL:Ñ Ñ Ñ",
              "EMAIL:" + "a" * 330 + "@x.co", "TITLE:" + "t" * 301]
CSV_BITS = ["Name,Email,Phone", "First Name,Last Name,URL,Email Address,Company,Position,"
            "Connected On", "Notes:", "Ana,ana@example.com,+1 555 0100", "Bob,,",
            '"quoted, name",x@y.co,', "José,jose@example.es,12", ",,,", "Ana,Diaz,u,,Co,T,"
            "07 Nov 2023", "a,b,c,d,e,f,not a date", 'unterminated "quote',
            "Labels,E-mail 1 - Value",
            "* myContacts ::: x,a@b.co ::: c@d.co", "=1+1,'=2,@x", "",
            ",,,,,,13 Mar 2024", ",,,,,,3/12/24", ",,,,,,", '"multi\nline",a@b.co,',
            "氏名,会社,メールアドレス",
            "佐藤花子,ひまわり電機,hanako@x.example", "Phone 1 - Label,Phone 1 - Value", "Pager,9",
            "Name,Birthday,Closeness,Category", "Ana,31/31/2020,nine,friend"]


def lines(bits):
    return st.lists(st.one_of(st.sampled_from(bits), st.text(max_size=30)), max_size=25)


ENCODINGS = ["utf-8", "cp1252", "shift_jis", "cp1250", "cp1251", "iso8859-2"]


def mixed_lines():
    """Each line in its own encoding and with its own line end, as merged exports are."""
    one = st.tuples(st.one_of(st.sampled_from(VCARD_BITS + CSV_BITS), st.text(max_size=20)),
                    st.sampled_from(ENCODINGS), st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"]))
    return st.lists(one, max_size=25).map(
        lambda xs: b"".join(t.encode(e, errors="replace") + n.encode() for t, e, n in xs))


def content():
    newline = st.sampled_from(["\n", "\r\n", "\r", "\r\r\n"])
    joined = st.tuples(st.one_of(lines(VCARD_BITS), lines(CSV_BITS)), newline).map(
        lambda t: t[1].join(t[0]))
    return st.one_of(
        st.binary(max_size=600),
        joined.map(lambda s: s.encode("utf-8")),
        joined.map(lambda s: s.encode("cp1252", errors="replace")),
        joined.map(lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")),
        joined.map(lambda s: s.encode("utf-16-be")),
        joined.map(lambda s: b"\xff\xfe" + s.encode("utf-16-le")),
        joined.map(lambda s: s.encode("shift_jis", errors="replace")),
        mixed_lines(),
    )


def state(store):
    with store.read() as s:
        return (s.execute(select(func.count()).select_from(Contact)).scalar_one(),
                s.execute(select(func.count()).select_from(ContactEmail)).scalar_one())


@pytest.mark.parametrize("fmt", ["vcard", "linkedin", "google", "outlook", "csv"])
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=content(), on_dup=st.sampled_from(["skip", "merge", "new"]),
       skip_bad=st.booleans())
def test_imports_or_refuses_cleanly(store, tmp_path, fmt, data, on_dup, skip_bad):
    """One store (SQLite, then PostgreSQL) serves every example; each compares before/after."""
    f = tmp_path / "in.dat"
    f.write_bytes(data)
    before = state(store)
    try:
        s = import_file(store, fmt, f, on_duplicate=on_dup, skip_bad=skip_bad,
                        limits=Limits(line_chars=400, card_chars=2000, records=50))
    except RolodexError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg and "Traceback" not in msg
        assert state(store) == before
        return
    assert state(store)[0] == before[0] + s.added
    assert s.refused == len(s.bad)
    if not skip_bad:
        assert s.bad == []


@pytest.mark.parametrize("fmt", ["vcard", "linkedin", "google", "outlook", "csv"])
@settings(max_examples=300, deadline=None)
@given(data=content())
def test_decode_and_read_never_raise(fmt, data):
    """Without a database, many more examples: decoding and reading any bytes gives records
    and (line, problem) pairs; every record passed the checks and has a name."""
    from rolodex.interchange.decode import decode_bytes
    from rolodex.interchange.importer import parse

    try:
        text, enc = decode_bytes(data, "in.dat")
    except RolodexError as exc:
        assert "\n" not in str(exc)
        return
    parsed = parse(fmt, text, enc, Limits(line_chars=400, card_chars=2000, records=50))
    assert all(r.contact.name and len(r.contact.name) <= 300 for r in parsed.records)
    assert all(isinstance(line, int) and line >= 1 and msg and "\n" not in msg
               for line, msg in parsed.bad)
    assert parsed.blank >= 0 and parsed.groups >= 0


REAL = sorted(p for p in (Path(__file__).parents[1] / "fixtures" / "interchange").rglob("*")
              if p.suffix in (".vcf", ".csv", ".txt") and p.is_file())


def mutations():
    """Byte-level damage to a real-shaped export: bytes flipped, cut out, repeated or
    spliced in from elsewhere in the file."""
    edit = st.tuples(st.sampled_from(["flip", "cut", "dup", "splice", "nul"]),
                     st.floats(0, 1), st.integers(1, 64), st.integers(0, 255))
    return st.tuples(st.sampled_from(REAL), st.lists(edit, min_size=1, max_size=8))


def mutate(data: bytes, edits) -> bytes:
    b = bytearray(data)
    for kind, where, n, byte in edits:
        i = int(where * len(b)) if b else 0
        if kind == "flip" and b:
            b[min(i, len(b) - 1)] ^= byte or 1
        elif kind == "cut":
            del b[i:i + n]
        elif kind == "dup":
            b[i:i] = b[i:i + n] * 3
        elif kind == "splice" and b:
            j = (i * 7 + n) % len(b)
            b[i:i] = b[j:j + n]
        elif kind == "nul":
            b[i:i] = b"\x00" * n
    return bytes(b)


@pytest.mark.parametrize("fmt", ["vcard", "csv"])
@settings(max_examples=150, deadline=1000)
@given(case=mutations())
def test_mutated_real_files_read_within_a_second(fmt, case):
    """Every reader, on real shapes damaged byte by byte: records or (line, problem) pairs,
    never a traceback, never more than a second an input."""
    from rolodex.interchange.decode import decode_bytes
    from rolodex.interchange.importer import parse

    path, edits = case
    data = mutate(path.read_bytes(), edits)
    try:
        text, enc = decode_bytes(data, path.name)
    except RolodexError as exc:
        assert "\n" not in str(exc)
        return
    parsed = parse(fmt, text, enc, Limits())
    assert all(r.contact.name for r in parsed.records)
    assert all(msg and "\n" not in msg for _line, msg in parsed.bad)
