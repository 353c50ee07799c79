"""Quick logging: c e m o open the modal filled in; enter saves; escape writes nothing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from textual.widgets import Input, Select, SelectionList

from rolodex.core.db import my_ties
from rolodex.core.db.models import Interaction
from rolodex.core.records.interactions import list_interactions
from rolodex.tui.dialogs.log_modal import LogModal, capitalised_runs, named_contacts
from rolodex.tui.widgets.contact_header import ContactHeader
from rolodex.tui.widgets.contact_list import ContactList
from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import NOW, SIZE, press, running, settle, type_text


def count_interactions(store) -> int:
    with store.read() as s:
        return s.execute(select(func.count()).select_from(Interaction)).scalar_one()


def last_touch(store, cid):
    with store.read() as s:
        return my_ties.last_touch(s, cid)


async def test_c_logs_a_call_now_and_it_is_on_screen_at_once(small_store, make):
    app = make(small_store)
    grace = small_store.ids["Grace Hopper"]
    async with running(app, on=small_store.ids["Grace Hopper"]) as pilot:
        await press(pilot, "c")
        modal = app.screen
        assert isinstance(modal, LogModal)
        assert modal.query_one("#kind", Select).value == "call"
        assert modal.query_one("#when", Input).value == "now"
        assert app.focused is modal.query_one("#summary", Input)
        assert "Grace Hopper" in str(modal.query_one("#log-title").render())
        await type_text(pilot, "Talked about compilers")
        await press(pilot, "enter")
        assert not isinstance(app.screen, LogModal)
        items = list_interactions(small_store, grace)
        assert (items[0].kind, items[0].summary, items[0].at) == (
            "call", "Talked about compilers", NOW)
        assert last_touch(small_store, grace) == NOW
        log = app.screen.query_one(InteractionLog)
        assert log.items[0].summary == "Talked about compilers"
        header = str(app.screen.query_one(ContactHeader).text)
        assert "last touch today" in header and "on track" in header
        lst = app.screen.query_one(ContactList)
        line = "".join(s.text for s in lst.render_line(lst.cursor))
        assert "Grace Hopper" in line and "today" in line
        overdue = lst.get_component_rich_style("contact-list--overdue")
        assert list(lst.render_line(lst.cursor))[1].style.color != overdue.color


async def test_escape_writes_nothing(small_store, make):
    app = make(small_store)
    before = count_interactions(small_store)
    async with running(app) as pilot:
        await press(pilot, "m")
        assert app.screen.query_one("#kind", Select).value == "meeting"
        await type_text(pilot, "never mind")
        await press(pilot, "escape")
        assert not isinstance(app.screen, LogModal)
    assert count_interactions(small_store) == before


async def test_time_field_takes_relative_and_words(small_store, make):
    app = make(small_store)
    john = small_store.ids["John Smith"]
    async with running(app, on=small_store.ids["John Smith"]) as pilot:
        for key, when, _expected in (("e", "-2d", NOW - timedelta(days=2)),
                                    ("o", "yesterday 15:00", NOW.replace(hour=15)
                                     - timedelta(days=1)),
                                    ("c", "2026-01-05 09:30", NOW.replace(
                                        month=1, day=5, hour=9, minute=30))):
            await press(pilot, key)
            app.screen.query_one("#when", Input).value = when
            await type_text(pilot, f"at {when}")
            await press(pilot, "enter")
            assert not isinstance(app.screen, LogModal)
    got = {(i.kind, i.at) for i in list_interactions(small_store, john)}
    assert got == {("email", NOW - timedelta(days=2)),
                   ("other", NOW.replace(hour=15) - timedelta(days=1)),
                   ("call", NOW.replace(month=1, day=5, hour=9, minute=30))}
    assert last_touch(small_store, john) == NOW.replace(hour=15) - timedelta(days=1)


async def test_bad_time_keeps_the_modal_and_says_why(small_store, make):
    app = make(small_store)
    before = count_interactions(small_store)
    async with running(app) as pilot:
        await press(pilot, "c")
        app.screen.query_one("#when", Input).value = "next blursday"
        await type_text(pilot, "hello")
        await press(pilot, "enter")
        assert isinstance(app.screen, LogModal)
        assert "bad time" in str(app.screen.query_one("#log-error").render())
        assert app.screen.query_one("#summary", Input).value == "hello"
    assert count_interactions(small_store) == before


async def test_people_named_in_the_summary_are_offered_as_participants(small_store, make):
    app = make(small_store)
    ids = small_store.ids
    async with running(app, on=small_store.ids["Jane Doe"]) as pilot:
        await press(pilot, "m")
        await type_text(pilot, "lunch with Grace and George")
        await settle(pilot)
        sl = app.screen.query_one("#participants", SelectionList)
        offered = [sl.get_option_at_index(i).value for i in range(sl.option_count)]
        assert offered == [ids["Grace Hopper"], ids["George Boole"]]
        assert sl.display and set(sl.selected) == set(offered)  # named once: ticked
        sl.deselect(ids["Grace Hopper"])
        app.screen.query_one("#summary", Input).focus()
        await press(pilot, "enter")
    items = list_interactions(small_store, ids["George Boole"])
    assert items[0].summary == "lunch with Grace and George"
    assert {cid for cid, _n in items[0].participants} == {ids["Jane Doe"], ids["George Boole"]}
    assert list_interactions(small_store, ids["Grace Hopper"])[0].summary != items[0].summary


def test_capitalised_runs_and_name_matching(small_store):
    from rolodex.core.search.index import ContactIndex

    assert capitalised_runs("Lunch with Grace Hopper, and George") == [
        ["Lunch"], ["Grace", "Hopper"], ["George"]]
    index = ContactIndex.load(small_store)
    ids = small_store.ids
    found = named_contacts(index, "Lunch with Grace Hopper and Zoë", exclude=ids["Jane Doe"])
    assert [cid for cid, _l in found] == [ids["Grace Hopper"], ids["Zoë Ångström"]]
    assert named_contacts(index, "call with Jane", exclude=ids["Jane Doe"]) == []


async def test_keys_typed_straight_after_c_land_in_the_summary(small_store, make):
    app = make(small_store)
    grace = small_store.ids["Grace Hopper"]
    async with running(app, on=small_store.ids["Grace Hopper"]) as pilot:
        await press(pilot, "c", "H", "i", "space", "G", "r", "a", "c", "e", "enter")
        assert not isinstance(app.screen, LogModal)
    assert list_interactions(small_store, grace)[0].summary == "Hi Grace"


async def test_keys_typed_straight_after_slash_land_in_the_filter(small_store, make):
    app = make(small_store)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "slash", "h", "o", "p", "p", "e", "r", "enter")
        lst = app.screen.query_one(ContactList)
        assert lst.highlighted == small_store.ids["Grace Hopper"] and len(lst.ids) == 1
        assert not isinstance(app.screen, LogModal)


async def test_filter_enter_c_and_a_summary_typed_in_one_go(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("slash", "h", "o", "p", "p", "e", "r", "enter", "c", "O", "k",
                          "enter")
        await settle(pilot)
        assert not isinstance(app.screen, LogModal)
    items = list_interactions(small_store, small_store.ids["Grace Hopper"])
    assert (items[0].kind, items[0].summary) == ("call", "Ok")


async def test_space_unticks_a_participant_and_enter_in_the_list_saves(small_store, make):
    ids = small_store.ids
    app = make(small_store)
    async with running(app, on=ids["Jane Doe"]) as pilot:
        await press(pilot, "m")
        await type_text(pilot, "lunch with Grace and George")
        await settle(pilot)
        await press(pilot, "tab")
        assert app.focused is app.screen.query_one("#participants", SelectionList)
        await press(pilot, "space", "enter")  # untick Grace, the first named
        assert not isinstance(app.screen, LogModal)
    items = list_interactions(small_store, ids["George Boole"])
    assert items[0].summary == "lunch with Grace and George"
    assert {cid for cid, _n in items[0].participants} == {ids["Jane Doe"], ids["George Boole"]}
