"""F marks a follow-up done without logging, z snoozes it ("in 1w", "friday": the quick
log's parser), in Today and on the main screen; u undoes either."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input, OptionList

from rolodex.core.db.derived import my_follow_up
from rolodex.tui.dialogs.snooze import SnoozeDialog
from rolodex.tui.screens.today import TodayScreen

from .conftest import NOW, press, running, type_text


@pytest.fixture
def fu_store(small_store):
    from rolodex.core.records.interactions import log_interaction

    log_interaction(small_store, "email", [small_store.ids["George Boole"]], "Sent the proposal",
                    at=NOW - timedelta(days=4), follow_up=date(2026, 11, 25))
    return small_store


def due(store, cid):
    with store.read() as s:
        return my_follow_up(s, cid)


def entries(store) -> int:
    from sqlalchemy import func, select

    from rolodex.core.db.models import Interaction

    with store.read() as s:
        return s.execute(select(func.count()).select_from(Interaction)).scalar_one()


async def _on_george(pilot) -> None:
    lines = pilot.app.screen.query_one("#today-lines", OptionList)
    for i in range(lines.option_count):
        opt = lines.get_option_at_index(i)
        if opt.id and opt.id.startswith("follow_ups:"):
            lines.highlighted = i
            return
    raise AssertionError("no follow-up line")


async def test_F_in_today_closes_the_follow_up_without_logging_and_u_undoes(fu_store, make):
    george = fu_store.ids["George Boole"]
    before = entries(fu_store)
    app = make(fu_store)
    async with running(app) as pilot:
        await press(pilot, "T")
        assert isinstance(app.screen, TodayScreen)
        await _on_george(pilot)
        await press(pilot, "F")
        assert due(fu_store, george) is None and entries(fu_store) == before
        assert not any("Sent the proposal" in str(app.screen.query_one(
            "#today-lines", OptionList).get_option_at_index(i).prompt)
            for i in range(app.screen.query_one("#today-lines", OptionList).option_count))
        await press(pilot, "u")
        assert due(fu_store, george) == date(2026, 11, 25)


async def test_z_in_today_snoozes_to_the_day_typed(fu_store, make):
    george = fu_store.ids["George Boole"]
    app = make(fu_store)
    async with running(app) as pilot:
        await press(pilot, "T")
        await _on_george(pilot)
        await press(pilot, "z")
        assert isinstance(app.screen, SnoozeDialog)
        assert app.focused is app.screen.query_one("#until", Input)
        await type_text(pilot, "in 1w")
        await press(pilot)
        assert "until Thursday 03 December 2026" in str(
            app.screen.query_one("#until-shows").render())
        await press(pilot, "enter")
        assert isinstance(app.screen, TodayScreen)
        assert due(fu_store, george) == date(2026, 12, 3)
        await press(pilot, "u")
        assert due(fu_store, george) == date(2026, 11, 25)


async def test_a_bad_or_past_day_is_said_and_nothing_written(fu_store, make):
    george = fu_store.ids["George Boole"]
    app = make(fu_store)
    async with running(app, on=george) as pilot:
        await press(pilot, "z")
        await type_text(pilot, "whenever")
        await press(pilot, "enter")
        assert isinstance(app.screen, SnoozeDialog)
        assert "bad follow-up day 'whenever'" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#until", Input).value = "today"
        await press(pilot, "enter")
        assert isinstance(app.screen, SnoozeDialog)
        assert "snooze to a day after today" in str(app.screen.query_one("#form-error").render())
        await press(pilot, "escape")
        assert not isinstance(app.screen, SnoozeDialog)
        assert due(fu_store, george) == date(2026, 11, 25)


async def test_F_and_z_on_the_main_screen_act_on_the_selected_contact(fu_store, make):
    george, jane = fu_store.ids["George Boole"], fu_store.ids["Jane Doe"]
    app = make(fu_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "F")
        await press(pilot, "z")
        assert not isinstance(app.screen, SnoozeDialog)  # Jane has none: a warning only
        assert due(fu_store, george) == date(2026, 11, 25)
    app = make(fu_store)
    async with running(app, on=george) as pilot:
        await press(pilot, "F")
        assert due(fu_store, george) is None
        await press(pilot, "u")
        assert due(fu_store, george) == date(2026, 11, 25)
