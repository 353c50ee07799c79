"""Typing never queues (issue 16): a burst of keys into the filter ends with the list for
the whole string, and the keystrokes it superseded are not filtered one by one. Run on a
demo-shaped rolodex, where the first page of a broad prefix comes before the whole
ranking (``ContactIndex.first``) and the rest follows from a worker."""

from __future__ import annotations

import pytest
from textual import events

from rolodex.core.search.index import ContactIndex
from rolodex.tui.widgets.contact_list import ContactList

from .conftest import fixed_clock, running, settle


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    from rolodex.core.db.store import Store
    from rolodex.demo import build_demo

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('burst') / 'demo.db'}",
                  clock=fixed_clock)
    build_demo(store, contacts=600, seed=2003)
    yield store
    store.close()


def burst(app, keys) -> None:
    """Posted all at once, as the terminal driver posts a burst."""
    for key in keys:
        char = {"space": " "}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, char))


@pytest.fixture
def counted(monkeypatch):
    calls: list[str] = []
    first, full = ContactIndex.first, ContactIndex.filter

    def counting_first(self, query, *a, **kw):
        calls.append(query)
        return first(self, query, *a, **kw)

    def counting_full(self, query, *a, **kw):
        calls.append(query)
        return full(self, query, *a, **kw)

    monkeypatch.setattr(ContactIndex, "first", counting_first)
    monkeypatch.setattr(ContactIndex, "filter", counting_full)
    return calls


def title(app) -> str:
    return str(app.screen.query_one("#contacts-pane").border_title)


async def test_a_burst_ends_with_the_list_of_the_whole_string(demo_store, make, counted):
    app = make(demo_store)
    async with running(app) as pilot:
        lst = app.screen.query_one(ContactList)
        name = app.index.row(lst.ids[len(lst.ids) // 2]).name.lower()
        typed = f"{name[:3]}x"  # a typo, taken back: "abcx", backspace, the rest
        keys = ["slash", *typed, "backspace", *name[3:].replace(" ", "\0")]
        keys = ["space" if k == "\0" else k for k in keys]
        counted.clear()
        burst(app, keys)
        await settle(pilot)
        want = app.index.filter(name)
        assert app.screen.query_one("#filter").value == name
        assert list(lst.ids) == want and lst.highlighted == want[0]
        assert title(app) == f"Contacts {len(want):,} of {len(app.index):,}"
        # the keystrokes superseded within the burst were never filtered one by one
        assert len([q for q in counted if q != name]) < len(name) // 2


async def test_a_broad_prefix_shows_its_first_page_then_the_whole_list(demo_store, make):
    app = make(demo_store)
    async with running(app) as pilot:
        lst = app.screen.query_one(ContactList)
        await pilot.press("slash", "m")
        await settle(pilot)
        want = app.index.filter("m")
        assert list(lst.ids) == want  # the whole ranking replaced the first page
        assert title(app) == f"Contacts {len(want):,} of {len(app.index):,}"
        await pilot.press("a")
        await settle(pilot)
        assert list(lst.ids) == app.index.filter("ma")


async def test_a_keystroke_while_the_index_is_busy_never_waits_for_it(demo_store, make):
    """The index is held by another thread (warming its typo vocabulary, an edit being
    applied): the keystroke is filtered by a worker once it is free, and the screen goes on
    meanwhile instead of waiting on the lock."""
    import threading

    app = make(demo_store)
    async with running(app) as pilot:
        lst = app.screen.query_one(ContactList)
        held, free = threading.Event(), threading.Event()

        def hold() -> None:
            with app.index_lock:
                held.set()
                free.wait(timeout=5)

        holder = threading.Thread(target=hold)
        holder.start()
        held.wait()
        try:
            await pilot.press("slash", "j", "o")
            assert app.screen.query_one("#filter").value == "jo"
            assert not free.is_set() and holder.is_alive()  # the keys did not wait for it
        finally:
            free.set()
            holder.join()
        await settle(pilot)
        assert list(lst.ids) == app.index.filter("jo")


async def test_a_query_longer_than_the_filter_scrolls_with_the_cursor(demo_store, make):
    """A field repaints, not re-lays out the screen, as its text grows (fields.Field): the
    text still scrolls so that the cursor stays in sight, home and end included."""
    from rolodex.tui.widgets.filter_bar import FilterBar

    app = make(demo_store)
    async with running(app) as pilot:
        text = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu"
        await pilot.press("slash", *["space" if c == " " else c for c in text])
        await settle(pilot)
        bar = app.screen.query_one(FilterBar)
        assert bar.value == text and bar.virtual_size.width == len(text) + 1
        assert bar.size.width < len(text) and bar.scroll_x == bar.max_scroll_x > 0
        assert bar.render_line(0).text.rstrip().endswith("lambda mu nu")
        await pilot.press("home")
        await settle(pilot)
        assert bar.scroll_x == 0 and bar.render_line(0).text.lstrip().startswith("alpha beta")
        await pilot.press("end")
        await settle(pilot)
        assert bar.scroll_x == bar.max_scroll_x
        assert bar.render_line(0).text.rstrip().endswith("lambda mu nu")
