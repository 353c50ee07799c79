"""The "Who can" pane in a harness app of its own (``store``, ``clock``, ``network`` like
RolodexApp provides), on a hand-built network with known answers and a fixed clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from textual import on
from textual.app import App
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList

from rolodex.core.network.priority import Priority
from rolodex.tui.messages import JumpToContact
from rolodex.tui.screens.intro_path import IntroPathScreen
from rolodex.tui.widgets.who_can import WhoCanPane

from .conftest import settle, steady, type_text

NOW = datetime(2026, 11, 26, 10, 0, 0)
SIZE = (120, 40)


def clock() -> datetime:
    return NOW


class Base(Screen):
    """Stands in for the main screen: records the contacts it is asked to jump to."""

    CSS = "WhoCanPane { height: 1fr; border: round $accent; }"

    def compose(self):
        yield WhoCanPane(id="who-can")
        yield Footer()

    @on(JumpToContact)
    def _jump(self, event: JumpToContact) -> None:
        self.app.jumps.append(event.contact_id)


class Harness(App):
    CSS = "WhoCanPane { height: 1fr; border: round $accent; }"

    def __init__(self, store, network=None) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.network = network
        self.priority = Priority()  # what the pane's queries hold (as RolodexApp's)
        self.jumps: list[int] = []

    def get_default_screen(self) -> Screen:
        return Base()


@pytest.fixture
def who_store(tmp_path):
    """me -> Alice (strong) -> Raj (Kubernetes); me -> Kim (Kubernetes, direct);
    me -> Bob (weak) -> Mia (Kubernetes); me -> Alice -> Lu -> Zoe (Kubernetes, 3 hops)."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import ContactIn, add_contact
    from rolodex.core.records.interactions import log_interaction
    from rolodex.core.records.links import link

    store = Store(f"sqlite:///{tmp_path / 'who.db'}", clock=clock)

    def person(name, direct=True, **kw):
        return add_contact(store, ContactIn(name=name, known_directly=direct, **kw))

    ids = {
        "alice": person("Alice Wong", company="Acme"),
        "bob": person("Bob Stone"),
        "kim": person("Kim Lee", skills=["Kubernetes"], title="SRE", company="Initech"),
        "raj": person("Raj Patel", False, skills=["Kubernetes"], company="Globex"),
        "mia": person("Mia Chen", False, skills=["Kubernetes"]),
        "lu": person("Lu Wei", False),
        "zoe": person("Zoë Ångström", False, skills=["Kubernetes", "Go"]),
    }
    for days in (4, 9, 15, 30):
        log_interaction(store, "call", [ids["alice"]], at=NOW - timedelta(days=days))
    for days in (2, 5, 8, 20):
        log_interaction(store, "meeting", [ids["kim"]], at=NOW - timedelta(days=days))
    log_interaction(store, "email", [ids["bob"]], at=NOW - timedelta(days=700))
    link(store, ids["alice"], ids["raj"], 4, "ex-colleagues at Acme")
    link(store, ids["bob"], ids["mia"], 5, "brothers")
    link(store, ids["alice"], ids["lu"], 5, "school")
    link(store, ids["lu"], ids["zoe"], 5)
    store.ids = ids
    yield store
    store.close()


@pytest.fixture
def network(who_store):
    from rolodex.core.network.graph import Network

    return Network.build(who_store)


async def search(pilot, text: str) -> WhoCanPane:
    await pilot.pause()
    pane = pilot.app.screen.query_one(WhoCanPane)
    pane.query_one("#who-query", Input).focus()
    await type_text(pilot, text)
    await pilot.pause(WhoCanPane.DEBOUNCE + 0.1)
    await settle(pilot)
    return pane


def shown_ids(pane: WhoCanPane) -> list[int]:
    ol = pane.query_one(OptionList)
    return [pane.results[int(ol.get_option_at_index(i).id)].target["id"]
            for i in range(ol.option_count) if ol.get_option_at_index(i).id is not None]


async def test_results_as_you_type_match_the_core_ranking(who_store, network):
    from rolodex.core.network.introducer import who_can

    app = Harness(who_store, network)
    seen = []
    async with app.run_test(size=SIZE, message_hook=lambda m: seen.append(m)) as pilot:
        pane = await search(pilot, "kubernets")
        expected = [r.target["id"] for r in who_can(who_store, network, "kubernets")]
        assert shown_ids(pane) == expected
        ids = who_store.ids
        assert expected[0] == ids["kim"] and set(expected) == {
            ids["kim"], ids["raj"], ids["mia"], ids["zoe"]}
        searched = [m for m in seen if isinstance(m, WhoCanPane.Searched)]
        assert {m.query for m in searched} == {"kubernets"}  # debounced: no "k", "ku"...
        status = str(pane.query_one("#who-status").render())
        assert "4 found" in status
        await pilot.press("home", "ctrl+k")
        await settle(pilot)
        assert pane.results == [] and pane.query_one(OptionList).option_count == 0


async def test_toggle_view_groups_by_introducer_and_keeps_the_selection(who_store, network):
    app = Harness(who_store, network)
    async with app.run_test(size=SIZE) as pilot:
        pane = await search(pilot, "kubernetes")
        await pilot.press("enter")  # to the results
        assert pane.query_one(OptionList).has_focus
        await pilot.press("down")
        chosen = pane.current()
        await pilot.press("v")
        ol = pane.query_one(OptionList)
        headers = [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)
                   if ol.get_option_at_index(i).disabled]
        assert headers[0] == "You know directly"
        assert any(h.startswith("Ask Alice Wong (tie 0.") for h in headers)
        assert pane.current() is chosen
        await pilot.press("v")
        assert not pane.by_introducer and pane.current() is chosen


