"""Issue 10, defects 1-4: writes the person did not mean, or meant and did not get.

1. the welcome view's ``d`` builds the demo into the demo file, never into the open rolodex;
2. after a log the new entry is selected, and ``u`` / ``ctrl+z`` / the palette undo a
   delete, an archive, an edit;
3. ``enter`` in a checkbox does not toggle it; a dry run never becomes a write unseen; a
   failed import stops the progress bar;
4. names found in the summary are ticked (in the model, and it shows) and saved.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Button, Checkbox, Input, ProgressBar, SelectionList

from rolodex.core.db.store import Store
from rolodex.core.records.contacts import count_contacts
from rolodex.core.records.interactions import list_interactions
from rolodex.tui.dialogs.confirm import ConfirmScreen
from rolodex.tui.dialogs.import_dialog import ImportDialog
from rolodex.tui.dialogs.interaction_edit import InteractionEdit
from rolodex.tui.dialogs.log_modal import LogModal
from rolodex.tui.screens.main import MainScreen
from rolodex.tui.screens.welcome import WelcomeScreen
from rolodex.tui.widgets.contact_list import ContactList
from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import NOW, SIZE, fixed_clock, press, running, settle, type_text

CARDS = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
         "EMAIL:ada@example.org\r\nEND:VCARD\r\n"
         "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\nEND:VCARD\r\n")


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    """An empty user data folder of this test's own (the demo file lives there)."""
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home / "rolodex"


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- 1. the demo goes to the demo file ----------------------------------------------------------
async def _build_demo_from_welcome(app, size: int = 120):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#demo-size", Input).value = str(size)
        await pilot.press("d")
        for _ in range(8):
            await settle(pilot)
            if isinstance(app.screen, MainScreen) and app.index is not None \
                    and len(app.index):
                break
        assert isinstance(app.screen, MainScreen)
        shown = len(app.screen.query_one(ContactList).ids)
        pane = app.screen.query_one("#contacts-pane")
        return shown, pane.border_title, pane.border_subtitle, app.store.url, app.sub_title


async def test_welcome_d_with_db_builds_the_demo_file_and_leaves_the_empty_one(
        empty_store, make, data_home):
    app = make(empty_store)
    shown, title, subtitle, url, sub_title = await _build_demo_from_welcome(app)
    demo = data_home / "demo.db"
    assert demo.exists() and url == f"sqlite:///{demo.resolve()}"
    assert count_contacts(empty_store) == 0
    built = Store(str(demo))
    try:
        assert count_contacts(built) == shown == 120
    finally:
        built.close()
    assert title == "Contacts 120" and subtitle == sub_title == "demo rolodex · demo.db"


async def test_welcome_d_in_an_empty_data_folder_keeps_the_own_rolodex_empty(data_home):
    from rolodex.tui.app import make_app
    from rolodex.tui.config import Config

    app = make_app(None, clock=fixed_clock, config=Config(), build_network=False)
    own = data_home / "rolodex.db"
    assert app.db_url == f"sqlite:///{own.resolve()}"
    shown, _t, _s, url, _st = await _build_demo_from_welcome(app)
    assert url.endswith("/demo.db") and shown == 120
    mine = Store(str(own))
    try:
        assert count_contacts(mine) == 0
    finally:
        mine.close()
    app.store.close()


async def test_welcome_d_opens_a_demo_already_built_without_rebuilding(
        empty_store, make, data_home):
    from rolodex.demo import build_demo, demo_db_url

    demo = Store(demo_db_url(), clock=fixed_clock)
    build_demo(demo, contacts=110)
    demo.close()
    app = make(empty_store)
    shown, *_rest = await _build_demo_from_welcome(app, size=500)
    assert shown == 110 and count_contacts(empty_store) == 0


