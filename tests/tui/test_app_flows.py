"""Interaction edit/delete, help, key remaps, theme memory, palette, welcome, import,
errors."""

from __future__ import annotations

from textual.widgets import Input

from rolodex.core.records.contacts import count_contacts
from rolodex.core.records.interactions import list_interactions
from rolodex.tui.commands import ActionCommands, ContactCommands
from rolodex.tui.config import load_config, save_theme
from rolodex.tui.dialogs.confirm import ConfirmScreen
from rolodex.tui.dialogs.contact_form import ContactForm
from rolodex.tui.dialogs.error import ErrorScreen
from rolodex.tui.dialogs.import_dialog import ImportDialog
from rolodex.tui.dialogs.interaction_edit import InteractionEdit
from rolodex.tui.dialogs.log_modal import LogModal
from rolodex.tui.screens.help import HelpScreen
from rolodex.tui.screens.main import MainScreen
from rolodex.tui.screens.welcome import WelcomeScreen
from rolodex.tui.widgets.contact_list import ContactList
from rolodex.tui.widgets.interaction_log import InteractionLog
from rolodex.tui.workers import in_thread

from .conftest import press, running, settle, type_text


async def test_enter_on_an_interaction_edits_it_and_delete_asks_first(small_store, make):
    app = make(small_store)
    jane = small_store.ids["Jane Doe"]
    async with running(app, on=jane) as pilot:
        await pilot.press("enter")  # list -> the interaction log
        log = app.screen.query_one(InteractionLog)
        assert app.focused is log
        await press(pilot, "enter")
        assert isinstance(app.screen, InteractionEdit)
        summary = app.screen.query_one("#summary", Input)
        summary.value = "Renewal signed"
        await press(pilot, "enter")
        assert list_interactions(small_store, jane)[0].summary == "Renewal signed"
        assert log.items[0].summary == "Renewal signed"
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "escape")
        assert len(list_interactions(small_store, jane)) == 2
        await press(pilot, "d")
        await press(pilot, "y")
        items = list_interactions(small_store, jane)
        assert [i.summary for i in items] == ["Quarterly review"]
        assert [i.summary for i in log.items] == ["Quarterly review"]


