"""SVG snapshots (pytest-textual-snapshot) of the main screen, the log modal, the contact
form and help, on the small hand-built rolodex with a fixed clock, no network build and
the cursor blink off. Update with ``pytest tests/tui/test_snapshots.py --snapshot-update``
after reading the diff."""

from __future__ import annotations

from textual.widgets import Input

from rolodex.tui.messages import JumpToContact

from .conftest import SIZE, press, settle, type_text


def steps(*actions):
    """run_before for snap_compare: each action is a key, a text to type ('"…'), or a
    callable(app); workers are settled after each; cursors stop blinking."""

    async def run(pilot):
        await settle(pilot)
        for action in actions:
            if callable(action):
                action(pilot.app)
            elif action.startswith('"'):
                await type_text(pilot, action[1:])
            else:
                await press(pilot, action)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

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
