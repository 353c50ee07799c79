"""New contact (``n``) and edit contact (``E``): one form, validated as you type.

Emails, phones and the birthday are checked inline (address and notes take several
lines: ``enter`` there is a new line, ``ctrl+s`` saves); skills and tags complete from the
vocabulary; "known only through" completes a contact's name. A failed save keeps what was
typed and says why.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from rolodex.core.when import BIRTHDAY_FORMS
from rolodex.tui import keys
from rolodex.tui.dialogs.dialog import Dialog, error_line, field_row, hint
from rolodex.tui.dialogs.typeahead import DialogBody
from rolodex.tui.suggest import ContactSuggester, ListSuggester
from rolodex.tui.widgets.fields import Field, TextField
from rolodex.tui.workers import in_thread

CATEGORY_CHOICES = [(c, c) for c in ("customer", "vendor", "partner", "past employee",
                                       "personal", "other")]
CLOSENESS_CHOICES = [(f"{n}", n) for n in range(6)]


def split_list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


class ContactForm(Dialog):
    """``ContactForm(None)`` adds a contact, ``ContactForm(cid)`` edits one.
    Dismisses with the contact's id, or None when cancelled."""

    AUTO_FOCUS = "#name"
    SAVE_GROUP = "form-save"

    BINDINGS = keys.CONTACT_FORM

    def __init__(self, contact_id: int | None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.skills = ListSuggester()
        self.tags = ListSuggester()
        self.loaded_name = ""  # the name before the edit (the undo says it)

    def compose(self) -> ComposeResult:
        title = "New contact" if self.contact_id is None else "Edit contact"
        with DialogBody(id="dialog", classes="dialog contact-form"):
            yield Label(title, id="form-title", classes="dialog-title")
            yield from field_row("Name", Field(id="name", placeholder="as they write it"))
            yield from field_row("Company", Field(id="company"))
            yield from field_row("Title", Field(id="title"))
            yield from field_row("Emails", Field(id="emails", placeholder="a@b.com, …"))
            yield Static("", id="emails-error", classes="field-error")
            yield from field_row("Phones", Field(id="phones", placeholder="+1 555 0100, …"))
            yield Static("", id="phones-error", classes="field-error")
            yield from field_row("Skills", Field(id="skills", suggester=self.skills,
                                                 placeholder="comma-separated; → completes"))
            yield from field_row("Tags", Field(id="tags", suggester=self.tags))
            yield from field_row("Location", Field(id="location", placeholder="city, country"))
            yield from field_row("Address", TextField(id="address", soft_wrap=True,
                                                     show_line_numbers=False))
            yield from field_row("URL", Field(id="url", placeholder="https://…"))
            yield from field_row("Birthday", Field(id="birthday",
                                                   placeholder=f"{BIRTHDAY_FORMS}"))
            yield Static("", id="birthday-error", classes="field-error")
            yield from field_row("Category", Select(CATEGORY_CHOICES, value="other",
                                                    allow_blank=False, id="category"))
            yield from field_row("Cadence", Field(id="cadence", type="integer", valid_empty=True,
                                                  placeholder="keep in touch every N days"))
            yield from field_row("Closeness", Select(CLOSENESS_CHOICES, id="closeness",
                                                     prompt="not set"))
            yield from field_row("Notes", TextField(id="notes", soft_wrap=True,
                                                   show_line_numbers=False))
            yield from field_row("Known only through", Field(
                id="through", suggester=ContactSuggester(self.app),
                placeholder="a contact who introduced you (optional)"))
            if self.contact_id is None and self.app.store.team_login() is not None:
                # a team rolodex: a personal card, that no colleague can see at all
                yield Checkbox("Private: only I can see this contact", id="private")
            yield error_line(self.ERROR_ID)
            yield hint("ctrl+s or enter save · escape cancel · tab next field")

    def mounted(self) -> None:
        for field in self.query(Input):
            field.select_on_focus = False  # tab into a filled field, type: it adds, not replaces
        app = self.app
        cid = self.contact_id

        def job():
            from rolodex.core.search.listing import vocabulary
            from rolodex.tui.profile import load_profile

            vocab = vocabulary(app.store)
            profile = load_profile(app.store, cid, app.clock()) if cid is not None else None
            return vocab, profile

        in_thread(self, job, group="form-load", done=self._loaded)

    def _loaded(self, result) -> None:
        (skills, tags), p = result
        self.skills.set_words(skills)
        self.tags.set_words(tags)
        if p is None:
            return
        self.loaded_name = p.name
        values = {"name": p.name, "company": p.company, "title": p.title,
                  "emails": ", ".join(p.emails), "phones": ", ".join(p.phones),
                  "skills": ", ".join(p.skills), "tags": ", ".join(p.tags),
                  "cadence": str(p.cadence_days or ""), "location": p.location,
                  "url": p.url, "birthday": p.birthday}
        for key, value in values.items():
            field = self.query_one(f"#{key}", Input)
            if value and not field.value:  # what was typed already stays
                field.value = value
                if field is not self.focused:
                    field.cursor_position = 0  # show the start of a long list
        for key in ("address", "notes"):
            area = self.query_one(f"#{key}", TextArea)
            if not area.text:
                area.load_text(getattr(p, key))
        self.query_one("#category", Select).value = p.category
        if p.closeness is not None:
            self.query_one("#closeness", Select).value = p.closeness

    @on(events.DescendantFocus)
    def _cursor_to_end(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input):
            event.widget.cursor_position = len(event.widget.value)

    # -- inline validation ------------------------------------------------------------------
    @on(Input.Changed, "#emails")
    def _check_emails(self, event: Input.Changed) -> None:
        from rolodex.core.records.contacts import valid_email

        bad = [e for e in split_list(event.value) if not valid_email(e)]
        self._field_error("emails", f"not an email address: {', '.join(bad)}" if bad else "")

    @on(Input.Changed, "#phones")
    def _check_phones(self, event: Input.Changed) -> None:
        from rolodex.core.records.contacts import valid_phone

        bad = [p for p in split_list(event.value) if not valid_phone(p)]
        self._field_error("phones", f"not a phone number: {', '.join(bad)}" if bad else "")

    @on(Input.Changed, "#birthday")
    def _check_birthday(self, event: Input.Changed) -> None:
        from rolodex.core.when import birthday_value

        bad = event.value.strip() and birthday_value(event.value) is None
        self._field_error("birthday", f"not a date: {BIRTHDAY_FORMS}" if bad else "")

    def _field_error(self, key: str, message: str) -> None:
        error = self.query_one(f"#{key}-error", Static)
        error.update(message)
        error.display = bool(message)
        self.query_one(f"#{key}", Input).set_class(bool(message), "-invalid")

    # -- saving -----------------------------------------------------------------------------
    def values(self) -> dict:
        get = lambda key: self.query_one(f"#{key}", Input).value  # noqa: E731
        closeness = self.query_one("#closeness", Select).value
        cadence = get("cadence").strip()
        return {
            "name": get("name").strip(), "company": get("company").strip(),
            "title": get("title").strip(), "emails": split_list(get("emails")),
            "phones": split_list(get("phones")), "skills": split_list(get("skills")),
            "tags": split_list(get("tags")),
            "category": str(self.query_one("#category", Select).value),
            "cadence_days": int(cadence) if cadence.lstrip("-").isdigit() else None,
            "closeness": closeness if isinstance(closeness, int) else None,
            "location": get("location").strip(), "url": get("url").strip(),
            "birthday": get("birthday").strip(),
            "address": self.query_one("#address", TextArea).text.strip(),
            "notes": self.query_one("#notes", TextArea).text.strip(),
            "through": get("through").strip(),
            "private": any(box.value for box in self.query("#private").results(Checkbox)),
        }

    def action_save(self) -> None:
        values = self.values()
        if self.query_one("#cadence", Input).value.strip() and values["cadence_days"] is None:
            self.show_error("cadence: a whole number of days")
            return
        store, cid = self.app.store, self.contact_id
        undo = None if cid is None else (f"edit of {self.loaded_name or values['name']}",
                                         [cid], [])
        self.save_in_thread(lambda: save_contact(store, cid, values), undo=undo)


def save_contact(store, cid: int | None, values: dict) -> int:
    """Add or edit through the core, one transaction either way (the contact and, with
    "known only through", the knows-edge); returns the contact's id."""
    from rolodex.core.records.contacts import ContactIn, add_contact, edit_contact, resolve

    values = dict(values)
    through_name = values.pop("through")
    private = values.pop("private", False)
    through = resolve(store, through_name) if through_name else None
    if cid is None:
        return add_contact(store, ContactIn(**values, private=private), through=through)
    edit_contact(store, cid, through=through, **values)
    return cid
