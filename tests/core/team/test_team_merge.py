"""Merging two team cards loses nobody's entries: a colleague's private log with the card
that goes (which the merger cannot see, so cannot move) must not vanish with it."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import fixed_clock
from team_util import team_db

from rolodex.core.db.store import Store
from rolodex.core.errors import UsageError
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import log_interaction
from rolodex.core.records.merge import merge_contacts

pytestmark = pytest.mark.postgres


def _with_whom(t, who: str, summary: str) -> list[int]:
    with t.raw(who) as conn:
        return [r[0] for r in conn.execute(
            "SELECT p.contact_id FROM interaction i JOIN interaction_participant p "
            "ON p.interaction_id = i.id WHERE i.summary = %s", (summary,))]


def test_a_merge_never_takes_a_colleagues_entries_with_it():
    with team_db() as t:
        a = Store(t.url("alice"), clock=fixed_clock)
        b = Store(t.url("bob"), clock=fixed_clock)
        admin = Store(t.admin, clock=fixed_clock)
        try:
            raj = add_contact(a, ContactIn(name="Raj Patel", emails=["raj@acme.io"]))
            twin = add_contact(a, ContactIn(name="Raj Patel", emails=["rp@acme.io"]))
            other = add_contact(a, ContactIn(name="Vera Lind"))
            other_twin = add_contact(a, ContactIn(name="Vera Lind"))
            log_interaction(b, "call", [twin], "bob's private call", follow_up=date(2030, 1, 10))
            log_interaction(a, "call", [other_twin], "alice's call")
            # Alice cannot see Bob's call, so cannot move it: refused, nothing changed
            with pytest.raises(UsageError, match="colleague"):
                merge_contacts(a, raj, twin)
            assert _with_whom(t, "bob", "bob's private call") == [twin]
            # a card with only her own entries merges as always
            merge_contacts(a, other, other_twin)
            assert _with_whom(t, "alice", "alice's call") == [other]
            # the administrator sees every row: everyone's entries move, everyone's ties too
            merge_contacts(admin, raj, twin)
            assert _with_whom(t, "bob", "bob's private call") == [raj]
            with t.raw("bob") as conn:
                assert conn.execute("SELECT contact_id, last_touch_at IS NOT NULL, follow_up_due "
                                    "FROM my_tie").fetchall() == [(raj, True, date(2030, 1, 10))]
        finally:
            for s in (a, b, admin):
                s.close()
