""""Import…": a path, a format, what to do with duplicates; imports in a worker with a
progress bar and shows the summary. Dismisses with how many were added or merged."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from rolodex.tui.screens.typeahead import TypeAhead, compact_fields
from rolodex.tui.workers import in_thread

FORMATS = [("vCard (.vcf)", "vcard"), ("LinkedIn CSV", "linkedin"), ("Google CSV", "google"),
           ("Outlook CSV", "outlook"), ("Generic CSV", "csv")]
DUPLICATES = [("skip duplicates", "skip"), ("merge into the existing", "merge"),
              ("add as new", "new")]


def guess_format(path: str) -> str:
    return "vcard" if path.lower().endswith((".vcf", ".vcard")) else "csv"


class ImportDialog(TypeAhead, ModalScreen[int | None]):
    AUTO_FOCUS = "#path"

    BINDINGS = [Binding("escape", "cancel", "Close", id="import-cancel")]

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.changed = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog import-dialog"):
            yield Label("Import contacts", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("File", classes="field-label")
                yield Input(id="path", placeholder="~/contacts.vcf")
            with Horizontal(classes="row"):
                yield Label("Format", classes="field-label")
                yield Select(FORMATS, value="vcard", allow_blank=False, id="format")
            with Horizontal(classes="row"):
                yield Label("Duplicates", classes="field-label")
                yield Select(DUPLICATES, value="skip", allow_blank=False, id="duplicates")
            with Horizontal(classes="row"):
                yield Checkbox("dry run (write nothing)", id="dry-run")
                yield Checkbox("skip bad records", id="skip-bad")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-status")
            with Horizontal(classes="buttons"):
                yield Button("Import", id="go", variant="primary")
                yield Button("Review duplicates", id="review")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#review").display = False
        compact_fields(self)
        self.set_focus(self.query_one("#path", Input))

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self.query_one("#format", Select).value = guess_format(event.value)

    @on(Input.Submitted, "#path")
    def _path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.start()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.start()

    @on(Button.Pressed, "#review")
    def _review(self) -> None:
        from rolodex.tui.screens.dupes import DupesScreen

        self.app.push_screen(DupesScreen())

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(self.changed)

    def start(self) -> None:
        if self.busy:
            return
        raw = self.query_one("#path", Input).value.strip()
        status = self.query_one("#import-status", Static)
        if not raw:
            status.update("Type the path of the file to import")
            return
        path = Path(raw).expanduser()
        fmt = str(self.query_one("#format", Select).value)
        dup = str(self.query_one("#duplicates", Select).value)
        dry = self.query_one("#dry-run", Checkbox).value
        skip_bad = self.query_one("#skip-bad", Checkbox).value
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        status.update(f"Importing {path.name}…")
        self.busy = True
        app = self.app

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=total or None, progress=done)

        def job():
            from rolodex.core.errors import RolodexError
            from rolodex.interchange.importer import import_file

            try:
                return import_file(app.store, fmt, path, dry_run=dry, on_duplicate=dup,
                                   skip_bad=skip_bad, progress=progress)
            except RolodexError as exc:
                return exc

        in_thread(self, job, group="importing", done=lambda r: self._done(r, dry))

    def _done(self, result, dry: bool) -> None:
        self.busy = False
        status = self.query_one("#import-status", Static)
        if isinstance(result, Exception):
            status.update(f"Not imported: {result}")
            return
        if not dry:
            self.changed += result.added + result.merged
        status.update(("Dry run, nothing written: " if dry else "Done: ") + result.line())
        review = self.query_one("#review", Button)
        review.label = f"Review {result.pairs} possible duplicate{'s' * (result.pairs != 1)}"
        review.display = bool(result.pairs and not dry)
