"""The contact list's sorts and views: O (or the palette) sorts by name, last touch, tie
strength or overdue first, remembered in the config file; a filter keeps the sort; the
archived view restores with r, undoable with u."""

from __future__ import annotations

from sqlalchemy import select

from rolodex.core.db.models import Contact
from rolodex.tui.config import load_config
from rolodex.tui.dialogs.views import ViewChooser
from rolodex.tui.widgets.contact_list import ContactList

from .conftest import press, running, type_text


def names(app) -> list[str]:
    screen = app.screen
    lst = screen.query_one(ContactList)
    index = screen._archived if screen.archived_view else app.index
    return [index.row(cid).name.split()[0] for cid in lst.ids]


def title(app) -> str:
    return app.screen.query_one("#contacts-pane").border_title


def archived(store, cid) -> bool:
    with store.read() as s:
        return s.execute(select(Contact.archived).where(Contact.id == cid)).scalar_one()


async def test_O_sorts_by_last_touch_and_the_sort_is_remembered(small_store, make, tmp_path):
    app = make(small_store)
    async with running(app) as pilot:
        assert names(app) == ["Alice", "George", "Grace", "Jane", "John", "Zoë"]
        await press(pilot, "O")
        assert isinstance(app.screen, ViewChooser)
        await press(pilot, "down", "enter")
        assert not isinstance(app.screen, ViewChooser)
        assert names(app) == ["Jane", "George", "Alice", "Grace", "John", "Zoë"]
        assert title(app) == "Contacts 6 · by last touch"
        assert app.focused is app.screen.query_one(ContactList)
    config = load_config(tmp_path / "config.toml")
    assert config.sort == "touch" and config.problem is None
    again = make(small_store)
    config.start = "contacts"
    again.config = config
    async with running(again):
        assert names(again) == ["Jane", "George", "Alice", "Grace", "John", "Zoë"]
        assert title(again) == "Contacts 6 · by last touch"


async def test_escape_in_the_chooser_changes_nothing(small_store, make, tmp_path):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "O", "down", "escape")
        assert names(app) == ["Alice", "George", "Grace", "Jane", "John", "Zoë"]
        assert title(app) == "Contacts 6"
    assert not (tmp_path / "config.toml").exists()


async def test_a_filter_keeps_the_chosen_sort(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "slash")
        await type_text(pilot, "acme")
        await press(pilot)
        assert names(app) == ["Alice", "Jane"]  # by name: ranked by match, then A to Z
        await app.screen.run_action("sort('touch')")
        await press(pilot)
        assert names(app) == ["Jane", "Alice"]  # Jane was called 3 days ago, Alice 40
        assert title(app) == "Contacts 2 of 6 · by last touch"
        await press(pilot, "escape")
        assert names(app)[:2] == ["Jane", "George"]


async def test_tie_strength_and_overdue_first(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await app.screen.run_action("sort('tie')")
        await press(pilot)
        assert names(app)[0] == "Jane"  # a call 3 days ago and a meeting
        assert names(app)[-2:] == ["John", "Zoë"]  # never touched: the floor, by name
        assert title(app) == "Contacts 6 · by tie strength"
        await app.screen.run_action("sort('overdue')")
        await press(pilot)
        # Alice 33 days late (every 7), Grace 30 (every 90), George 4 to spare, Jane 27
        assert names(app) == ["Alice", "Grace", "George", "Jane", "John", "Zoë"]
        assert title(app) == "Contacts 6 · overdue first"


async def test_a_call_logged_moves_the_contact_up_in_the_touch_sort(small_store, make):
    app = make(small_store)
    async with running(app, on=small_store.ids["Grace Hopper"]) as pilot:
        await app.screen.run_action("sort('touch')")
        await press(pilot)
        assert names(app).index("Grace") == 3
        await press(pilot, "c")
        await type_text(pilot, "hello")
        await press(pilot, "enter")
        await press(pilot)
        assert names(app)[0] == "Grace"
        assert app.screen.query_one(ContactList).highlighted == small_store.ids["Grace Hopper"]


async def test_the_archived_view_restores_and_u_undoes_it(small_store, make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "x", "y")
        assert archived(small_store, jane)
        assert "Jane" not in names(app)
        await press(pilot, "O", "end", "enter")
        assert app.screen.archived_view
        assert names(app) == ["Jane"]
        assert title(app) == "Archived 1 · r restores"
        assert app.screen.query_one(ContactList).highlighted == jane
        await press(pilot, "r")
        assert not archived(small_store, jane)
        assert names(app) == []
        await press(pilot, "u")
        assert archived(small_store, jane)
        assert names(app) == ["Jane"]
        await press(pilot, "r", "escape")
        assert not app.screen.archived_view
        assert "Jane" in names(app) and title(app) == "Contacts 6"


async def test_archive_is_not_offered_in_the_archived_view_nor_restore_outside(small_store,
                                                                              make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "r")  # not the archived view: nothing
        assert names(app) == ["Alice", "George", "Grace", "Jane", "John", "Zoë"]
        await app.screen.run_action("archived")
        await press(pilot)
        assert names(app) == [] and title(app) == "Archived 0 · r restores"
        await press(pilot, "x")
        assert not archived(small_store, jane)
        from rolodex.tui.dialogs.confirm import ConfirmScreen

        assert not isinstance(app.screen, ConfirmScreen)


def test_a_bad_sort_in_the_config_is_said_and_the_name_sort_kept(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('sort = "age"\n[keys]\nlog-call = "C"\n')
    bad = load_config(path)
    assert bad.sort == "name" and bad.keys == {"log-call": "C"}
    assert "sort = 'age' is not one of 'name', 'touch', 'tie', 'overdue'" in bad.problem


def test_the_sort_is_written_beside_and_renamed_keeping_the_rest(tmp_path):
    from rolodex.tui.config import save_sort

    path = tmp_path / "config.toml"
    path.write_text('# mine\ntheme = "nord"\n[keys]\nsort = "x"\n')
    config = load_config(path)
    save_sort(config, "tie")
    assert path.read_text() == 'sort = "tie"\n# mine\ntheme = "nord"\n[keys]\nsort = "x"\n'
    assert not list(tmp_path.glob(".*.part"))
    save_sort(config, "overdue")
    assert load_config(path).sort == "overdue" and path.read_text().count("sort =") == 2