async def test_help_lists_every_key_with_its_binding_id(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.keys_table()
        ids = set(table.columns[2]._cells)
        for wanted in ("log-call", "log-email", "log-meeting", "new-contact", "edit-contact",
                       "link", "archive", "who-can", "stats", "filter", "quit", "help",
                       "list-down", "interaction-edit", "interaction-delete"):
            assert wanted in ids
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_keys_remapped_from_config(small_store, make):
    app = make(small_store, keys={"log-call": "C", "list-down": "J"})
    async with running(app) as pilot:
        await press(pilot, "c")
        assert isinstance(app.screen, MainScreen)
        await press(pilot, "C")
        assert isinstance(app.screen, LogModal)
        assert str(app.screen.query_one("#kind").value) == "call"
        await pilot.press("escape")
        await pilot.press("J")
        assert app.screen.query_one(ContactList).cursor == 1


def test_config_file_keys_and_theme_are_remembered(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('# mine\n[keys]\nlog-call = "C"\n', encoding="utf-8")
    config = load_config(path)
    assert config.keys == {"log-call": "C"} and config.theme is None
    save_theme(config, "nord")
    again = load_config(path)
    assert again.theme == "nord" and again.keys == {"log-call": "C"}
    save_theme(again, "gruvbox")
    assert load_config(path).theme == "gruvbox"
    assert path.read_text().count("theme") == 1
    path.write_text("[keys\n", encoding="utf-8")
    broken = load_config(path)
    assert broken.problem and broken.keys == {}


async def test_theme_change_is_saved(small_store, make, tmp_path):
    app = make(small_store)
    async with running(app) as pilot:
        app.theme = "nord"
        await settle(pilot)
    assert load_config(tmp_path / "config.toml").theme == "nord"


async def test_palette_providers_find_contacts_and_actions(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        screen = app.screen
        provider = ContactCommands(screen)
        hits = [hit async for hit in provider.search("hopper")]
        assert hits and "Grace Hopper" in hits[0].text
        hits[0].command()
        await settle(pilot)
        assert screen.query_one(ContactList).highlighted == small_store.ids["Grace Hopper"]
        actions = ActionCommands(screen)
        found = [hit async for hit in actions.search("import")]
        assert any("Import" in str(h.match_display) for h in found)
        titles = [str(h.display) async for h in actions.discover()]
        assert "Log a call" in titles and "Stats" in titles
        call = [h async for h in actions.search("log a call")][0]
        call.command()
        await settle(pilot)
        assert isinstance(app.screen, LogModal)


async def test_ctrl_p_jumps_to_a_contact(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "ctrl+p")
        await type_text(pilot, "boole")
        await pilot.pause(0.5)
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(ContactList).highlighted == small_store.ids["George Boole"]


async def test_a_failing_worker_shows_the_error_dialog(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:

        def boom():
            raise ValueError("disk on fire")

        in_thread(app.screen, boom, group="testing")
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        assert "disk on fire" in app.screen.message
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_empty_rolodex_opens_the_welcome_view_and_adds_the_first(empty_store, make):
    app = make(empty_store)
    async with running(app) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, ContactForm)
        await type_text(pilot, "First Person")
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        lst = app.screen.query_one(ContactList)
        assert len(lst.ids) == 1 and app.index.row(lst.highlighted).name == "First Person"
        assert app.screen.query_one("#contacts-pane").border_title == "Contacts 1"


async def test_import_dialog_imports_a_vcard_in_a_worker(empty_store, make, tmp_path):
    card = tmp_path / "people.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\n"
                    "EMAIL:ada@example.org\r\nEND:VCARD\r\n"
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Alan Turing\r\nN:Turing;Alan;;;\r\n"
                    "END:VCARD\r\n", encoding="utf-8")
    app = make(empty_store)
    async with running(app) as pilot:
        await press(pilot, "i")
        assert isinstance(app.screen, ImportDialog)
        app.screen.query_one("#path", Input).value = str(card)
        await press(pilot, "enter")
        assert "added 2" in str(app.screen.query_one("#import-status").render())
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen.query_one(ContactList).ids) == 2
    assert count_contacts(empty_store) == 2


async def test_import_of_a_missing_file_says_why(empty_store, make, tmp_path):
    app = make(empty_store)
    async with running(app) as pilot:
        await press(pilot, "i")
        app.screen.query_one("#path", Input).value = str(tmp_path / "nope.vcf")
        await press(pilot, "enter")
        assert "Not imported" in str(app.screen.query_one("#import-status").render())
    assert count_contacts(empty_store) == 0


async def test_q_quits(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_welcome_builds_the_demo_in_a_worker(empty_store, make, tmp_path,
                                                   monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = make(empty_store)
    async with running(app) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#demo-size", Input).value = "150"
        await pilot.press("d")
        await settle(pilot, rounds=6)
        assert isinstance(app.screen, MainScreen)
        shown = len(app.screen.query_one(ContactList).ids)
        assert shown == count_contacts(app.store) == 150 and app.store is not empty_store
        assert app.screen.query_one("#contacts-pane").border_title == f"Contacts {shown:,}"
    assert count_contacts(empty_store) == 0  # the demo went into its own file


async def test_s_opens_stats_and_enter_on_losing_touch_jumps_to_the_contact(small_store, make):
    from rolodex.tui.screens.stats import StatsScreen

    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("s")
        await settle(pilot, rounds=5)
        assert isinstance(app.screen, StatsScreen)
        await press(pilot, "enter")  # the most overdue: Alice (33 days past a 7-day cadence)
        assert isinstance(app.screen, MainScreen)
        lst = app.screen.query_one(ContactList)
        assert lst.highlighted == small_store.ids["Alice Wong"]


async def test_typing_in_an_edited_summary_adds_to_it(small_store, make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "enter", "enter")
        assert isinstance(app.screen, InteractionEdit)
        await type_text(pilot, " (renewed)")
        await press(pilot, "enter")
    assert list_interactions(small_store, jane)[0].summary == "Call with Jane (renewed)"


async def test_tab_into_a_filled_field_of_the_contact_form_adds_to_it(small_store, make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "E")
        await press(pilot, *["tab"] * 5)
        assert app.focused.id == "skills"
        await type_text(pilot, ", Rust")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ContactForm)
    from rolodex.tui.profile import load_profile

    from .conftest import NOW

    assert load_profile(small_store, jane, NOW).skills == ["Go", "Kubernetes", "Rust"]


async def test_help_shows_the_keys_table_hint_and_list_enters(small_store, make):
    from textual.widgets import Static

    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "question_mark")
        hint = str(app.screen.query_one(".dialog-hint", Static).render())
        assert "under [keys], e.g." in hint and "  [keys]" in hint
        table = app.screen.keys_table()
        does = list(table.columns[1]._cells)
        assert "The whole path, with each tie's reason" in does
        assert "Jump to the overdue contact" in does


async def test_a_keys_conflict_warns_and_keeps_the_default(small_store, make):
    from rolodex.tui.config import keymap_conflicts
    from rolodex.tui.keys import SECTIONS

    ok, problems = keymap_conflicts({"quit": "c", "log-call": "C", "nope": "z"}, SECTIONS)
    assert ok == {"log-call": "C"}
    assert any("quit = 'c' is already log-call's key; quit keeps 'q'" in p for p in problems)
    assert any("nope: no such binding" in p for p in problems)
    app = make(small_store, keys={"quit": "c"})
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(str(message))
    async with running(app) as pilot:
        await press(pilot, "c")  # still the quick log: quit lost the conflict
        assert isinstance(app.screen, LogModal)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running
        assert any("quit keeps 'q'" in m for m in said)
