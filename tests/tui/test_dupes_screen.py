"""The "Possible duplicates" screen: from the palette and from the import summary, the two
cards side by side, m merge, k keep both, n next, escape back; and its SVG snapshot."""

from __future__ import annotations

from textual.widgets import Button, Input

from rolodex.core.records.contacts import count_contacts
from rolodex.core.records.dupes import open_pairs
from rolodex.tui.commands import ActionCommands
from rolodex.tui.dialogs.import_dialog import ImportDialog
from rolodex.tui.screens.dupes import DupesScreen
from rolodex.tui.screens.main import MainScreen

from .conftest import SIZE, press, running, settle, steady

LOOKALIKES = ("Name,Company,Email\nJane Doe,Acme,jane.d@home.example\n"
              "Grace Hopper,Navy,grace@navy.example\n")


def import_lookalikes(store, tmp_path) -> None:
    """Jane Doe and Grace Hopper again (the same name, another email): two open pairs."""
    from rolodex.interchange.importer import import_file

    f = tmp_path / "more.csv"
    f.write_text(LOOKALIKES, encoding="utf-8")
    assert import_file(store, "csv", f).pairs == 2


def text(screen, sel: str) -> str:
    return str(screen.query_one(sel).render())


async def test_palette_opens_the_screen_and_m_k_n_decide(small_store, make, tmp_path):
    import_lookalikes(small_store, tmp_path)
    app = make(small_store)
    async with running(app) as pilot:
        hits = [h async for h in ActionCommands(app.screen).search("possible duplicates")]
        assert hits
        hits[0].command()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DupesScreen)
        assert "1 of 2" in text(screen, "#dupes-title")
        assert "Jane Doe" in text(screen, "#dupes-a") and "jane.d@home.example" in \
            text(screen, "#dupes-b")
        assert "same name" in text(screen, "#dupes-evidence")
        await press(pilot, "n")
        assert "2 of 2" in text(screen, "#dupes-title")
        assert "Grace Hopper" in text(screen, "#dupes-a")
        await press(pilot, "k")  # Grace and her namesake: two people
        assert "1 of 1" in text(screen, "#dupes-title")
        assert "Jane Doe" in text(screen, "#dupes-a")
        before = count_contacts(small_store)
        await press(pilot, "m")
        assert "none to review" in text(screen, "#dupes-title")
        assert count_contacts(small_store) == before - 1
        await press(pilot, "escape")
        assert isinstance(app.screen, MainScreen)
        assert app.undo_steps and app.undo_steps[-1].what.startswith("merge of Jane Doe")
    assert open_pairs(small_store) == []
    jane = small_store.ids["Jane Doe"]
    from rolodex.core.profile import profile

    assert profile(small_store, jane)["emails"] == ["jane@example.com", "jane.d@home.example"]


async def test_the_import_summary_offers_the_review(small_store, make, tmp_path):
    f = tmp_path / "more.csv"
    f.write_text(LOOKALIKES, encoding="utf-8")
    app = make(small_store)
    async with running(app) as pilot:
        await app.screen.run_action("import_file")
        await settle(pilot)
        assert isinstance(app.screen, ImportDialog)
        app.screen.query_one("#path", Input).value = str(f)
        await press(pilot, "enter")
        assert "2 possible duplicates to review" in text(app.screen, "#import-status")
        review = app.screen.query_one("#review", Button)
        assert review.display and str(review.label) == "Review 2 possible duplicates"
        review.press()
        await settle(pilot)
        assert isinstance(app.screen, DupesScreen)
        assert "1 of 2" in text(app.screen, "#dupes-title")


def test_snapshot(snap_compare, small_store, make, tmp_path):
    import_lookalikes(small_store, tmp_path)
    app = make(small_store)

    async def run(pilot):
        await settle(pilot)
        app.push_screen(DupesScreen())
        await steady(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run)


async def test_unchecked_values_are_dimmed_in_the_profile(small_store, make, tmp_path):
    from rolodex.core.records.contacts import ContactIn
    from rolodex.interchange.importer import ImportSummary, _plan_and_write
    from rolodex.interchange.records import Record
    from rolodex.tui.widgets.contact_header import ContactHeader

    summary = ImportSummary()
    with small_store.tx() as s:
        _plan_and_write(s, small_store.now(), [Record(2, ContactIn(
            name="Pat Kept", emails=["pat@ok.example", "contact1@invalid"],
            phones=["BusinessPhone"]))], summary, "skip", None, True)
    cid = summary.ids[0]
    app = make(small_store)
    async with running(app, on=cid) as pilot:
        await settle(pilot)
        text_ = app.screen.query_one(ContactHeader).text
        plain = str(text_)
        assert "pat@ok.example, contact1@invalid" in plain and "BusinessPhone" in plain
        styled = {plain[sp.start:sp.end]: str(sp.style) for sp in text_.spans}
        assert styled["contact1@invalid"] == "dim italic"
        assert styled["BusinessPhone"] == "dim italic"
        assert "pat@ok.example" not in styled


async def test_a_merge_from_the_review_is_undone_by_u(small_store, make, tmp_path):
    import_lookalikes(small_store, tmp_path)
    before = count_contacts(small_store)
    app = make(small_store)
    async with running(app) as pilot:
        app.push_screen(DupesScreen())
        await settle(pilot)
        await press(pilot, "m")
        assert count_contacts(small_store) == before - 1
        await press(pilot, "escape")
        await press(pilot, "u")
        assert count_contacts(small_store) == before
        assert len(open_pairs(small_store)) == 2  # the pair is back for review
