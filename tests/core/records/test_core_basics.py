from datetime import datetime

import pytest

from rolodex.core.errors import Ambiguous, NotFound
from rolodex.core.records.contacts import ContactIn, add_contact, resolve
from rolodex.core.records.interactions import list_interactions, log_interaction


def test_add_resolve_and_log(store):
    a = add_contact(store, ContactIn(name="Zoë Ångström", company="Acme"))
    assert resolve(store, "zoe angstrom") == a
    iid = log_interaction(store, "call", [a], "renewal", at=datetime(2026, 11, 20, 9, 0))
    items = list_interactions(store, a)
    assert [i.id for i in items] == [iid]
    assert items[0].participants == [(a, "Zoë Ångström")]


def test_ambiguous_and_unknown(store):
    add_contact(store, ContactIn(name="Jane Doe", company="Acme"))
    add_contact(store, ContactIn(name="Jane Doe", company="Initech"))
    with pytest.raises(Ambiguous) as exc:
        resolve(store, "jane doe")
    assert "Acme" in str(exc.value) and "Initech" in str(exc.value)
    with pytest.raises(NotFound):
        resolve(store, "Quentin Zebulon")


def test_ago_turns_to_years_at_24_months():
    from rolodex.core.when import ago, ago_words

    now = datetime(2026, 11, 26)
    from datetime import timedelta

    assert ago(now - timedelta(days=719), now) == "23mo"
    assert ago(now - timedelta(days=725), now) == "2y"
    assert ago(now - timedelta(days=800), now) == "2y"
    assert ago(now - timedelta(days=1100), now) == "3y"
    assert ago_words(now - timedelta(days=725), now) == "2 years ago"
