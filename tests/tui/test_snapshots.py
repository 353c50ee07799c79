"""SVG snapshots (pytest-textual-snapshot) of the main screen, the log modal, the contact
form and help, on the small hand-built rolodex with a fixed clock, no network build and
the cursor blink off. Update with ``pytest tests/tui/test_snapshots.py --snapshot-update``
after reading the diff."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from rolodex.tui.messages import JumpToContact

from .conftest import SIZE, press, settle, still, type_text


def steps(*actions):
    """run_before for snap_compare: each action is a key, a text to type ('"…'), a pause
    in seconds (a float), or a callable(app); workers are settled after each; cursors
    stop blinking."""

    async def run(pilot):
        await settle(pilot)
        for action in actions:
            if callable(action):
                action(pilot.app)
                await settle(pilot)
            elif isinstance(action, float):
                await pilot.pause(action)
                await settle(pilot)
            elif action.startswith('"'):
                await type_text(pilot, action[1:])
            else:
                await press(pilot, action)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await still(pilot)

    return run


def jump(name):
    return lambda app: app.screen.post_message(JumpToContact(app.store.ids[name]))


def test_main_screen(snap_compare, small_store, make):
    app = make(small_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(jump("Jane Doe")))


def test_main_screen_filtered(snap_compare, small_store, make):
    app = make(small_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("slash", '"acme'))


def test_log_modal(snap_compare, small_store, make):
    app = make(small_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(
        jump("Jane Doe"), "m", '"Lunch with Grace and George'))


def test_contact_form(snap_compare, small_store, make):
    app = make(small_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(jump("Jane Doe"), "E"))


def test_help(snap_compare, small_store, make):
    app = make(small_store)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("question_mark"))


# -- every screen at 80x24 (issue 10 defect 7), the full profile at 120x40 (defect 8) -------
SMALL = (80, 24)


def _dupes(app):
    from rolodex.tui.screens.dupes import DupesScreen

    app.push_screen(DupesScreen())


def _import(app):
    from rolodex.tui.dialogs.import_dialog import ImportDialog

    app.push_screen(ImportDialog())


def _lookalikes(store, tmp_path):
    from .test_dupes_screen import import_lookalikes

    import_lookalikes(store, tmp_path)


def _full_card(store, _tmp_path):
    from .test_profile_pane import full_card

    store.ids["Carmen Full"] = full_card(store)


def _archived_jane(store, _tmp_path):
    from rolodex.core.records.contacts import archive_contact

    archive_contact(store, store.ids["Jane Doe"])


def _george_follow_up(store, _tmp_path):
    from datetime import date, timedelta

    from rolodex.core.records.interactions import log_interaction

    from .conftest import NOW

    log_interaction(store, "email", [store.ids["George Boole"]], "Sent the proposal",
                    at=NOW - timedelta(days=4), follow_up=date(2026, 11, 25))


# name: (terminal size, what to set up in the rolodex, the network built?, the steps)
SCREENS = {
    "main": (SMALL, None, False, [jump("Jane Doe")]),
    "welcome": (SMALL, None, False, []),  # on the empty rolodex
    "help": (SMALL, None, False, ["question_mark"]),
    "stats": (SMALL, None, False, ["s"]),
    "stats-scrolled": (SMALL, None, False, ["s", "tab", "end"]),
    "dupes": (SMALL, _lookalikes, False, [_dupes]),
    "who-can": (SMALL, None, True, [jump("Jane Doe"), "i", '"kubernetes', 0.3, "enter"]),
    "path-modal": (SMALL, None, True, [jump("Jane Doe"), "i", '"kubernetes', 0.3, "enter",
                                       "enter"]),
    "log-modal": (SMALL, None, False, [jump("Jane Doe"), "m", '"Lunch with Grace and George']),
    "contact-form": (SMALL, None, False, [jump("Jane Doe"), "E"]),
    "contact-form-end": (SMALL, None, False, [jump("Jane Doe"), "E", "shift+tab"]),
    "link": (SMALL, None, False, [jump("Jane Doe"), "l"]),
    "import": (SMALL, None, False, [_import]),
    "interaction-edit": (SMALL, None, False, [jump("Jane Doe"), "enter", "enter"]),
    "confirm": (SMALL, None, False, [jump("Jane Doe"), "x"]),
    "views": (SMALL, None, False, ["O"]),
    "sorted-by-last-touch": (SMALL, None, False, ["O", "down", "enter"]),
    "sorted-overdue-first": (SIZE, None, False, ["O", "down", "down", "down", "enter"]),
    "archived": (SMALL, _archived_jane, False, ["O", "end", "enter"]),
    "snooze": (SMALL, _george_follow_up, False, [jump("George Boole"), "z", '"in 1w']),
    "full-profile": (SIZE, _full_card, False, [jump("Carmen Full"), "tab"]),
    "full-profile-scrolled-80x24": (SMALL, _full_card, False,
                                    [jump("Carmen Full"), "tab", "end"]),
}


@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name, snap_compare, small_store, empty_store, make, tmp_path):
    size, setup, network, actions = SCREENS[name]
    store = empty_store if name == "welcome" else small_store
    if setup is not None:
        setup(store, tmp_path)
    app = make(store, build_network=network)
    assert snap_compare(app, terminal_size=size, run_before=steps(*actions))
