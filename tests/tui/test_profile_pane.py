"""Issue 10 defect 8: the profile pane shows every field of the card and scrolls (it is
focusable, keyboard-scrollable); the contact form edits location, address, URL, birthday
(partial dates too) and notes through the core, with a clear message for a bad birthday."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from rolodex.core.records.contacts import ContactIn, add_contact, edit_contact
from rolodex.core.records.links import link
from rolodex.tui.dialogs.contact_form import ContactForm
from rolodex.tui.widgets.contact_header import ContactHeader, birthday_words
from rolodex.tui.widgets.contact_list import ContactList

from .conftest import press, running, select_contact, settle, type_text


def full_card(store) -> int:
    """A contact with every field filled and more acquaintances than the pane has rows."""
    ids = store.ids
    cid = add_contact(store, ContactIn(
        name="Carmen Full", company="Cardco", title="Archivist", emails=["carmen@card.example"],
        phones=["+351 21 000 0000"], skills=["Archives"], tags=["friend"],
        location="Lisbon, Portugal", address="Rua Augusta 1\n1100-048 Lisboa",
        url="https://carmen.example", notes="Met at the archives conference.\nLikes tea.",
        birthday="--04-15", category="partner", closeness=4, cadence_days=60))
    for name in ("Jane Doe", "John Smith", "Grace Hopper", "George Boole", "Zoë Ångström",
                 "Alice Wong"):
        link(store, cid, ids[name], 3, f"met through {name.split()[0]}")
    return cid


def test_birthday_words_partial_and_whole():
    assert birthday_words("--04-15") == "15 April"
    assert birthday_words("1980-04-15") == "15 April 1980"
    assert birthday_words("1980-04") == "April 1980"
    assert birthday_words("1980") == "1980"


async def test_the_profile_shows_every_field_of_the_card(small_store, make):
    cid = full_card(small_store)
    app = make(small_store)
    async with running(app, on=cid):
        text = app.screen.query_one(ContactHeader).text.plain
        for shown in ("carmen@card.example", "+351 21 000 0000", "Archives", "friend",
                      "Lisbon, Portugal", "Rua Augusta 1", "1100-048 Lisboa",
                      "https://carmen.example", "15 April", "partner", "closeness 4 of 5",
                      "Met at the archives conference.", "Likes tea."):
            assert shown in text, shown
        for name in ("Jane Doe", "John Smith", "Grace Hopper", "George Boole", "Zoë Ångström",
                     "Alice Wong"):  # every one, not the first few "and 2 more"
            assert f"{name} (3)" in text, name
        assert "more" not in text


async def test_the_profile_pane_takes_focus_and_scrolls_with_keys(small_store, make):
    cid = full_card(small_store)
    app = make(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_contact(pilot, cid)
        header = app.screen.query_one(ContactHeader)
        height = header.size.height
        assert header.max_scroll_y > 0  # longer than its pane
        await press(pilot, "tab")  # from the list
        assert app.focused is header
        assert header.size.height > height  # being read, it takes most of the log's room
        assert header.max_scroll_y > 0
        await press(pilot, "j", "j")
        assert header.scroll_y == 2
        await press(pilot, "end")
        assert header.scroll_y == header.max_scroll_y
        await press(pilot, "k")
        assert header.scroll_y == header.max_scroll_y - 1
        await press(pilot, "escape")
        assert isinstance(app.focused, ContactList)
        # another contact's profile starts at its top
        await press(pilot, "tab", "end", "escape", "j")
        await settle(pilot)
        assert header.scroll_y == 0


async def test_the_form_edits_location_address_url_birthday_and_notes(small_store, make):
    jane = small_store.ids["Jane Doe"]
    app = make(small_store)
    async with running(app, on=jane) as pilot:
        await press(pilot, "E")
        form = app.screen
        assert isinstance(form, ContactForm)
        for key, text in (("location", "Berlin"), ("url", "https://jane.example"),
                          ("birthday", "--04-15")):
            form.query_one(f"#{key}", Input).focus()
            await type_text(pilot, text)
        form.query_one("#address", TextArea).focus()
        await type_text(pilot, "Unter den Linden 1")
        await press(pilot, "enter")  # a new line in the address, not a save
        assert isinstance(app.screen, ContactForm)
        await type_text(pilot, "10117 Berlin")
        form.query_one("#notes", TextArea).focus()
        await type_text(pilot, "Prefers calls after 4")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ContactForm)
        text = app.screen.query_one(ContactHeader).text.plain
        assert "Berlin" in text and "15 April" in text and "Prefers calls after 4" in text
    from rolodex.core.profile import profile

    p = profile(small_store, jane)
    assert (p["location"], p["url"], p["birthday"]) == ("Berlin", "https://jane.example",
                                                        "--04-15")
    assert p["address"] == "Unter den Linden 1\n10117 Berlin"
    assert p["notes"] == "Prefers calls after 4"


async def test_the_form_shows_the_card_and_refuses_a_bad_birthday(small_store, make):
    cid = full_card(small_store)
    app = make(small_store)
    async with running(app, on=cid) as pilot:
        await press(pilot, "E")
        form = app.screen
        assert form.query_one("#location", Input).value == "Lisbon, Portugal"
        assert form.query_one("#address", TextArea).text == "Rua Augusta 1\n1100-048 Lisboa"
        assert form.query_one("#birthday", Input).value == "--04-15"
        assert form.query_one("#notes", TextArea).text.startswith("Met at the archives")
        field = form.query_one("#birthday", Input)
        field.value = ""
        field.focus()
        await type_text(pilot, "april 15")
        error = form.query_one("#birthday-error")
        assert error.display and "not a date" in str(error.render())
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ContactForm)  # kept, with what was typed
        assert "birthday" in str(form.query_one("#form-error").render())
        field.value = "19800415"  # the basic form is taken, and stored as ISO
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, ContactForm)
    from rolodex.core.profile import profile

    assert profile(small_store, cid)["birthday"] == "1980-04-15"


def test_the_core_refuses_a_bad_birthday_and_keeps_a_stored_one(small_store):
    import pytest

    from rolodex.core.errors import UsageError

    jane = small_store.ids["Jane Doe"]
    with pytest.raises(UsageError, match="birthday: 'soon' is not a date"):
        edit_contact(small_store, jane, birthday="soon")
    with pytest.raises(UsageError, match="birthday"):
        add_contact(small_store, ContactIn(name="Bad Day", birthday="--02-30"))
    edit_contact(small_store, jane, birthday="--02-29")
    edit_contact(small_store, jane, title="Chief")  # the birthday it has is kept