async def test_enter_shows_the_path_and_a_asks(who_store, network):
    from rolodex.core.records.intros import open_intros

    ids = who_store.ids
    app = Harness(who_store, network)
    async with app.run_test(size=SIZE) as pilot:
        pane = await search(pilot, "go")
        assert shown_ids(pane) == [ids["zoe"]]
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, IntroPathScreen)
        text = str(app.screen.query_one("#intro-path").render())
        assert "Alice Wong" in text and "Lu Wei" in text and "Zoë Ångström" in text
        assert "4 calls, last call 4 days ago" in text and "knows (strength 5, 'school')" in text
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, IntroPathScreen)
        [v] = open_intros(who_store)
        assert (v.introducer_id, v.target_id) == (ids["alice"], ids["zoe"])
        await pilot.press("a")  # asking twice is refused with a warning, nothing written
        await settle(pilot)
        assert len(open_intros(who_store)) == 1


async def test_jump_to_introducer_and_target(who_store, network):
    ids = who_store.ids
    app = Harness(who_store, network)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "kubernetes")
        await pilot.press("down", "down")  # into the results, then the second one
        pane = app.screen.query_one(WhoCanPane)
        r = pane.current()
        assert r.introducer is not None
        await pilot.press("g", "t")
        assert app.jumps == [r.introducer.id, r.target["id"]]
        await pilot.press("up", "g")  # Kim: known directly, g goes to her
        assert app.jumps[-1] == ids["kim"]


async def test_builds_the_network_when_the_app_has_none(who_store):
    app = Harness(who_store, None)
    async with app.run_test(size=SIZE) as pilot:
        pane = await search(pilot, "kubernetes")
        assert app.network is not None
        assert len(pane.results) == 4


def test_snapshot(who_store, network, snap_compare):
    async def ready(pilot):
        await search(pilot, "kubernetes")
        await pilot.press("enter", "v")
        await steady(pilot)

    assert snap_compare(Harness(who_store, network), terminal_size=SIZE, run_before=ready)


async def test_escape_goes_from_results_to_the_query_then_leaves_the_pane(who_store, network):
    app = Harness(who_store, network)
    async with app.run_test(size=SIZE) as pilot:
        pane = await search(pilot, "kubernetes")
        query = pane.query_one("#who-query")
        await pilot.press("down")
        assert pane.query_one(OptionList).has_focus
        await pilot.press("escape")
        assert query.has_focus
        await pilot.press("escape")
        assert not query.has_focus and app.focused is None
        await pilot.press("s")
        assert query.value == "kubernetes"  # a key after leaving is not typed into the query


async def test_every_part_is_named_and_no_full_match_is_said(who_store, network):
    """Issue 13: the pane names each part and how it matched, puts whoever matches every
    part first, says when no one does, and pages on with pgdn at the last result."""
    ids = who_store.ids
    app = Harness(who_store, network)
    async with app.run_test(size=SIZE) as pilot:
        pane = await search(pilot, "kubernetes go")
        ol = pane.query_one(OptionList)
        assert shown_ids(pane)[0] == ids["zoe"]
        first = str(ol.get_option_at_index(0).prompt)
        assert "Kubernetes (skill, exact) · Go (skill, exact)" in first
        assert str(ol.get_option_at_index(1).prompt) == "Matching only some parts:"
        assert "Kubernetes (skill, exact) · lacks Go" in str(ol.get_option_at_index(2).prompt)
        assert "1 match every part" in str(pane.query_one("#who-status").render())

        await pilot.press("ctrl+u")
        pane = await search(pilot, "go initech")
        header = ol.get_option_at_index(0)
        assert header.disabled and str(header.prompt) == (
            "No one within 3 ties knows Go and works at Initech; closest:")
        assert set(shown_ids(pane)) == {ids["zoe"], ids["kim"]}
        assert ol.highlighted == 1  # the first result, not the header

        pane.page = pane.limit = 2
        await pilot.press("ctrl+u")
        pane = await search(pilot, "kubernetes")
        assert len(pane.results) == 2
        assert "pgdn more" in str(pane.query_one("#who-status").render())
        await pilot.press("down", "pagedown", "pagedown")
        await settle(pilot)
        assert len(pane.results) == 4 and pane.limit == 4
        assert shown_ids(pane) == [r.target["id"] for r in pane.results]


async def test_answers_while_the_app_still_builds_the_network(who_store, network):
    """Issue 16: right after start-up the whole graph is still being built; the pane
    answers from the part of it the query needs, and the answers are the full build's."""
    full = Harness(who_store, network)
    async with full.run_test(size=SIZE) as pilot:
        want = [(r.target["id"], round(r.score, 6))
                for r in (await search(pilot, "kubernetes")).results]
    app = Harness(who_store, None)
    app.build_network = True  # the app's own build has not finished (and never will here)
    async with app.run_test(size=SIZE) as pilot:
        pane = await search(pilot, "kubernetes")
        assert app.network is None
        got = [(r.target["id"], round(r.score, 6)) for r in pane.results]
    assert got == want and len(got) == 4