# -- 2. the new entry is selected; undo ---------------------------------------------------------
async def test_after_logging_the_new_entry_is_the_selected_one(small_store, make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        log = app.screen.query_one(InteractionLog)
        await press(pilot, "c")
        await type_text(pilot, "cursor test one")
        await press(pilot, "enter")
        await press(pilot, "enter")  # the list -> the log
        assert app.focused is log
        assert log.current.summary == "cursor test one"
        await press(pilot, "enter")  # edit it: later in time, it stays selected
        assert isinstance(app.screen, InteractionEdit)
        app.screen.query_one("#when", Input).value = (NOW - timedelta(days=20)).strftime(
            "%Y-%m-%d %H:%M")
        await press(pilot, "enter")
        assert log.current.summary == "cursor test one" and log.cursor_row == 1


async def test_deleting_a_meeting_then_u_brings_it_back_for_everyone(small_store, make):
    ids = small_store.ids
    jane, alice = ids["Jane Doe"], ids["Alice Wong"]
    meeting = list_interactions(small_store, jane)[1]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        log = app.screen.query_one(InteractionLog)
        await press(pilot, "enter", "down")
        assert log.current.id == meeting.id
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        assert meeting.id not in {i.id for i in list_interactions(small_store, alice)}
        assert meeting.id not in {i.id for i in log.items}
        await press(pilot, "u")
        back = list_interactions(small_store, jane)[1]
        assert (back.id, back.summary, back.at) == (meeting.id, meeting.summary, meeting.at)
        assert {c for c, _n in back.participants} == {jane, alice}
        assert meeting.id in {i.id for i in log.items}
        assert "undid: delete of 'Quarterly review' (2 people)" in notes(app)
        await press(pilot, "u")
        assert "nothing to undo" in " ".join(notes(app)).lower()


async def test_archive_then_ctrl_z_brings_the_contact_back_into_the_list(small_store, make):
    grace = small_store.ids["Grace Hopper"]
    app = make(small_store)
    async with running(app, on=grace) as pilot:
        lst = app.screen.query_one(ContactList)
        await press(pilot, "x", "y")
        assert grace not in lst.ids and count_contacts(small_store) == 5
        await press(pilot, "ctrl+z")
        assert count_contacts(small_store) == 6 and grace in lst.ids
        assert "undid: archive of Grace Hopper" in notes(app)


async def test_undo_of_edits_from_the_palette(small_store, make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, InteractionEdit)
        await type_text(pilot, " (renewed)")
        await press(pilot, "enter")
        assert list_interactions(small_store, jane)[0].summary == "Call with Jane (renewed)"
        await press(pilot, "E")
        app.screen.query_one("#company", Input).value = "Globex"
        await press(pilot, "ctrl+s")
        assert app.index.row(jane).company == "Globex"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "undo")
        await press(pilot, "enter")
        assert app.index.row(jane).company == "Acme"
        assert "undid: edit of Jane Doe" in notes(app)
        await press(pilot, "u")
        assert list_interactions(small_store, jane)[0].summary == "Call with Jane"


# -- 3. the import dialog -------------------------------------------------------------------------
async def _open_import(pilot, path: Path) -> None:
    await press(pilot, "ctrl+p")
    await type_text(pilot, "import")
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, ImportDialog)
    pilot.app.screen.query_one("#path", Input).value = str(path)


async def test_enter_on_the_dry_run_box_runs_a_dry_run_and_never_writes(
        small_store, make, tmp_path):
    card = tmp_path / "people.vcf"
    card.write_text(CARDS, encoding="utf-8")
    app = make(small_store)
    async with running(app) as pilot:
        await _open_import(pilot, card)
        dialog = app.screen
        await press(pilot, "tab", "tab", "tab")
        box = dialog.query_one("#dry-run", Checkbox)
        assert app.focused is box
        assert "[ ] dry run" in str(box.render())
        await press(pilot, "space")
        assert box.value is True and "[x] dry run" in str(box.render())
        await press(pilot, "enter")
        assert box.value is True  # enter does not toggle
        status = str(dialog.query_one("#import-status").render())
        assert "Dry run, nothing written" in status and "added 2" in status
        assert count_contacts(small_store) == 6
        real = dialog.query_one("#real", Button)
        assert real.display
        await press(pilot, "tab", "tab", "enter")  # the plain Import: another dry run
        assert count_contacts(small_store) == 6
        real.focus()
        await press(pilot, "enter")
        assert count_contacts(small_store) == 8
        assert "Done: added 2" in str(dialog.query_one("#import-status").render())
        assert not real.display


