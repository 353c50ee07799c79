from datetime import datetime

import pytest

from rolodex.core.contacts import ContactIn, add_contact, resolve
from rolodex.core.errors import Ambiguous, NotFound
from rolodex.core.interactions import list_interactions, log_interaction


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
