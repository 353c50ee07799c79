"""Today in the TUI: the start screen once the rolodex has history, ``T`` from anywhere,
``enter`` goes to the person with the log dialog one key away; snapshots at 120x40 and
80x24 on the small rolodex with a follow-up, a birthday and an open ask added."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from textual.widgets import OptionList

from rolodex.core.db.derived import my_follow_up
from rolodex.tui.screens.main import MainScreen
from rolodex.tui.screens.today import TodayScreen

from .conftest import NOW, SIZE, press, running, settle, steady


@pytest.fixture
def today_store(small_store):
    from rolodex.core.records.interactions import log_interaction
    from rolodex.core.records.intros import ask

    ids = small_store.ids
    log_interaction(small_store, "email", [ids["George Boole"]], "Sent the proposal",
                    at=NOW - timedelta(days=4), follow_up=date(2026, 11, 25))
    with small_store.tx() as s:
        s.execute(text("UPDATE contact SET birthday = '--11-28' WHERE id = :i"),
                  {"i": ids["Zoë Ångström"]})
    ask(small_store, ids["Jane Doe"], ids["John Smith"], for_what="Python")
    return small_store


def _lines(app) -> list[str]:
    ol = app.screen.query_one("#today-lines", OptionList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def test_today_is_the_start_screen_once_there_is_history(today_store, make):
    app = make(today_store, start="today")
    async with running(app) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TodayScreen)
        lines = _lines(app)
        assert any("Follow-ups due · 1" in ln for ln in lines)
        assert any("George Boole" in ln and "1 day late" in ln for ln in lines)
        assert any("Zoë Ångström" in ln and "Saturday 28 Nov" in ln for ln in lines)
        assert any("to introduce John Smith (Python)" in ln for ln in lines)
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)


async def test_an_empty_rolodex_does_not_open_on_today(empty_store, make):
    from rolodex.tui.screens.welcome import WelcomeScreen

    app = make(empty_store, start="today")
    async with running(app) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)


async def test_T_from_anywhere_and_enter_goes_to_the_person_with_the_log_one_key_away(
        today_store, make):
    from rolodex.tui.dialogs.log_modal import LogModal

    app = make(today_store)
    async with running(app) as pilot:
        assert isinstance(app.screen, MainScreen)  # start = "contacts"
        await press(pilot, "s")  # from the stats screen too
        await press(pilot, "T")
        assert isinstance(app.screen, TodayScreen)
        await press(pilot, "T")  # not a second one
        assert sum(isinstance(s, TodayScreen) for s in app.screen_stack) == 1
        ol = app.screen.query_one("#today-lines", OptionList)
        first = ol.highlighted
        assert "George Boole" in str(ol.get_option_at_index(first).prompt)
        await press(pilot, "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.selected == today_store.ids["George Boole"]
        await press(pilot, "c")
        assert isinstance(app.screen, LogModal)
        assert app.screen.contact_id == today_store.ids["George Boole"]


async def test_slash_on_today_filters_the_contacts_with_the_keys_typed_after_it(
        today_store, make):
    app = make(today_store, start="today")
    async with running(app) as pilot:
        await settle(pilot)
        await press(pilot, "s")  # Today over the stats screen: both go
        await press(pilot, "T")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("slash", "j", "a", "n", "e")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.filter_bar.value == "jane"
        assert app.screen.contact_list.ids[0] == today_store.ids["Jane Doe"]


async def test_logging_closes_the_follow_up_and_today_follows(today_store, make):
    from rolodex.core.records.interactions import log_interaction

    app = make(today_store, start="today")
    async with running(app) as pilot:
        await settle(pilot)
        log_interaction(today_store, "call", [today_store.ids["George Boole"]], "Called back")
        await settle(pilot)
        assert any("Follow-ups due · none" in ln for ln in _lines(app))


def test_today_palette_entry():
    from rolodex.tui.commands import ACTIONS

    assert ("Today", "app.today") in [(t, a) for t, a, _h in ACTIONS]


def test_snapshot(snap_compare, today_store, make):
    app = make(today_store, start="today")
    assert snap_compare(app, terminal_size=SIZE, run_before=steady)


def test_snapshot_80x24(snap_compare, today_store, make):
    app = make(today_store, start="today")
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady)


async def test_quick_log_takes_a_follow_up_at_the_end_of_the_summary(small_store, make):
    from textual.widgets import Label

    from rolodex.core.records.interactions import list_interactions

    from .conftest import type_text

    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "c")
        await type_text(pilot, "Sent the deck, follow up: fri")
        await settle(pilot)
        hint_line = app.screen.query_one("#follow-up-hint", Label)
        assert hint_line.display
        assert "Follow up by Friday 27 November 2026" in str(hint_line.render())
        await press(pilot, "enter")
        newest = list_interactions(small_store, jane)[0]
        assert (newest.summary, newest.follow_up) == ("Sent the deck", date(2026, 11, 27))
        with small_store.read() as s:
            assert my_follow_up(s, jane) == date(2026, 11, 27)
        # the list colours Jane as due (a follow-up tomorrow)
        assert app.screen.contact_list.follow_ups == {jane: date(2026, 11, 27)}
        row = app.screen.contact_list._row(jane)
        strip = app.screen.contact_list._render_row(row, 60, False, app.screen.rich_style)
        due_style = app.screen.contact_list.get_component_rich_style("contact-list--due")
        assert list(strip)[1].style.color == due_style.color


async def test_the_profile_shows_the_birthday_and_the_follow_up(today_store, make):
    from rolodex.tui.widgets.contact_header import ContactHeader

    app = make(today_store)
    async with running(app, on=today_store.ids["Zoë Ångström"]) as pilot:
        text_now = app.screen.query_one(ContactHeader).text.plain
        assert "birthday 28 November" in text_now
        await pilot.pause()
    app = make(today_store)
    async with running(app, on=today_store.ids["George Boole"]):
        assert "follow up by Wed 25 Nov" in app.screen.query_one(ContactHeader).text.plain


def test_config_start(tmp_path):
    from rolodex.tui.config import load_config

    path = tmp_path / "config.toml"
    assert load_config(path).start == "today"  # no file: the default
    path.write_text('start = "contacts"\n')
    assert load_config(path).start == "contacts"
    path.write_text('start = "stats"\n')
    bad = load_config(path)
    assert bad.start == "today" and "start = 'stats' is not one of 'today', 'contacts'" in (
        bad.problem or "")