async def test_changing_the_options_after_a_dry_run_withdraws_import_for_real(
        small_store, make, tmp_path):
    card = tmp_path / "people.vcf"
    card.write_text(CARDS, encoding="utf-8")
    app = make(small_store)
    async with running(app) as pilot:
        await _open_import(pilot, card)
        app.screen.query_one("#dry-run", Checkbox).value = True
        await press(pilot, "enter")  # in the path field: start
        real = app.screen.query_one("#real", Button)
        assert real.display
        app.screen.query_one("#path", Input).value = str(tmp_path / "other.vcf")
        await settle(pilot)
        assert not real.display
    assert count_contacts(small_store) == 6


async def test_a_failed_import_stops_the_progress_bar_and_says_why(small_store, make,
                                                                   tmp_path):
    app = make(small_store)
    async with running(app) as pilot:
        await _open_import(pilot, tmp_path / "nope.vcf")
        await press(pilot, "enter")
        dialog = app.screen
        bar = dialog.query_one("#import-progress", ProgressBar)
        assert not (bar.display and bar.total is None)  # not pulsing
        assert "Not imported" in str(dialog.query_one("#import-status").render())
        assert "nope.vcf" in str(dialog.query_one("#import-status").render())


# -- 4. participants named in the summary ---------------------------------------------------------
async def test_names_found_in_the_summary_are_ticked_shown_and_saved(small_store, make):
    ids = small_store.ids
    app = make(small_store)
    async with running(app, on=ids["Jane Doe"]) as pilot:
        await press(pilot, "m")
        await type_text(pilot, "Lunch with Grace Hopper and George about the rollout")
        await settle(pilot)
        sl = app.screen.query_one("#participants", SelectionList)
        assert set(sl.selected) == {ids["Grace Hopper"], ids["George Boole"]}
        lines = ["".join(s.text for s in sl.render_line(y)) for y in range(sl.option_count)]
        assert lines[0].startswith("[x] Grace Hopper") and lines[1].startswith("[x] George")
        await press(pilot, "enter")
        assert not isinstance(app.screen, LogModal)
    lunch = list_interactions(small_store, ids["George Boole"])[0]
    assert lunch.summary.startswith("Lunch with Grace")
    assert {c for c, _n in lunch.participants} == {
        ids["Jane Doe"], ids["Grace Hopper"], ids["George Boole"]}


async def test_an_unticked_name_looks_unticked_and_is_not_saved(small_store, make):
    ids = small_store.ids
    app = make(small_store)
    async with running(app, on=ids["Jane Doe"]) as pilot:
        await press(pilot, "m")
        await type_text(pilot, "lunch with Grace and George")
        await settle(pilot)
        await press(pilot, "tab", "down", "space")  # untick George
        sl = app.screen.query_one("#participants", SelectionList)
        second = "".join(s.text for s in sl.render_line(1))
        assert second.startswith("[ ] George Boole")
        app.screen.query_one("#summary", Input).focus()
        await type_text(pilot, " later")  # a new lookup keeps George unticked
        await settle(pilot)
        assert set(sl.selected) == {ids["Grace Hopper"]}
        await press(pilot, "enter")
    lunch = list_interactions(small_store, ids["Jane Doe"])[0]
    assert {c for c, _n in lunch.participants} == {ids["Jane Doe"], ids["Grace Hopper"]}


# -- 6. typing into a filled field after tabbing back adds to it -----------------------------
async def test_back_in_a_filled_summary_typing_adds_to_it(small_store, make):
    grace = small_store.ids["Grace Hopper"]
    app = make(small_store)
    async with running(app, on=grace) as pilot:
        await press(pilot, "c")
        await type_text(pilot, "Call about")
        await press(pilot, "shift+tab")
        assert app.focused.id == "when"
        await press(pilot, "tab")
        assert app.focused.id == "summary"
        await type_text(pilot, " pricing")
        await press(pilot, "enter")
    assert list_interactions(small_store, grace)[0].summary == "Call about pricing"


async def test_back_in_the_who_can_query_typing_adds_to_it(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "i")
        await type_text(pilot, "kube")
        await press(pilot, "escape")
        assert app.focused is not app.screen.query_one("#who-query", Input)
        await press(pilot, "i")
        await type_text(pilot, "rnetes")
        assert app.screen.query_one("#who-query", Input).value == "kubernetes"
