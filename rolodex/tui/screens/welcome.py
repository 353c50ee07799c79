"""The welcome view of an empty rolodex: build the demo, import a file, or add the first
contact. Dismisses with a contact id to select (or None) once there is something to show.

The demo goes into the demo file (``rolodex.demo.demo_db_url()``, where ``rolodex demo``
builds it), never into the rolodex that is open; the app then goes on in the demo file.
A demo file already built is opened as it is."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from rolodex.tui import keys
from rolodex.tui.dialogs.typeahead import DialogBody
from rolodex.tui.widgets.fields import Field
from rolodex.tui.widgets.footer import Footer
from rolodex.tui.workers import in_thread

INTRO = (
    "This rolodex is empty. Start with one of these:\n\n"
    " d  build the demo in its own file, demo.db, and open it: people, their\n"
    "    history, who knows whom (about a minute); this rolodex stays empty\n"
    " i  import a file (vCard, LinkedIn, Google or Outlook CSV)\n"
    " n  add your first contact"
)


class WelcomeScreen(Screen[int | None]):
    BINDINGS = keys.WELCOME

    def __init__(self, demo_contacts: int | None = None) -> None:
        super().__init__()
        from rolodex.demo import DEFAULT_CONTACTS

        self.demo_contacts = demo_contacts or DEFAULT_CONTACTS
        self.busy = False

    def compose(self) -> ComposeResult:
        with DialogBody(id="welcome"):
            yield Label("Welcome to rolodex", classes="dialog-title")
            yield Static(INTRO, id="welcome-text")
            with Vertical(classes="buttons"):
                yield Button("Build the demo (d)", id="demo", variant="primary")
                yield Button("Import a file (i)", id="import")
                yield Button("Add the first contact (n)", id="new")
            yield Label("Contacts in the demo", classes="field-label")
            yield Field(str(self.demo_contacts), id="demo-size", type="integer")
            yield ProgressBar(id="demo-progress", show_eta=False)
            yield Static("", id="welcome-status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#demo-progress").display = False
        self.query_one("#demo", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"demo": self.action_demo, "import": self.action_import_file,
         "new": self.action_new_contact}[event.button.id]()

    def action_demo(self) -> None:
        if self.busy:
            return
        raw = self.query_one("#demo-size", Input).value
        size = int(raw) if raw.isdigit() and int(raw) > 0 else self.demo_contacts
        self.busy = True
        bar = self.query_one("#demo-progress", ProgressBar)
        bar.display = True
        bar.update(total=size, progress=0)
        status = self.query_one("#welcome-status", Static)
        status.update(f"Building a demo of {size:,} in its own file…")
        self.call_after_refresh(status.scroll_visible)  # in view in a short terminal
        app = self.app

        def progress(done: int, total: int | None = None, *_rest) -> None:
            app.call_from_thread(bar.update, total=total or size, progress=done)

        def job():
            from rolodex.core.db.store import Store
            from rolodex.core.errors import RolodexError
            from rolodex.core.records.contacts import count_contacts
            from rolodex.demo import DEFAULT_SEED, build_demo, demo_db_url

            url = demo_db_url()
            mine = app.store
            store = mine if url == mine.url else None
            try:
                store = store or Store(url, clock=app.clock)
                if not count_contacts(store, include_archived=True):
                    build_demo(store, contacts=size, seed=DEFAULT_SEED, progress=progress)
            except RolodexError as exc:
                if store is not None and store is not mine:
                    store.close()
                return exc
            return store

        in_thread(self, job, group="building the demo", done=self._done_demo)

    def _done_demo(self, result) -> None:
        self.busy = False
        if isinstance(result, Exception):
            self.query_one("#demo-progress").display = False
            status = self.query_one("#welcome-status", Static)
            status.update(f"No demo: {result}")
            self.call_after_refresh(status.scroll_visible)
            return
        if result is not self.app.store:
            self.app.switch_store(result)
        self.dismiss(None)

    def action_import_file(self) -> None:
        from rolodex.tui.dialogs.import_dialog import ImportDialog

        self.app.push_screen(ImportDialog(), self._imported)

    def _imported(self, added: int | None) -> None:
        if added:
            self.dismiss(None)

    def action_new_contact(self) -> None:
        from rolodex.tui.dialogs.contact_form import ContactForm

        self.app.push_screen(ContactForm(None), self._added)

    def _added(self, cid: int | None) -> None:
        if cid is not None:
            self.dismiss(cid)
