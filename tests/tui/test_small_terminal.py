"""Issue 10 defect 7: every screen is usable at 80x24. The interaction log keeps rows, the
stats figures scroll to their last line, the path modal scrolls to its end, and in every
dialog each field and button can be reached with tab and is then in view."""

from __future__ import annotations

from textual.widget import Widget

from rolodex.tui.dialogs.confirm import ConfirmScreen
from rolodex.tui.dialogs.contact_form import ContactForm
from rolodex.tui.dialogs.import_dialog import ImportDialog
from rolodex.tui.dialogs.interaction_edit import InteractionEdit
from rolodex.tui.dialogs.link_modal import LinkModal
from rolodex.tui.dialogs.log_modal import LogModal
from rolodex.tui.screens.intro_path import IntroPathScreen
from rolodex.tui.screens.stats import StatsScreen
from rolodex.tui.screens.welcome import WelcomeScreen
from rolodex.tui.widgets.contact_header import ContactHeader
from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import press, select_contact, settle
from .test_who_can import search, who_store  # noqa: F401 (a fixture)

SMALL = (80, 24)


def in_view(widget: Widget) -> bool:
    """Wholly on screen: not cut by its scrolling containers nor by the terminal."""
    from textual.errors import NoWidget

    try:
        where = widget.screen.find_widget(widget)
    except NoWidget:  # not laid out at all
        return False
    return bool(where.region.area) and where.visible_region == where.region


async def every_focus_in_view(pilot, screen) -> list[str]:
    """tab through the whole dialog once; the ids (or types) of what was out of view."""
    out, seen = [], []
    for _ in range(40):
        focused = screen.focused
        if focused is None or focused in seen:
            break
        seen.append(focused)
        await pilot.pause()
        if not in_view(focused):
            out.append(focused.id or type(focused).__name__)
        await press(pilot, "tab")
    assert len(seen) > 1 or isinstance(screen, IntroPathScreen)
    return out


async def test_the_log_shows_its_rows_at_80x24(small_store, make):
    app = make(small_store)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await select_contact(pilot, small_store.ids["Jane Doe"])
        log = app.screen.query_one(InteractionLog)
        assert log.row_count == 2
        assert log.scrollable_content_region.height >= 3  # the header and both entries
        header = app.screen.query_one(ContactHeader)
        assert header.scrollable_content_region.height >= 3
        assert in_view(app.screen.query_one("#who-can"))


async def test_the_stats_scroll_to_their_last_figure_at_80x24(small_store, make):
    app = make(small_store)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, StatsScreen)
        await settle(pilot)
        note = app.screen.query_one("#touches-note")
        assert not in_view(note)  # below the fold at first
        await press(pilot, "tab")  # from the losing-touch list to the figures
        assert app.focused.id == "stats-figures"
        await press(pilot, "end")
        assert in_view(note) and in_view(app.screen.query_one("#touches"))
        assert in_view(app.screen.query_one("#losing"))


async def test_the_path_modal_scrolls_to_its_end_at_80x24(who_store, make):  # noqa: F811
    from rolodex.core.records.links import link

    ids = who_store.ids  # a reason long enough to wrap: the path is taller than 24 lines
    link(who_store, ids["lu"], ids["zoe"], 5, "shared a flat in Lund for three years while "
         "both were studying physics, and still meet every summer at the lake house "
         "with their families, sailing and arguing about optics")
    app = make(who_store, build_network=True)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        pane = await search(pilot, "kubernetes")
        await press(pilot, "enter")  # to the results; down to the one three hops away
        for _ in range(len(pane.results)):
            if len(pane.current().path) == 3:
                break
            await press(pilot, "down")
        await press(pilot, "enter")
        modal = app.screen
        assert isinstance(modal, IntroPathScreen)
        assert len(modal.result.path) == 3
        body = modal.query_one("#dialog")
        assert body.max_scroll_y > 0 and app.focused is body
        assert not in_view(modal.query_one(".dialog-hint"))
        await press(pilot, "end")
        assert in_view(modal.query_one(".dialog-hint"))


async def test_every_dialog_field_and_button_is_reachable_at_80x24(small_store, make):
    ids = small_store.ids
    app = make(small_store)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await select_contact(pilot, ids["Jane Doe"])
        opened = {
            "log": lambda: LogModal(ids["Jane Doe"], "Jane Doe", "call"),
            "new contact": lambda: ContactForm(None),
            "edit contact": lambda: ContactForm(ids["Jane Doe"]),
            "link": lambda: LinkModal(ids["Jane Doe"], "Jane Doe"),
            "import": ImportDialog,
            "interaction": lambda: InteractionEdit(
                app.screen.query_one(InteractionLog).items[0]),
            "confirm": lambda: ConfirmScreen("Archive Jane Doe? " + "They leave. " * 60),
            "welcome": WelcomeScreen,
        }
        for name, make_screen in opened.items():
            app.push_screen(make_screen())
            await settle(pilot)
            screen = app.screen
            if name == "import":  # a long summary (a failed import) above the buttons
                screen.query_one("#import-status").update(
                    "\n".join(f"line {i}: not a vCard" for i in range(12)))
                await settle(pilot)
            missed = await every_focus_in_view(pilot, screen)
            assert missed == [], (name, missed)
            screen.dismiss(None)
            await settle(pilot)
