"""The TUI follows what another program writes (a cron job, a mail hook, a second shell):
the list, the profile, the interaction log and the network catch up without a restart;
our own writes do not cause a second, full reload.

Another program is the real ``rolodex`` command, run as a subprocess on the same file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import press, running, settle, type_text

ROLODEX = Path(sys.executable).parent / "rolodex"


def cli(store, *args: str) -> None:
    r = subprocess.run([str(ROLODEX), *args, "--db", str(store.path)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr


async def wait_until(pilot, cond, *, rounds: int = 150) -> bool:
    """Pause (0.1 s a round) until ``cond()``; a bound on the wait, not a timing test."""
    for _ in range(rounds):
        if cond():
            return True
        await pilot.pause(0.1)
    await settle(pilot)
    return cond()


def title(app) -> str:
    return str(app.screen.query_one("#contacts-pane").border_title)


async def test_a_call_logged_by_another_program_appears_in_the_open_profile(small_store,
                                                                            make):
    app = make(small_store)
    grace = small_store.ids["Grace Hopper"]
    async with running(app, on=grace) as pilot:
        log = app.screen.query_one(InteractionLog)
        before = len(log.items)
        cli(small_store, "log", "call", f"#{grace}", "-m", "from cron", "--at",
            "2026-11-26 09:00")
        assert await wait_until(pilot, lambda: len(log.items) == before + 1)
        assert log.items[0].summary == "from cron"
        assert "last touch today" in str(app.screen.query_one("#contact-header").text)


async def test_a_contact_added_by_another_program_appears_in_the_list(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        assert title(app) == "Contacts 6"
        cli(small_store, "add", "Zed Zebra", "--company", "Zoo")
        assert await wait_until(pilot, lambda: title(app) == "Contacts 7")
        await press(pilot, "slash")
        await type_text(pilot, "zebra")
        await settle(pilot)
        lst = app.screen.query_one("#contact-list")
        assert lst.highlighted_row is not None and lst.highlighted_row.name == "Zed Zebra"


async def test_our_own_write_is_not_reloaded_again(small_store, make):
    app = make(small_store)
    async with running(app, on=small_store.ids["Jane Doe"]) as pilot:
        index = app.index
        await press(pilot, "c")
        await type_text(pilot, "mine")
        await press(pilot, "enter")
        for _ in range(3):  # three looks of the watch
            await pilot.pause(1.1)
            await settle(pilot)
        assert app.index is index  # refreshed in place, never replaced by a reload
        cli(small_store, "log", "call", "jane doe", "-m", "theirs")
        assert await wait_until(pilot, lambda: app.index is not index)


async def test_the_network_follows_a_link_made_by_another_program(small_store, make):
    app = make(small_store, build_network=True)
    async with running(app) as pilot:
        assert await wait_until(pilot, lambda: app.network is not None)
        net = app.network
        zoe, john = small_store.ids["Zoë Ångström"], small_store.ids["John Smith"]
        assert not net.G.has_edge(zoe, john)
        cli(small_store, "link", f"#{zoe}", f"#{john}", "--strength", "4")
        assert await wait_until(pilot, lambda: net.stale)
        from rolodex.core.network.introducer import who_can

        who_can(small_store, net, "optics")  # the next use reloads it
        assert net.G.has_edge(zoe, john) and not net.stale
