"""The interaction log's summary column (rolodex/tui/widgets/interaction_log.py): a new,
longer entry is drawn whole even when the log is painted before the table is next idle.
The e2e run once saw "Talked about th", cut to the width of "Call with Grace": a DataTable
measures a column when it is next idle, and cells painted before that stay cached at the
old width, so the log gives the width with the rows."""

from __future__ import annotations

from datetime import timedelta

from rich.cells import cell_len

from rolodex.core.records.interactions import list_interactions, log_interaction
from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import NOW, running

LONGER = "Talked about the e2e test"


async def test_the_summary_column_is_wide_enough_as_soon_as_the_rows_are_in(empty_store,
                                                                            make):
    from rolodex.core.records.contacts import ContactIn, add_contact

    cid = add_contact(empty_store, ContactIn(name="Grace Hopper", company="Navy"))
    log_interaction(empty_store, "call", [cid], "Call with Grace", at=NOW - timedelta(days=9))
    async with running(make(empty_store), on=cid) as pilot:
        log = pilot.app.screen.query_one(InteractionLog)
        assert [it.summary for it in log.items] == ["Call with Grace"]
        log_interaction(empty_store, "call", [cid], LONGER, at=NOW - timedelta(hours=1))
        log.show(list_interactions(empty_store, cid), cid)
        # before the table is idle again: the width a paint now would use
        summary = log.columns["summary"]
        assert summary.get_render_width(log) - 2 * log.cell_padding >= cell_len(LONGER)
        pilot.app.export_screenshot()
        await pilot.pause()
        lines = [log.render_line(y).text for y in range(log.size.height)]
        assert any(LONGER in line for line in lines), lines


async def test_the_column_keeps_its_width_for_a_contact_with_shorter_entries(small_store,
                                                                              make):
    """As a measured column did: it only grows while the columns stay (the snapshots of
    a contact with no entries keep the width of the one shown before)."""
    jane, george = small_store.ids["Jane Doe"], small_store.ids["George Boole"]
    async with running(make(small_store), on=jane) as pilot:
        log = pilot.app.screen.query_one(InteractionLog)
        wide = log.columns["summary"].get_render_width(log)
        log.show(list_interactions(small_store, george), george)
        assert log.columns["summary"].get_render_width(log) == wide
