"""What every form dialog shares: the field rows, the error line, cancel and save.

A ``Dialog`` is a modal screen whose inputs are compact (one line each, so a dialog fits in
40 lines), whose first focus is ``AUTO_FOCUS``, where ``escape`` cancels (unless a save is
running) and ``enter`` in any input saves. ``save_in_thread(job)`` runs the core write in a
worker; a ``RolodexError`` keeps what was typed and says why in the ``ERROR_ID`` line,
anything else dismisses the dialog with the job's result.
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select, Static

from rolodex.tui import keys
from rolodex.tui.dialogs.typeahead import TypeAheadModal, compact_fields
from rolodex.tui.widgets.fields import Field
from rolodex.tui.workers import in_thread

KIND_CHOICES = [("call", "call"), ("email", "email"), ("meeting", "meeting"),
                ("message", "message"), ("note", "note"), ("other", "other")]


def field_row(label: str, *widgets) -> ComposeResult:
    """A label and its field(s) on one line."""
    with Horizontal(classes="row"):
        yield Label(label, classes="field-label")
        yield from widgets


def kind_when_row(kind: str, when: str) -> ComposeResult:
    """The interaction kind and its time ('now', '-2d', 'yesterday 15:00', ISO), one line."""
    with Horizontal(classes="row"):
        yield Label("Kind", classes="field-label")
        yield Select(KIND_CHOICES, value=kind, allow_blank=False, id="kind")
        yield Label("When", classes="field-label")
        yield Field(value=when, id="when", placeholder="now, -2d, yesterday 15:00, ISO")


def error_line(error_id: str) -> Static:
    return Static("", id=error_id, classes="form-error")


def hint(text: str) -> Static:
    return Static(text, classes="dialog-hint")


class Dialog(TypeAheadModal):
    """Dismisses with what the save job returned (usually an id), or None when cancelled."""

    # tab and shift+tab are priority bindings: the app runs them as it takes the key, before
    # it hands on the keys typed after it, so "Burst 1<shift+tab>-2d" typed in one go puts
    # "-2d" in the field focus moved to (as a widget's binding, the move would come only
    # after the keys queued behind it had gone to the old field).
    BINDINGS = keys.DIALOG

    AUTO_FOCUS = "Input"
    ERROR_ID = "form-error"
    SAVE_GROUP = "dialog-save"

    def action_next_field(self) -> None:
        self.focus_next()

    def action_previous_field(self) -> None:
        self.focus_previous()

    saving = False

    def on_mount(self) -> None:
        compact_fields(self)
        self.set_focus(self.query_one(self.AUTO_FOCUS, Input))
        self.mounted()

    def mounted(self) -> None:
        """Called once the fields exist and the first one has focus."""

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError  # every dialog says what saving means

    # -- helpers for action_save ------------------------------------------------------------
    def show_error(self, message: str) -> None:
        self.query_one(f"#{self.ERROR_ID}", Static).update(message)

    def parsed_when(self) -> datetime | None:
        """The time typed in ``#when``, or None after saying what is wrong with it."""
        from rolodex.core.errors import RolodexError
        from rolodex.core.when import parse_when

        field = self.query_one("#when", Input)
        try:
            return parse_when(field.value, self.app.clock())  # type: ignore[attr-defined]
        except RolodexError as exc:
            self.show_error(str(exc))
            field.focus()
            return None

    def save_in_thread(self, job: Callable[[], object], *,
                       undo: tuple[str, list[int], list[int]] | None = None) -> None:
        """Run ``job`` (a core write) in a worker; dismiss with its result or show why not.
        With ``undo`` = (what, contact ids, interaction ids) the change can be undone."""
        if self.saving:
            return
        self.saving = True
        app = self.app

        def guarded():
            from rolodex.core.errors import RolodexError
            from rolodex.tui.undo import undoable

            try:
                if undo is None:
                    return job()
                what, contacts, interactions = undo
                return undoable(app, what, job, contacts=contacts, interactions=interactions)
            except RolodexError as exc:
                return exc

        in_thread(self, guarded, group=self.SAVE_GROUP, done=self._saved)

    def _saved(self, result) -> None:
        self.saving = False
        if isinstance(result, Exception):
            self.show_error(f"Not saved: {result}")
            return
        self.dismiss(result)
