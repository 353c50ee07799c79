"""New contact (``n``) and edit contact (``E``): one form, validated as you type.

Emails and phones are checked inline; skills and tags complete from the vocabulary;
"known only through" completes a contact's name. A failed save keeps what was typed and
says why.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from rolodex.tui.screens.typeahead import TypeAhead, compact_fields
from rolodex.tui.suggest import ContactSuggester, ListSuggester
from rolodex.tui.workers import in_thread

CATEGORY_CHOICES = [(c, c) for c in ("customer", "vendor", "partner", "past employee",
                                       "personal", "other")]
CLOSENESS_CHOICES = [(f"{n}", n) for n in range(6)]


def split_list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


class ContactForm(TypeAhead, ModalScreen[int | None]):
    """``ContactForm(None)`` adds a contact, ``ContactForm(cid)`` edits one.
    Dismisses with the contact's id, or None when cancelled."""

    AUTO_FOCUS = "#name"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        Binding("ctrl+s", "save", "Save", id="form-save"),
    ]

    def __init__(self, contact_id: int | None) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.saving = False
        self.skills = ListSuggester()
        self.tags = ListSuggester()

    def compose(self) -> ComposeResult:
        title = "New contact" if self.contact_id is None else "Edit contact"
        with VerticalScroll(id="dialog", classes="dialog contact-form"):
            yield Label(title, id="form-title", classes="dialog-title")
            yield from self._field("Name", Input(id="name", placeholder="as they write it"))
            yield from self._field("Company", Input(id="company"))
            yield from self._field("Title", Input(id="title"))
            yield from self._field("Emails", Input(id="emails", placeholder="a@b.com, …"))
            yield Static("", id="emails-error", classes="field-error")
            yield from self._field("Phones", Input(id="phones", placeholder="+1 555 0100, …"))
            yield Static("", id="phones-error", classes="field-error")
            yield from self._field("Skills", Input(id="skills", suggester=self.skills,
                                                   placeholder="comma-separated; → completes"))
            yield from self._field("Tags", Input(id="tags", suggester=self.tags))
            yield from self._field("Category", Select(CATEGORY_CHOICES, value="other",
                                                      allow_blank=False, id="category"))
            yield from self._field("Cadence", Input(id="cadence", type="integer",
                                                    placeholder="keep in touch every N days"))
            yield from self._field("Closeness", Select(CLOSENESS_CHOICES, id="closeness",
                                                       prompt="not set"))
            yield from self._field("Known only through", Input(
                id="through", suggester=ContactSuggester(self.app),
                placeholder="a contact who introduced you (optional)"))
            yield Static("", id="form-error", classes="form-error")
            yield Static("ctrl+s or enter save · escape cancel · tab next field",
                         classes="dialog-hint")

    @staticmethod
    def _field(label: str, widget) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="field-label")
            yield widget

    def on_mount(self) -> None:
        compact_fields(self)
        self.set_focus(self.query_one("#name", Input))
        app = self.app
        cid = self.contact_id

        def job():
            from rolodex.tui.profile import load_profile, load_vocabulary

            vocab = load_vocabulary(app.store)
            profile = load_profile(app.store, cid, app.clock()) if cid is not None else None
            return vocab, profile

        in_thread(self, job, group="form-load", done=self._loaded)

    def _loaded(self, result) -> None:
        (skills, tags), p = result
        self.skills.set_words(skills)
        self.tags.set_words(tags)
        if p is None:
            return
        values = {"name": p.name, "company": p.company, "title": p.title,
                  "emails": ", ".join(p.emails), "phones": ", ".join(p.phones),
                  "skills": ", ".join(p.skills), "tags": ", ".join(p.tags),
                  "cadence": str(p.cadence_days or "")}
        for key, value in values.items():
            field = self.query_one(f"#{key}", Input)
            if not field.value:
                field.value = value
        self.query_one("#category", Select).value = p.category
        if p.closeness is not None:
            self.query_one("#closeness", Select).value = p.closeness

    # -- inline validation ------------------------------------------------------------------
    @on(Input.Changed, "#emails")
    def _check_emails(self, event: Input.Changed) -> None:
        from rolodex.core.contacts import valid_email

        bad = [e for e in split_list(event.value) if not valid_email(e)]
        self._field_error("emails", f"not an email address: {', '.join(bad)}" if bad else "")

    @on(Input.Changed, "#phones")
    def _check_phones(self, event: Input.Changed) -> None:
        from rolodex.core.contacts import valid_phone

        bad = [p for p in split_list(event.value) if not valid_phone(p)]
        self._field_error("phones", f"not a phone number: {', '.join(bad)}" if bad else "")

    def _field_error(self, key: str, message: str) -> None:
        error = self.query_one(f"#{key}-error", Static)
        error.update(message)
        error.display = bool(message)
        self.query_one(f"#{key}", Input).set_class(bool(message), "-invalid")

    # -- saving -----------------------------------------------------------------------------
    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

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
            "through": get("through").strip(),
        }

    def action_save(self) -> None:
        if self.saving:
            return
        values = self.values()
        if self.query_one("#cadence", Input).value.strip() and values["cadence_days"] is None:
            self._error("cadence: a whole number of days")
            return
        self.saving = True
        app = self.app
        cid = self.contact_id

        def job():
            from rolodex.core.errors import RolodexError

            try:
                return save_contact(app.store, cid, values)
            except RolodexError as exc:
                return exc

        in_thread(self, job, group="form-save", done=self._saved)

    def _saved(self, result) -> None:
        self.saving = False
        if isinstance(result, Exception):
            self._error(f"Not saved: {result}")
            return
        self.dismiss(result)

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)


def save_contact(store, cid: int | None, values: dict) -> int:
    """Add or edit through the core (one transaction each); returns the contact's id."""
    from rolodex.core.contacts import ContactIn, add_contact, edit_contact, resolve
    from rolodex.core.links import link

    values = dict(values)
    through_name = values.pop("through")
    through = resolve(store, through_name) if through_name else None
    if cid is None:
        return add_contact(store, ContactIn(**values), through=through)
    if through is not None:
        values["known_directly"] = False
    edit_contact(store, cid, **values)
    if through is not None:
        link(store, cid, through, 3, "introduced me")
    return cid
