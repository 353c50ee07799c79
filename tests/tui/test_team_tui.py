"""The TUI on a team rolodex (the real server, connected as a member): the Private box of
the new-contact form, colleague paths in the who-can pane, colleagues' bands in the
profile header."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from team_util import team_db
from textual.widgets import Checkbox, Input, OptionList

from rolodex.core.db.store import Store
from rolodex.core.network.graph import Network
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import log_interaction
from rolodex.core.team.bands import share_ties
from rolodex.tui.dialogs.contact_form import ContactForm
from rolodex.tui.dialogs.interaction_edit import InteractionEdit
from rolodex.tui.dialogs.log_modal import LogModal
from rolodex.tui.widgets.contact_header import ContactHeader
from rolodex.tui.widgets.interaction_log import InteractionLog

from .conftest import SIZE, press, running, select_contact, settle, type_text
from .test_who_can import Harness, search

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def team():
    with team_db() as t:
        a = Store(t.url("alice"))
        t.raj = add_contact(a, ContactIn(name="Raj Patel", company="Acme",
                                         skills=["Kubernetes"]))
        t.last = datetime.now().replace(microsecond=0) - timedelta(days=2)
        for days in (0, 30, 60):
            log_interaction(a, "meeting", [t.raj], "sync", at=t.last - timedelta(days=days))
        share_ties(a, True)
        a.close()
        yield t


async def test_the_who_can_pane_offers_a_colleagues_tie(team):
    bob = Store(team.url("bob"))
    try:
        app = Harness(bob, Network.build(bob, follow=False))
        async with app.run_test(size=SIZE) as pilot:
            pane = await search(pilot, "kubernetes")
            assert [r.target["name"] for r in pane.results] == ["Raj Patel"]
            ol = pane.query_one(OptionList)
            assert "ask your colleague Alice Wong (strong tie to Raj Patel)" in str(
                ol.get_option_at_index(0).prompt)
            await pilot.press("enter", "v")
            headers = [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)
                       if ol.get_option_at_index(i).disabled]
            assert headers == [f"Ask your colleague Alice Wong (strong tie to Raj Patel, "
                               f"last touch {team.last:%b %Y})"]
            await pilot.press("down", "g")  # go to the contact of her tie
            assert app.jumps == [team.raj]
    finally:
        bob.close()


async def test_a_private_contact_from_the_form_and_the_team_in_the_header(team, make):
    bob = Store(team.url("bob"))
    try:
        app = make(bob)
        async with running(app) as pilot:
            header = app.screen.query_one(ContactHeader)
            await settle(pilot)
            assert header.profile is not None and header.profile.name == "Raj Patel"
            text = header.text.plain
            assert f"team     Alice Wong (strong, {team.last:%b %Y})" in text
            assert "known only through others" in text  # Bob has no log of his own
            await press(pilot, "n")
            form = app.screen
            assert isinstance(form, ContactForm)
            await type_text(pilot, "Dora Quiet")
            form.query_one("#company", Input).value = "Hush"
            form.query_one("#private", Checkbox).value = True
            await press(pilot, "ctrl+s")
            assert not isinstance(app.screen, ContactForm)
    finally:
        bob.close()
    with team.raw("bob") as conn:
        assert conn.execute("SELECT owner, private FROM contact WHERE name = 'Dora Quiet'"
                            ).fetchall() == [(team.logins["bob"], True)]
    with team.raw("alice") as conn:
        assert conn.execute("SELECT count(*) FROM contact WHERE name = 'Dora Quiet'"
                            ).fetchone() == (0,)


async def test_the_log_dialog_shares_with_the_team_when_ticked(team, make):
    """The quick-log dialog's "Share with the team" box: ticked (space), the entry is
    readable by a colleague; unticked, it is not; enter on the box saves, never ticks."""
    alice = Store(team.url("alice"))
    try:
        app = make(alice)
        async with running(app, on=team.raj) as pilot:
            await press(pilot, "c")
            assert isinstance(app.screen, LogModal)
            await type_text(pilot, "pricing kept quiet")
            box = app.screen.query_one("#share", Checkbox)
            assert box.value is False and "[ ] Share with the team" in str(box.render())
            await press(pilot, "enter")  # saves from the summary, unshared
            assert not isinstance(app.screen, LogModal)
            await press(pilot, "m")
            await type_text(pilot, "kick-off minutes for all")
            box = app.screen.query_one("#share", Checkbox)
            box.focus()
            await press(pilot, "space")
            assert box.value is True and "[x] Share with the team" in str(box.render())
            await press(pilot, "enter")  # on the box: saves, does not untick
            assert not isinstance(app.screen, LogModal)
    finally:
        alice.close()
    with team.raw("bob") as conn:
        seen = [r[0] for r in conn.execute(
            "SELECT summary FROM interaction WHERE summary IN "
            "('pricing kept quiet', 'kick-off minutes for all')")]
    assert seen == ["kick-off minutes for all"]
    with team.raw("alice") as conn:
        assert sorted(conn.execute(
            "SELECT summary, shared FROM interaction WHERE summary IN "
            "('pricing kept quiet', 'kick-off minutes for all')").fetchall()) == [
            ("kick-off minutes for all", True), ("pricing kept quiet", False)]


async def test_no_share_box_on_sqlite(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "c")
        assert isinstance(app.screen, LogModal)
        assert not app.screen.query("#share")


async def test_the_log_says_whose_each_entry_is(team, make):
    """Bob's log of Raj: his own entries say "you", Alice's shared minutes "Alice Wong";
    her private entries are not there at all."""
    a, b = Store(team.url("alice")), Store(team.url("bob"))
    try:
        log_interaction(a, "meeting", [team.raj], "minutes for the team", shared=True)
        log_interaction(b, "call", [team.raj], "bob rang raj")
        app = make(b)
        async with running(app, on=team.raj) as pilot:
            await settle(pilot)
            log = app.screen.query_one(InteractionLog)
            assert [str(c.label) for c in log.ordered_columns] == [
                "When", "Kind", "By", "Summary"]
            rows = {str(log.get_cell_at((i, 3))): str(log.get_cell_at((i, 2)))
                    for i in range(log.row_count)}
            assert rows["minutes for the team"] == "Alice Wong"
            assert rows["bob rang raj"] == "you"
            assert "sync" not in rows  # Alice's own meetings are hers alone
    finally:
        a.close()
        b.close()


async def test_no_by_column_on_sqlite(small_store, make):
    app = make(small_store)
    async with running(app, on=small_store.ids["Jane Doe"]):
        log = app.screen.query_one(InteractionLog)
        assert log.row_count
        assert [str(c.label) for c in log.ordered_columns] == ["When", "Kind", "Summary"]


async def test_the_edit_dialog_shares_an_entry_and_takes_it_back(team, make):
    """``enter`` on one of my entries: the edit dialog shows whether it is shared; ticking
    the box shares it with the team, unticking takes it back."""
    a = Store(team.url("alice"))
    try:
        iid = log_interaction(a, "call", [team.raj], "to share later")
        app = make(a)

        async def edit(tick: bool | None) -> None:
            log = app.screen.query_one(InteractionLog)
            log.focus()
            log.move_cursor(row=[it.id for it in log.items].index(iid))
            await press(pilot, "enter")
            assert isinstance(app.screen, InteractionEdit)
            box = app.screen.query_one("#share", Checkbox)
            assert box.value is (not tick)
            box.focus()
            await press(pilot, "space")
            await press(pilot, "enter")  # saves, does not toggle back
            assert not isinstance(app.screen, InteractionEdit)

        def bob_sees() -> bool:
            with team.raw("bob") as conn:
                return conn.execute("SELECT count(*) FROM interaction WHERE id = %s",
                                    (iid,)).fetchone() == (1,)

        async with running(app, on=team.raj) as pilot:
            assert not bob_sees()
            await edit(True)
            assert bob_sees()
            await settle(pilot)
            await edit(False)
            assert not bob_sees()
    finally:
        a.close()


async def test_a_narrow_log_puts_who_logged_it_before_the_summary(team, make):
    """At 80x24 there is no room for a "By" column: the summary starts with it."""
    from rolodex.tui.widgets.interaction_log import InteractionLog as Log

    b = Store(team.url("bob"))
    try:
        log_interaction(b, "note", [team.raj], "narrow note")
        app = make(b)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await select_contact(pilot, team.raj)
            log = app.screen.query_one(Log)
            assert [str(c.label) for c in log.ordered_columns] == ["When", "Kind", "Summary"]
            summaries = [str(log.get_cell_at((i, 2))) for i in range(log.row_count)]
            assert any(s.startswith("you: narrow") for s in summaries), summaries
            assert all(s.startswith(("you: ", "Alice Wong:")) for s in summaries), summaries
    finally:
        b.close()
