"""The stats screen on a small demo rolodex (400 contacts, seed 2003, fixed clock), in a
harness app of its own that provides ``store`` and ``clock`` like RolodexApp does."""

from __future__ import annotations

import inspect
import threading
from datetime import datetime
from pathlib import Path

import pytest
from textual import on
from textual.app import App
from textual.screen import Screen
from textual.widgets import LoadingIndicator, OptionList, ProgressBar, Sparkline, Static

from rolodex.core.stats import compute_stats
from rolodex.tui.app import RolodexApp
from rolodex.tui.messages import JumpToContact
from rolodex.tui.screens.stats import StatsScreen

from .conftest import settle, steady

NOW = datetime(2026, 11, 26, 10, 0, 0)
SIZE = (120, 40)


def clock() -> datetime:
    return NOW


class Opener(Screen):
    """Stands in for the main screen: records the contacts it is asked to jump to."""

    @on(JumpToContact)
    def _jump(self, event: JumpToContact) -> None:
        self.app.jumps.append(event.contact_id)


class Harness(App):
    CSS_PATH = Path(inspect.getfile(RolodexApp)).parent / RolodexApp.CSS_PATH  # the one

    def __init__(self, store) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.jumps: list[int] = []
        self.results: list[int | None] = []

    def get_default_screen(self) -> Screen:
        return Opener()

    def on_mount(self) -> None:
        self.push_screen(StatsScreen(), self.results.append)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from rolodex.core.db.store import Store
    from rolodex.demo import build_demo

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('stats') / 'demo.db'}", clock=clock)
    build_demo(store, contacts=400, seed=2003)
    yield store
    store.close()


async def test_shows_the_figures(demo_store):
    expected = compute_stats(demo_store, now=NOW, losing_limit=50)
    app = Harness(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        assert screen.query_one("#stats-body").loading is False
        bar = screen.query_one("#reach-30d", ProgressBar)
        assert (bar.total, bar.progress) == (expected.confirmed, expected.reached_30d)
        bar = screen.query_one("#reach-365d", ProgressBar)
        assert (bar.total, bar.progress) == (expected.confirmed, expected.reached_365d)
        assert list(screen.query_one("#touches", Sparkline).data) == expected.touches_per_week
        text = str(screen.query_one("#one-to-one", Static).render())
        o = expected.one_to_one_30d
        assert f"calls {o['calls']}" in text and f"with {o['people']} people" in text
        degrees = str(screen.query_one("#degrees", Static).render())
        assert f"access to {expected.reach_top16:,} people" in degrees
        losing = screen.query_one("#losing", OptionList)
        assert losing.option_count == len(expected.losing_touch) > 0
        assert losing.get_option_at_index(0).id == str(expected.losing_touch[0]["id"])
        assert screen.focused is losing
        counts = str(screen.query_one("#stats-counts", Static).render())
        share = 100 * expected.confirmed / expected.contacts
        assert (f"{expected.confirmed:,} confirmed ({share:.1f}%): with email, phone and "
                f"address") in counts and ")(" not in counts.replace(" ", "")
        assert f"{expected.contacts:,} contacts · {expected.overdue:,} overdue" in counts


async def test_enter_jumps_to_the_most_overdue_contact(demo_store):
    expected = compute_stats(demo_store, now=NOW)
    app = Harness(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        assert app.jumps == [expected.losing_touch[0]["id"]]
        assert app.results == [expected.losing_touch[0]["id"]]
        assert isinstance(app.screen, Opener)


async def test_down_then_enter_picks_the_second(demo_store):
    expected = compute_stats(demo_store, now=NOW)
    app = Harness(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.jumps == [expected.losing_touch[1]["id"]]


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_close_without_jumping(demo_store, key):
    app = Harness(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, Opener)
        assert app.results == [None] and app.jumps == []


async def test_loading_indicator_while_computing(demo_store, monkeypatch):
    import rolodex.core.stats as core_stats

    gate = threading.Event()
    real = core_stats.compute_stats

    def slow(*args, **kwargs):
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(core_stats, "compute_stats", slow)
    app = Harness(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        body = app.screen.query_one("#stats-body")
        assert body.loading is True
        assert isinstance(body._cover_widget, LoadingIndicator)
        await pilot.press("j")  # the UI answers while the worker runs
        gate.set()
        await settle(pilot)
        assert body.loading is False
        assert body._cover_widget is None


async def test_a_failure_is_shown_not_raised(demo_store, monkeypatch):
    import rolodex.core.stats as core_stats

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(core_stats, "compute_stats", broken)
    app = Harness(demo_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#stats-counts", Static).render())
        assert "database went away" in text
        assert app.screen.query_one("#stats-body").loading is False


def test_snapshot(demo_store, snap_compare):
    assert snap_compare(Harness(demo_store), terminal_size=SIZE, run_before=steady)
