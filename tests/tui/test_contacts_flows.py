"""n new, E edit (inline validation, completion, through), l link, x archive."""

from __future__ import annotations

from sqlalchemy import select
from textual.widgets import Input, Select

from rolodex.core.db.models import Contact
from rolodex.core.records.links import knows_of
from rolodex.tui.dialogs.confirm import ConfirmScreen
from rolodex.tui.dialogs.contact_form import ContactForm
from rolodex.tui.dialogs.link_modal import LinkModal
from rolodex.tui.profile import load_profile
from rolodex.tui.suggest import ListSuggester
from rolodex.tui.widgets.contact_header import ContactHeader
from rolodex.tui.widgets.contact_list import ContactList

from .conftest import NOW, press, running, settle, type_text


def contact_by_name(store, name):
    with store.read() as s:
        return s.execute(select(Contact).where(Contact.name == name)).scalar_one_or_none()


async def fill(pilot, form, **values) -> None:
    for key, value in values.items():
        form.query_one(f"#{key}", Input).value = value
    await pilot.pause()


async def test_n_adds_a_contact_and_selects_it(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "n")
        form = app.screen
        assert isinstance(form, ContactForm)
        assert app.focused is form.query_one("#name", Input)
        await type_text(pilot, "Ada Lovelace")
        await fill(pilot, form, company="Analytical", emails="ada@example.org",
                   phones="+44 20 7946 0000", skills="Math, Poetry", tags="vip", cadence="30")
        form.query_one("#closeness", Select).value = 4
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ContactForm)
        ada = contact_by_name(small_store, "Ada Lovelace")
        assert ada is not None and ada.company == "Analytical"
        assert (ada.cadence_days, ada.closeness, ada.known_directly) == (30, 4, True)
        p = load_profile(small_store, ada.id, NOW)
        assert (p.emails, p.phones, p.skills, p.tags) == (
            ["ada@example.org"], ["+44 20 7946 0000"], ["Math", "Poetry"], ["vip"])
        lst = app.screen.query_one(ContactList)
        assert lst.highlighted == ada.id and len(lst.ids) == 7
        assert app.screen.query_one("#contacts-pane").border_title == "Contacts 7"
        assert app.screen.query_one(ContactHeader).profile.name == "Ada Lovelace"


async def test_bad_email_is_flagged_inline_and_a_failed_save_keeps_the_input(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "n")
        form = app.screen
        await type_text(pilot, "Bad Mail")
        await fill(pilot, form, emails="ok@example.com, not-an-email", phones="12")
        await settle(pilot)
        assert "not-an-email" in str(form.query_one("#emails-error").render())
        assert form.query_one("#emails", Input).has_class("-invalid")
        assert "not a phone number: 12" in str(form.query_one("#phones-error").render())
        await press(pilot, "enter")
        assert app.screen is form
        assert "Not saved" in str(form.query_one("#form-error").render())
        assert form.query_one("#name", Input).value == "Bad Mail"
        assert form.query_one("#emails", Input).value == "ok@example.com, not-an-email"
    assert contact_by_name(small_store, "Bad Mail") is None


async def test_empty_name_is_refused_with_a_reason(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "n")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ContactForm)
        assert "needs a name" in str(app.screen.query_one("#form-error").render())


async def test_E_edits_the_selected_contact(small_store, make):
    app = make(small_store)
    jane = small_store.ids["Jane Doe"]
    async with running(app, on=jane) as pilot:
        await press(pilot, "E")
        form = app.screen
        assert form.query_one("#name", Input).value == "Jane Doe"
        assert form.query_one("#skills", Input).value == "Go, Kubernetes"
        assert form.query_one("#cadence", Input).value == "30"
        await fill(pilot, form, company="Globex", skills="Go, Kubernetes, Rust")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ContactForm)
        header = app.screen.query_one(ContactHeader)
        assert header.border_title == "Jane Doe · CTO, Globex"
    p = load_profile(small_store, jane, NOW)
    assert p.company == "Globex" and p.skills == ["Go", "Kubernetes", "Rust"]


