"""The main screen: the contact list (count, order, colours), the filter, moving, the
contact header and the interaction log."""

from __future__ import annotations

from rolodex.tui.widgets.contact_header import ContactHeader
from rolodex.tui.widgets.contact_list import ContactList
from rolodex.tui.widgets.filter_bar import FilterBar
from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import press, running, select_contact, settle, type_text


def names(app) -> list[str]:
    lst = app.screen.query_one(ContactList)
    return [app.index.row(cid).name for cid in lst.ids]


def strip_text(widget, y: int) -> str:
    return "".join(seg.text for seg in widget.render_line(y))


async def test_list_shows_everyone_with_count_and_first_selected(small_store, make):
    app = make(small_store)
    async with running(app):
        assert names(app) == ["Alice Wong", "George Boole", "Grace Hopper", "Jane Doe",
                              "John Smith", "Zoë Ångström"]
        assert app.screen.query_one("#contacts-pane").border_title == "Contacts 6"
        lst = app.screen.query_one(ContactList)
        assert app.focused is lst
        first = strip_text(lst, 0)
        assert "Alice Wong" in first and "Acme" in first and "5w" in first
        header = app.screen.query_one(ContactHeader)
        assert header.profile.name == "Alice Wong"
        assert header.border_title == "Alice Wong · VP Sales, Acme"
        assert "overdue" in str(header.text)
        log = app.screen.query_one(InteractionLog)
        assert [i.summary for i in log.items] == ["Call with Alice", "Quarterly review"]


async def test_overdue_and_due_rows_are_coloured(small_store, make):
    app = make(small_store)
    async with running(app):
        lst = app.screen.query_one(ContactList)
        overdue = lst.get_component_rich_style("contact-list--overdue")
        grace = names(app).index("Grace Hopper")
        segs = list(lst.render_line(grace))
        assert segs[1].style.color == overdue.color  # name in the overdue colour
        john = names(app).index("John Smith")  # no cadence: plain
        assert list(lst.render_line(john))[1].style.color != overdue.color


async def test_filter_as_you_type_enter_goes_to_top_match_escape_clears(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, FilterBar)
        await type_text(pilot, "grace")
        await settle(pilot)
        assert names(app) == ["Grace Hopper"]
        assert app.screen.query_one("#contacts-pane").border_title == "Contacts 1 of 6"
        await press(pilot, "enter")
        lst = app.screen.query_one(ContactList)
        assert app.focused is lst and lst.highlighted == small_store.ids["Grace Hopper"]
        assert app.screen.query_one(ContactHeader).profile.name == "Grace Hopper"
        await press(pilot, "slash", "escape")
        assert app.screen.query_one(FilterBar).value == ""
        assert len(names(app)) == 6
        assert app.focused is lst


async def test_filter_tolerates_accents_and_typos(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "zoe angstrom")
        await settle(pilot)
        assert names(app)[0] == "Zoë Ångström"
        await pilot.press("escape", "slash")
        await type_text(pilot, "hoppre")
        await settle(pilot)
        assert names(app)[:1] == ["Grace Hopper"]


