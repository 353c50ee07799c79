""""Import…": a path, a format, what to do with duplicates; imports in a worker with a
progress bar and shows the summary. Dismisses with how many were added or merged.

A dry run writes nothing and says what an import would do; only "Import for real", a
separate button shown beside that summary, then writes (the same file and options; any
change withdraws it). ``enter`` on a checkbox starts, as in the path field: it never
toggles (``space`` does)."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from rolodex.tui import keys
from rolodex.tui.dialogs.typeahead import DialogBody, TypeAheadModal, compact_fields
from rolodex.tui.widgets import tick
from rolodex.tui.widgets.fields import Field
from rolodex.tui.workers import in_thread

FORMATS = [("vCard (.vcf)", "vcard"), ("LinkedIn CSV", "linkedin"), ("Google CSV", "google"),
           ("Outlook CSV", "outlook"), ("Generic CSV", "csv")]
DUPLICATES = [("skip duplicates", "skip"), ("merge into the existing", "merge"),
              ("add as new", "new")]


class Tick(tick.Tick):
    """A checkbox whose ``enter`` starts the import (``space`` toggles it)."""

    BINDINGS = keys.TICK


def guess_format(path: str) -> str:
    return "vcard" if path.lower().endswith((".vcf", ".vcard")) else "csv"


class ImportDialog(TypeAheadModal):
    AUTO_FOCUS = "#path"

    BINDINGS = keys.IMPORT

    def __init__(self) -> None:
        super().__init__()
        self.busy = False
        self.changed = 0
        self.dry_options: tuple | None = None  # what the summary shown was a dry run of

    def compose(self) -> ComposeResult:
        with DialogBody(id="dialog", classes="dialog import-dialog"):
            yield Label("Import contacts", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("File", classes="field-label")
                yield Field(id="path", placeholder="~/contacts.vcf")
            with Horizontal(classes="row"):
                yield Label("Format", classes="field-label")
                yield Select(FORMATS, value="vcard", allow_blank=False, id="format")
            with Horizontal(classes="row"):
                yield Label("Duplicates", classes="field-label")
                yield Select(DUPLICATES, value="skip", allow_blank=False, id="duplicates")
            with Horizontal(classes="row"):
                yield Tick("dry run (write nothing)", id="dry-run")
                yield Tick("skip bad records", id="skip-bad")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static("", id="import-status")
            with Horizontal(classes="buttons"):
                yield Button("Import", id="go", variant="primary")
                yield Button("Import for real", id="real", variant="warning")
                yield Button("Review duplicates", id="review")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self.query_one("#import-progress").display = False
        self.query_one("#review").display = False
        self.query_one("#real").display = False
        compact_fields(self)
        self.set_focus(self.query_one("#path", Input))

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self.query_one("#format", Select).value = guess_format(event.value)
        self._withdraw()

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _option_changed(self) -> None:
        self._withdraw()

    def _withdraw(self) -> None:
        """The dry run shown no longer describes what would be imported."""
        if self.dry_options is not None and self.dry_options != self._options():
            self.dry_options = None
            self.query_one("#real").display = False

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

    @on(Button.Pressed, "#real")
    def _real(self) -> None:
        if self.dry_options is not None and self.dry_options == self._options():
            self.start(for_real=True)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(self.changed)

    def _options(self) -> tuple:
        return (self.query_one("#path", Input).value.strip(),
                str(self.query_one("#format", Select).value),
                str(self.query_one("#duplicates", Select).value),
                self.query_one("#dry-run", Checkbox).value,
                self.query_one("#skip-bad", Checkbox).value)

    def action_start(self) -> None:
        self.start()

    def start(self, *, for_real: bool = False) -> None:
        """Import with the options shown; ``for_real`` after a dry run of them (the dry-run
        tick is then overridden: that is what the button says)."""
        if self.busy:
            return
        raw, fmt, dup, dry, skip_bad = self._options()
        status = self.query_one("#import-status", Static)
        if not raw:
            status.update("Type the path of the file to import")
            return
        dry = dry and not for_real
        path = Path(raw).expanduser()
        self.dry_options = None
        self.query_one("#real").display = False
        bar = self.query_one("#import-progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        status.update(f"{'Dry run of' if dry else 'Importing'} {path.name}…")
        self.busy = True
        app = self.app
        options = self._options()

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

        in_thread(self, job, group="importing", done=lambda r: self._done(r, dry, options))

    def _done(self, result, dry: bool, options: tuple) -> None:
        self.busy = False
        status = self.query_one("#import-status", Static)
        bar = self.query_one("#import-progress", ProgressBar)
        if isinstance(result, Exception):
            bar.display = False  # stopped: an indeterminate bar would pulse on
            status.update(f"Not imported: {result}")
            return
        total = bar.total or 1
        bar.update(total=total, progress=total)  # done: a full bar, not a pulsing one
        if dry:
            status.update("Dry run, nothing written: " + result.line()
                          + " · “Import for real” writes it")
            if options == self._options():
                self.dry_options = options
                self.query_one("#real").display = True
            return
        self.changed += result.added + result.merged
        status.update("Done: " + result.line())
        review = self.query_one("#review", Button)
        review.label = f"Review {result.pairs} possible duplicate{'s' * (result.pairs != 1)}"
        review.display = bool(result.pairs)