async def test_known_only_through_someone(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "n")
        await type_text(pilot, "Raj Patel")
        await fill(pilot, app.screen, through="Alice")
        await press(pilot, "ctrl+s")
    raj = contact_by_name(small_store, "Raj Patel")
    assert raj.known_directly is False
    with small_store.read() as s:
        assert [k[0] for k in knows_of(s, raj.id)] == [small_store.ids["Alice Wong"]]


async def test_skills_complete_from_the_vocabulary(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        await press(pilot, "n")
        form = app.screen
        form.query_one("#skills", Input).focus()
        await type_text(pilot, "Python, kub")
        await settle(pilot)
        await pilot.press("right")
        assert form.query_one("#skills", Input).value == "Python, kubernetes"


def test_list_suggester_completes_the_last_item():
    s = ListSuggester(["Kubernetes", "Kotlin", "Go"])
    assert s.complete("Go, ku") == "Go, kubernetes"
    assert s.complete("Ko") == "Kotlin"
    assert s.complete("Go, ") is None
    assert s.complete("Kubernetes, Kub") is None  # already listed


async def test_l_links_two_contacts_with_strength_and_how(small_store, make):
    app = make(small_store)
    ids = small_store.ids
    async with running(app, on=ids["Grace Hopper"]) as pilot:
        await press(pilot, "l")
        assert isinstance(app.screen, LinkModal)
        await type_text(pilot, "boole")
        await settle(pilot)
        app.screen.query_one("#strength", Select).value = 5
        app.screen.query_one("#how", Input).value = "logic club"
        await press(pilot, "enter")
        assert not isinstance(app.screen, LinkModal)
        assert "George Boole (5)" in str(app.screen.query_one(ContactHeader).text)
    with small_store.read() as s:
        assert knows_of(s, ids["Grace Hopper"]) == [(ids["George Boole"], "George Boole", 5,
                                                     "logic club")]


async def test_x_archives_after_asking_and_n_keeps(small_store, make):
    app = make(small_store)
    ids = small_store.ids
    async with running(app, on=ids["John Smith"]) as pilot:
        await press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert contact_by_name(small_store, "John Smith").archived is False
        await press(pilot, "x")
        await press(pilot, "y")
        assert contact_by_name(small_store, "John Smith").archived is True
        lst = app.screen.query_one(ContactList)
        assert ids["John Smith"] not in lst.ids and len(lst.ids) == 5
        assert app.screen.query_one("#contacts-pane").border_title == "Contacts 5"


async def test_fields_and_tabs_typed_in_one_go_land_in_their_fields(small_store, make):
    app = make(small_store)
    async with running(app) as pilot:
        # as a terminal delivers them when typed in one go: queued at the dialog before
        # its fields exist
        from textual import events

        form = ContactForm(None)
        app.push_screen(form)
        for key in [*"Ada", "space", *"King", "tab", *"Analytical", "tab", *"Countess",
                    "tab"]:
            char = " " if key == "space" else (None if key == "tab" else key)
            form.post_message(events.Key(key, char))
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        got = [form.query_one(f"#{k}", Input).value for k in ("name", "company", "title")]
        assert got == ["Ada King", "Analytical", "Countess"]
        assert app.focused is form.query_one("#emails", Input)


async def test_after_archiving_the_next_contact_is_selected(small_store, make):
    ids = small_store.ids
    app = make(small_store)
    async with running(app, on=ids["John Smith"]) as pilot:
        lst = app.screen.query_one(ContactList)
        line = lst.cursor
        await press(pilot, "x")
        await press(pilot, "y")
        await settle(pilot)
        assert lst.cursor == line and lst.highlighted == ids["Zoë Ångström"]
        assert app.screen.query_one(ContactHeader).profile.name == "Zoë Ångström"
