"""The filter finds places, notes and URLs (issue 13): '/berlin' lists who lives in Berlin
after the name hits; notes and URLs rank lower; `rolodex search`, `mutt-query` and the
TUI's index run the one Query and agree (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.db import fastread
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.search import mutt
from rolodex.core.search.index import ContactIndex
from rolodex.core.search.oneshot import run
from rolodex.core.search.query import Query


@pytest.fixture
def people(store):
    def add(name, **kw):
        return add_contact(store, ContactIn(name=name, **kw))

    ids = {
        "bertin": add("Daniel Bertin", location="Lyon, France", emails=["d@bertin.fr"]),
        "named": add("Berlin Schimmel", location="Wien, Austria"),
        "lives": add("Ada Lang", location="Berlin, Germany", emails=["ada@lang.de"]),
        "address": add("Cem Kaya", address="Torstraße 1\n10119 Berlin, Germany"),
        "company": add("Eva Ost", company="Berliner Bank"),
        "notes": add("Uwe Notiz", notes="met at a conference in Berlin",
                     emails=["uwe@notiz.de"]),
        "url": add("Ines Web", url="https://berlin.example.org/ines"),
        "munich": add("Max Moser", location="München, Germany"),
    }
    store.ids = ids
    return store


def test_the_filter_finds_where_people_live_after_the_name_hits(people):
    ids = people.ids
    idx = ContactIndex.load(people)
    got = idx.filter("berlin")
    assert got[:4] == [ids["named"], ids["company"], ids["lives"], ids["address"]]
    assert got[4:] == [ids["url"], ids["notes"]]  # URL and notes last, by name
    assert ids["bertin"] not in got  # no more typo guesses when places answer
    assert idx.filter("munchen") == [ids["munich"]] == idx.filter("München")
    assert idx.filter("torstrasse") == [ids["address"]]  # ß folds to ss
    assert idx.filter("conference berlin") == [ids["notes"]]
    scores = dict(idx.scored("berlin", 10))
    assert scores[ids["named"]] > scores[ids["lives"]] > scores[ids["notes"]]


def test_search_and_mutt_query_run_the_same_query(people):
    ids = people.ids
    idx = ContactIndex.load(people)
    with fastread.for_store(people) as conn:
        oneshot = [(r.id, s) for r, s in run(conn, Query("berlin"))]
        addresses = mutt.query(conn, "berlin")
        typo = [r.id for r, _s in run(conn, Query("berln"))]
    assert oneshot == idx.scored("berlin", 20)
    # only contacts with an email, ranked the same; mutt's pre-filter leaves the address,
    # URL and notes out (Query.deep), so Uwe (Berlin only in his notes) is not offered
    assert addresses == [("ada@lang.de", "Ada Lang", "")]
    with fastread.for_store(people) as conn:
        deep = [r.id for r, _s in run(conn, Query("berlin", with_email=True))]
    assert deep == [ids["lives"], ids["notes"]]
    assert ids["lives"] in typo


def test_rolodex_search_lists_places_too(people, db_url):
    r = CliRunner().invoke(app, ["--db", db_url, "search", "berlin", "--json"])
    assert r.exit_code == 0, r.output
    names = [x["name"] for x in json.loads(r.stdout)]
    assert names[:3] == ["Berlin Schimmel", "Eva Ost", "Ada Lang"]
    r = CliRunner().invoke(app, ["--db", db_url, "mutt-query", "munich"])
    assert r.exit_code == 1 and r.stdout.strip() == "no matches"  # Max has no email
