"""Fuzzing beyond the readers: the time parser and the query parsers (the filter, who-can)
answer any text with a result or a clean UsageError: never a traceback, never more than a
second an input."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolodex.core.errors import UsageError
from rolodex.core.search.index import ContactIndex, Row
from rolodex.core.when import parse_day, parse_when

NOW = datetime(2026, 11, 26, 10, 0)
WHEN_BITS = ["-2d", "-3w", "+4h", "-99999999999y", "2mo", "yesterday", "tomorrow", "friday",
             "9am", "12pm", "25:61", "15:00", "2026-11-23", "2026-02-30", "T", " ", "now",
             "9999-12-31 23:59", "0001-01-01", "-0d", "monday 7:5", "am", "pm", ":", "-"]
FAST = settings(max_examples=300, deadline=1000,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def pieces(bits):
    return st.lists(st.one_of(st.sampled_from(bits), st.text(max_size=12)), max_size=6).map(
        " ".join)


@FAST
@given(pieces(WHEN_BITS))
def test_time_parser_never_raises_anything_else(value):
    for fn in (parse_when, parse_day):
        try:
            got = fn(value, NOW)
        except UsageError as exc:
            assert "\n" not in str(exc)
        else:
            assert got is None or hasattr(got, "year")


QUERY_BITS = ["zoe", "ångström", "kubernets", "\x00", "%", "_", "*", "?", "'", '"', "\\",
              "((", "[", "a" * 300, "  ", "é", "王", "#1", "@", "-", "—", "\u202e", "0"]


@pytest.fixture(scope="module")
def index():
    t = datetime(2026, 1, 1)
    people = [("Zoë Ångström", "Acme", "CTO"), ("Anna Berg", "Umbrella", "Sales"),
              ("王小明", "", ""), ("O'Brien, Pat", "Pat & Co", "")]
    rows = [Row(i, n, c, ti, None, None, t) for i, (n, c, ti) in enumerate(people, 1)]
    return ContactIndex.from_rows(rows, {i: ["Kubernetes", "Python"] for i in range(1, 5)})


@FAST
@given(q=pieces(QUERY_BITS))
def test_filter_query_parser(index, q):
    ids = index.filter(q, 50)
    assert all(1 <= i <= 4 for i in ids)


@pytest.fixture(scope="module")
def who(tmp_path_factory):
    from rolodex.core.db.store import Store
    from rolodex.core.network.graph import Network
    from rolodex.core.records.contacts import ContactIn, add_contact
    from rolodex.core.records.links import link

    store = Store(str(tmp_path_factory.mktemp("who") / "r.db"), clock=lambda: NOW)
    a = add_contact(store, ContactIn(name="Alice Wong", skills=["Python"]))
    b = add_contact(store, ContactIn(name="Raj Patel", known_directly=False,
                                     skills=["Kubernetes"], location="Berlin"))
    link(store, a, b, 4)
    return store, Network.build(store)


@FAST
@given(q=pieces(QUERY_BITS + ["python developer berlin", "cfo", "london"]))
def test_who_query_parser(who, q):
    from rolodex.core.network.introducer import who_can

    store, net = who
    for r in who_can(store, net, q, limit=5):
        assert r.target["name"] in ("Alice Wong", "Raj Patel")
