"""The writers: folding, escaping, formula injection, and other programs reading our vCards."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import vobject
from hypothesis import given
from hypothesis import strategies as st

from rolodex.interchange.csv_write import safe, to_text
from rolodex.interchange.decode import Limits
from rolodex.interchange.vcard_lines import (
    _split_slow,
    escape,
    fold,
    logical_lines,
    split_escaped,
)
from rolodex.interchange.vcard_write import card


def person(**kw) -> dict:
    base = {"id": 1, "name": "Zoë Ångström", "company": "Nordlys AB", "title": "CTO",
            "address": "Drottninggatan 1, Stockholm", "location": "Stockholm", "url": "",
            "notes": "", "category": "partner", "known_directly": True, "closeness": None,
            "cadence_days": None, "birthday": "--07-09", "met_on": date(2024, 2, 3),
            "uid": "u-1", "extra": {}, "updated_at": datetime(2026, 11, 26, 10, 0),
            "emails": [("zoe@nordlys.example", "work"), ("z@home.example", "private")],
            "phones": [("+46 8 555 0100", "mobile")], "tags": ["Nordics"], "skills": ["Rust"]}
    base.update(kw)
    return base


def test_fold_at_75_octets_never_inside_a_character():
    line = "NOTE:" + "ä" * 100 + "€" * 30
    folded = fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert parts[-1] == b"" and all(len(p) <= 75 for p in parts)
    for p in parts:
        p.decode("utf-8")  # each physical line is whole characters
    assert [x for _, x in logical_lines(folded, Limits())] == [line]


def test_vcard_40_shape_and_escaping():
    text = card(person(notes="a, b; c\\d\nnext"))
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and text.endswith("END:VCARD\r\n")
    assert "\r\nNOTE:a\\, b\\; c\\\\d\\nnext\r\n" in text
    assert "EMAIL;TYPE=work:zoe@nordlys.example" in text
    assert "item1.EMAIL:z@home.example\r\nitem1.X-ABLabel:private" in text
    assert "TEL;TYPE=cell:+46 8 555 0100" in text
    assert "BDAY:--0709" in text and "X-ROLODEX-CATEGORY:partner" in text
    v3 = card(person(), "3.0")
    assert "VERSION:3.0" in v3 and "BDAY;X-APPLE-OMIT-YEAR=1604:1604-07-09" in v3
    assert "EMAIL;TYPE=INTERNET,WORK:zoe@nordlys.example" in v3


def test_vobject_reads_our_export():
    for version in ("3.0", "4.0"):
        text = card(person(notes="Line one\nLine two, with comma" + " long" * 40), version)
        v = vobject.readOne(text)
        assert v.fn.value == "Zoë Ångström"
        assert v.note.value.startswith("Line one\nLine two, with comma long")
        assert sorted(e.value for e in v.email_list) == ["z@home.example",
                                                         "zoe@nordlys.example"]
        assert v.org.value[0] == "Nordlys AB"


def test_csv_export_defuses_formulas():
    assert [safe(x) for x in ("=1+1", "+1 555", "-x", "@SUM(A1)", "\tx", "\rx", "ok")] == \
        ["'=1+1", "'+1 555", "'-x", "'@SUM(A1)", "'\tx", "'\rx", "ok"]
    text = to_text([person(name="=HYPERLINK(\"http://evil\")", company="@corp")])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'=HYPERLINK(\"http://evil\")" and rows[1][1] == "'@corp"
    assert rows[0][:5] == ["Name", "Company", "Title", "Email 1", "Email 1 Label"]
    assert "'+46 8 555 0100" in rows[1]


@given(st.text(alphabet="ab;,\\nN\ue000", max_size=30), st.sampled_from([";", ","]))
def test_split_escaped_fast_path_matches_the_plain_loop(value, sep):
    assert split_escaped(value, sep) == _split_slow(value, sep)
    assert split_escaped(escape(value), ",") == [value.replace("\r\n", "\n")
                                                 .replace("\r", "\n")]


def test_adr_kept_as_written_only_when_the_export_would_not_write_it_so():
    from rolodex.interchange.vcard_read import read_vcards

    def one(adr: str):
        text = f"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Ruiz\r\n{adr}\r\nEND:VCARD\r\n"
        (rec,) = read_vcards(text, "UTF-8").records
        c = rec.contact
        back = card(person(name=c.name, address=c.address, location=c.location,
                           extra=c.extra))
        return c, back

    # Our own export's shape: written again from the address, nothing kept beside it.
    c, back = one("ADR:;;74 Saini Way\\, Bangalore 90056\\, India;;;;")
    assert c.address == "74 Saini Way, Bangalore 90056, India"
    assert "vcard_orig" not in c.extra
    assert "\r\nADR:;;74 Saini Way\\, Bangalore 90056\\, India;;;;\r\n" in back
    # A structured address with its TYPE: kept exactly as the source wrote it.
    for adr in ("ADR;TYPE=work:;;1 Main St;Springfield;IL;62701;USA",
                "ADR:;;1 Main St;Springfield;IL;62701;USA",
                "item2.ADR:;;74 Saini Way;;;;"):
        c, back = one(adr)
        assert c.extra["vcard_orig"]["ADR"] == adr
        assert f"\r\n{adr}\r\n" in back