async def test_keys_move_the_cursor(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        lst = app.screen.query_one(ContactList)
        await pilot.press("j", "down")
        assert lst.cursor == 2
        await pilot.press("k")
        assert lst.cursor == 1
        await pilot.press("end")
        assert lst.cursor == 5
        await pilot.press("home")
        assert lst.cursor == 0
        await pilot.press("pagedown")
        assert lst.cursor == 5
        await pilot.press("pageup")
        assert lst.cursor == 0
        await pilot.press("up")
        assert lst.cursor == 0
        await press(pilot, "end")
        assert app.screen.query_one(ContactHeader).profile.name == "Zoë Ångström"


async def test_jump_to_contact_message_selects_it_even_when_filtered_out(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "grace")
        await settle(pilot)
        await select_contact(pilot, small_store.ids["Jane Doe"])
        lst = app.screen.query_one(ContactList)
        assert lst.highlighted == small_store.ids["Jane Doe"]
        assert len(lst.ids) == 6
        assert app.screen.query_one(ContactHeader).profile.name == "Jane Doe"


async def test_header_shows_tie_with_reason_skills_tags_and_knows(small_store, make):
    app = make(small_store)
    async with running(app, on=small_store.ids["Jane Doe"]):
        text = str(app.screen.query_one(ContactHeader).text)
        assert "tie 0." in text and "(a meeting and a call, last call 3 days ago)" in text
        assert "last call 3 days ago" in text
        assert "every 30d" in text and "on track" in text
        assert "Go, Kubernetes" in text and "customer" in text
        assert "Alice Wong (4)" in text
        assert "jane@example.com" in text


async def test_i_goes_to_the_who_can_query(small_store, make):
    from textual.widgets import Input

    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("i")
        assert isinstance(app.focused, Input) and app.focused.id == "who-query"


async def test_the_list_shows_before_the_store_is_opened(small_store, make, tmp_path):
    """Started from a URL (as the CLI does), the app paints from the SQLAlchemy-free reader
    and opens the Store in the background."""
    from rolodex.tui.app import make_app
    from rolodex.tui.config import Config

    from .conftest import fixed_clock

    app = make_app(small_store.url, clock=fixed_clock, config=Config(start="contacts"),
                   build_network=False)
    assert app._store is None
    async with running(app):
        assert len(names(app)) == 6
        assert app._store is not None
    app._store.close()


async def test_brackets_in_names_and_summaries_are_text_not_markup(small_store, make):
    from rolodex.core.records.contacts import ContactIn, add_contact
    from rolodex.core.records.interactions import log_interaction

    bob = add_contact(small_store, ContactIn(name="Bob [the] Builder", company="[/b]Co"))
    long = "[/x] fixed the roof " + "and the chimney " * 12
    log_interaction(small_store, "call", [bob], long)
    app = make(small_store)
    async with running(app, on=bob) as pilot:
        header = app.screen.query_one(ContactHeader)
        assert header.profile.name == "Bob [the] Builder"
        await pilot.pause()
        from textual.content import Content

        shown = Content.from_markup(header.border_title).plain  # as the border draws it
        assert shown == "Bob [the] Builder · [/b]Co"
        log = app.screen.query_one(InteractionLog)
        cell = log.get_row_at(0)[2]
        assert cell.plain.startswith("[/x] fixed the roof") and cell.plain.endswith("…")
        assert len(cell.plain) < len(long)
        assert log.virtual_size.width <= log.scrollable_content_region.width


async def test_a_jump_from_a_filtered_list_shows_the_selection(tmp_path, make):
    """g/t from Who can with a filter active: the list is cleared and scrolled to the
    person, not left at the top with the cursor off screen."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.bulk import bulk_insert_contacts
    from rolodex.core.records.contacts import ContactIn
    from rolodex.tui.messages import JumpToContact
    from rolodex.tui.widgets.contact_list import ContactList

    from .conftest import fixed_clock, press, running, settle, type_text

    store = Store(str(tmp_path / "many.db"), clock=fixed_clock)
    with store.tx() as s:
        ids = bulk_insert_contacts(s, [ContactIn(name=f"Person {i:03d}") for i in range(300)],
                                   store.now())
    app = make(store)
    async with running(app) as pilot:
        await press(pilot, "slash")
        await type_text(pilot, "person 001")
        await settle(pilot)
        far = ids[250]
        app.screen.post_message(JumpToContact(far))
        await settle(pilot)
        cl = app.screen.query_one(ContactList)
        assert cl.highlighted == far
        top = int(cl.scroll_offset.y)
        assert top <= cl.cursor < top + cl.size.height
    store.close()


async def test_j_k_and_escape_in_the_interaction_log(small_store, make):
    from rolodex.tui.widgets.contact_list import ContactList
    from rolodex.tui.widgets.interaction_log import InteractionLog

    from .conftest import press, running

    jane = small_store.ids["Jane Doe"]  # a call and a meeting
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "enter")
        log = app.screen.query_one(InteractionLog)
        assert app.focused is log and log.cursor_row == 0
        await press(pilot, "j")
        assert log.cursor_row == 1
        await press(pilot, "k")
        assert log.cursor_row == 0
        await press(pilot, "escape")
        assert isinstance(app.focused, ContactList)


async def test_a_one_to_many_entry_edits_with_its_fields_in_view(small_store, make):
    """A website post to ~200 people: the edit dialog's title says how many, and the
    fields stay on screen (issue 10 defect 9)."""
    from textual.widgets import Input, Label

    from rolodex.core.records.bulk import bulk_insert_contacts
    from rolodex.core.records.contacts import ContactIn
    from rolodex.core.records.interactions import log_interaction
    from rolodex.tui.dialogs.interaction_edit import InteractionEdit

    from .conftest import NOW, press, running

    jane = small_store.ids["Jane Doe"]
    with small_store.tx() as s:
        many = bulk_insert_contacts(s, [ContactIn(name=f"Reader {i:03d} Longname")
                                        for i in range(213)], small_store.now())
    log_interaction(small_store, "other", [jane, *many], "Website: partner directory update",
                    at=NOW, one_to_many=True)
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "enter")
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, InteractionEdit)
        title = str(dialog.query_one(".dialog-title", Label).render())
        assert "214 people: " in title and "Reader 100" not in title
        summary = dialog.query_one("#summary", Input)
        assert summary.region.height and summary.region.bottom <= app.size.height


async def test_focus_changes_do_not_keep_the_footer_keys_they_replace(small_store, make):
    """Each focus change recomposes the footer; the keys it removes are let go of
    (widgets/footer.py), so a session of filters does not keep growing the heap that
    every full garbage collection walks."""
    import gc

    from textual.widgets._footer import FooterKey

    def footer_keys() -> int:
        gc.collect()
        return sum(isinstance(o, FooterKey) for o in gc.get_objects())

    app = make(small_store)
    async with running(app) as pilot:
        await pilot.press("slash", "escape")
        await settle(pilot)
        before = footer_keys()
        for _ in range(10):
            await pilot.press("slash", "j", "escape")
            await settle(pilot)
        assert footer_keys() <= before + 2
