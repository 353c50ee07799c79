"""Fixtures for the TUI tests: a small hand-built rolodex on a fixed clock, and the app
made by the one factory with no user config and no network build (deterministic)."""

from __future__ import annotations

import asyncio
import inspect
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import pytest

NOW = datetime(2026, 11, 26, 10, 0, 0)  # the same fixed "now" as tests/conftest.py
SIZE = (120, 40)  # the three panes want 120×40 (run_test defaults to 80×24)


def fixed_clock() -> datetime:
    return NOW

PEOPLE = [
    # name, company, title, skills, tags, cadence days, days since last call (None: never)
    ("Jane Doe", "Acme", "CTO", ["Kubernetes", "Go"], ["customer"], 30, 3),
    ("John Smith", "Initech", "Engineer", ["Python"], [], None, None),
    ("Grace Hopper", "Navy", "Admiral", ["COBOL"], ["legend"], 90, 120),
    ("George Boole", "Cork", "Professor", ["Logic"], [], 14, 10),
    ("Zoë Ångström", "Lund", "Physicist", ["Optics"], [], None, None),
    ("Alice Wong", "Acme", "VP Sales", ["Sales"], ["partner"], 7, 40),
]


def build_small(store) -> dict[str, int]:
    """Six people, a few calls, one meeting of two, one knows-edge. Returns name -> id."""
    from rolodex.core.records.contacts import ContactIn, add_contact
    from rolodex.core.records.interactions import log_interaction
    from rolodex.core.records.links import link

    ids = {}
    for name, company, title, skills, tags, cadence, _days in PEOPLE:
        ids[name] = add_contact(store, ContactIn(
            name=name, company=company, title=title, skills=skills, tags=tags,
            cadence_days=cadence, emails=[name.split()[0].lower() + "@example.com"]))
    for name, *_rest, days in PEOPLE:
        if days is not None:
            log_interaction(store, "call", [ids[name]], f"Call with {name.split()[0]}",
                            at=NOW - timedelta(days=days))
    log_interaction(store, "meeting", [ids["Jane Doe"], ids["Alice Wong"]], "Quarterly review",
                    at=NOW - timedelta(days=45))
    link(store, ids["Jane Doe"], ids["Alice Wong"], 4, "same company")
    return ids


@pytest.fixture
def small_store(tmp_path):
    from rolodex.core.db.store import Store

    store = Store(f"sqlite:///{tmp_path / 'small.db'}", clock=fixed_clock)
    store.ids = build_small(store)
    yield store
    store.close()


@pytest.fixture
def empty_store(tmp_path):
    from rolodex.core.db.store import Store

    store = Store(f"sqlite:///{tmp_path / 'empty.db'}", clock=fixed_clock)
    yield store
    store.close()


@pytest.fixture
def make(tmp_path):
    """make(store, **kw) -> the app, with a config file in tmp_path and no network build."""
    from rolodex.tui.app import make_app
    from rolodex.tui.config import Config

    def _make(store, *, keys=None, build_network=False, start="contacts"):
        # these tests are about the main screen: it starts there unless they ask for Today
        config = Config(keys=dict(keys or {}), path=tmp_path / "config.toml", start=start)
        return make_app(store=store, clock=fixed_clock, config=config,
                        build_network=build_network)

    return _make


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and their results reach the screen. The main screen starts its
    index and profile loads from a timer after the first frame, so wait for the index
    first (apps without one, the test harnesses, skip that): on a loaded machine the
    timer can fire after a few bare pauses, which made snapshots flaky."""
    app = pilot.app
    for _ in range(250):  # at most ~5 s
        if getattr(app, "index", True) is not None:
            break
        await pilot.pause(0.02)
    for _ in range(rounds):
        await pilot.pause()
        for _ in range(100):  # a profile waiting for the keys to stop (~0.1-0.35 s)
            if not getattr(app.screen, "profile_pending", False):
                break
            await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@asynccontextmanager
async def running(app, *, on: int | None = None):
    """``app`` under Pilot at 120×40 with its first loads done; with ``on``, that contact
    selected (and its profile loaded)."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if on is not None:
            await select_contact(pilot, on)
        yield pilot


async def select_contact(pilot, cid: int) -> None:
    from rolodex.tui.messages import JumpToContact

    pilot.app.screen.post_message(JumpToContact(cid))
    await settle(pilot)


async def still(pilot, *, gap: float = 0.05, tries: int = 60) -> None:
    """Wait until two screenshots ``gap`` seconds apart are the same: a message, a
    worker's result or a layout that lands late on a loaded machine (a CI run once caught
    the contact form mid-way) then shows in both or in neither."""
    before = pilot.app.export_screenshot()
    for _ in range(tries):
        await pilot.pause(gap)
        await settle(pilot, rounds=1)
        now = pilot.app.export_screenshot()
        if now == before:
            return
        before = now


async def steady(pilot) -> None:
    """For a snapshot: settled, then still."""
    await settle(pilot)
    await still(pilot)


async def press(pilot, *keys: str) -> None:
    """Press ``keys``, then let whatever they started (a dialog, a save) settle."""
    await pilot.press(*keys)
    await settle(pilot)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "/": "slash", "-": "minus", ":": "colon",
                           ",": "comma", ".": "full_stop", "@": "at"}.get(ch, ch))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests in a fresh event loop (Textual's Pilot needs one)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None
