"""Keys typed in one burst go where the focus was when each was typed, backspace included:
a burst that opens a dialog and goes on typing, with backspaces, while the dialog is being
mounted, edits the dialog's field in the order typed (issue 10, the backspace race).

The keys are posted to the app all at once, as the terminal driver does with a burst."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from rolodex.tui.dialogs.contact_form import ContactForm
from rolodex.tui.dialogs.link_modal import LinkModal
from rolodex.tui.dialogs.log_modal import LogModal

from .conftest import running, settle

# "abc", backspace, "d", "x", two backspaces, "e", left, "f", end, "g": "abfeg"
BURST = [*"abc", "backspace", "d", "x", "backspace", "backspace", "e", "left", "f", "end",
         "g"]
TYPED = "abfeg"


def burst(app, keys) -> None:
    for key in keys:
        char = key if len(key) == 1 else {"space": " "}.get(key)
        app.post_message(events.Key(key, char))


@pytest.mark.parametrize("opener, dialog, field", [
    ("c", LogModal, "#summary"),
    ("l", LinkModal, "#who"),
    ("n", ContactForm, "#name"),
])
async def test_a_burst_right_after_opening_a_dialog_is_applied_in_order(
        small_store, make, opener, dialog, field):
    app = make(small_store)
    async with running(app, on=small_store.ids["John Smith"]) as pilot:
        burst(app, [opener, *BURST])
        await settle(pilot)
        assert isinstance(app.screen, dialog)
        assert app.screen.query_one(field, Input).value == TYPED


async def test_a_burst_that_ends_in_enter_saves_what_was_typed(small_store, make):
    from rolodex.core.records.interactions import list_interactions

    john = small_store.ids["John Smith"]
    app = make(small_store)
    async with running(app, on=john) as pilot:
        burst(app, ["c", *"Call 1x", "backspace", "space", *"okk", "backspace", "enter"])
        await settle(pilot, rounds=5)
        assert not isinstance(app.screen, LogModal)
    assert [i.summary for i in list_interactions(small_store, john)] == ["Call 1 ok"]


async def test_a_burst_in_the_who_can_query(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        burst(app, ["i", *"kubx", "backspace", *"ernetes", "left", "left", "backspace", "t"])
        await settle(pilot)
        assert app.screen.query_one("#who-query", Input).value == "kubernetes"
