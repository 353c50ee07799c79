"""Counts read right: '1 contact', 'my closest connection', no '0 of 0 confirmed (0.0%)',
and an ambiguous name says how many more there really are."""

from __future__ import annotations

import re

import pytest

from rolodex.core.errors import Ambiguous
from rolodex.core.records.contacts import ContactIn, add_contact, resolve
from rolodex.core.stats import compute_stats, describe


def test_empty_and_single_rolodex_wording(store):
    text = "\n".join(describe(compute_stats(store)))
    assert text.startswith("0 contacts")
    assert "0.0%" not in text and "of confirmed" not in text
    assert "my 0 closest" not in text
    add_contact(store, ContactIn(name="Ann Smith", email_labels=[], emails=["a@x.io"]))
    text = "\n".join(describe(compute_stats(store)))
    assert text.startswith("1 contact;") or text.startswith("1 contact ")
    assert "1 contacts" not in text
    assert "with 0 people" in text
    assert re.search(r"\b1 closest connections\b", text) is None


@pytest.mark.parametrize("n,query", [(30, "Ann Smith"), (60, "ann")])
def test_ambiguity_counts_everyone(store, n, query):
    from rolodex.core.records.bulk import bulk_insert_contacts

    with store.tx() as s:
        bulk_insert_contacts(s, [ContactIn(name="Ann Smith" if query == "Ann Smith"
                                           else f"Ann Smith{i:02d}") for i in range(n)],
                             store.now())
    with pytest.raises(Ambiguous) as err:
        resolve(store, query)
    assert f"and {n - 8} more" in str(err.value)
