"""``enter`` on an interaction: change its kind, time or summary."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from rolodex.tui.screens.log_modal import KIND_CHOICES
from rolodex.tui.screens.typeahead import TypeAhead, compact_fields
from rolodex.tui.workers import in_thread


class InteractionEdit(TypeAhead, ModalScreen[int | None]):
    AUTO_FOCUS = "#summary"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="interaction-edit-cancel")]

    def __init__(self, interaction) -> None:
        super().__init__()
        self.item = interaction
        self.saving = False

    def compose(self) -> ComposeResult:
        it = self.item
        who = ", ".join(name for _cid, name in it.participants)
        with Vertical(id="dialog", classes="dialog log-modal"):
            yield Label(f"Edit the {it.kind} with {who}", classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label("Kind", classes="field-label")
                yield Select(KIND_CHOICES, value=it.kind, allow_blank=False, id="kind")
                yield Label("When", classes="field-label")
                yield Input(value=it.at.strftime("%Y-%m-%d %H:%M"), id="when")
            with Horizontal(classes="row"):
                yield Label("Summary", classes="field-label")
                yield Input(value=it.summary, id="summary")
            yield Static("", id="edit-error", classes="form-error")
            yield Static("enter save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        compact_fields(self)
        self.set_focus(self.query_one("#summary", Input))

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.save()

    def save(self) -> None:
        from rolodex.core.errors import RolodexError
        from rolodex.core.when import parse_when

        if self.saving:
            return
        app = self.app
        try:
            at = parse_when(self.query_one("#when", Input).value, app.clock())
        except RolodexError as exc:
            self.query_one("#edit-error", Static).update(str(exc))
            return
        changes = {"kind": str(self.query_one("#kind", Select).value), "at": at,
                   "summary": self.query_one("#summary", Input).value.strip()}
        iid = self.item.id
        self.saving = True

        def job():
            from rolodex.core.interactions import edit_interaction

            try:
                edit_interaction(app.store, iid, **changes)
            except RolodexError as exc:
                return exc
            return iid

        in_thread(self, job, group="interaction-save", done=self._saved)

    def _saved(self, result) -> None:
        self.saving = False
        if isinstance(result, Exception):
            self.query_one("#edit-error", Static).update(f"Not saved: {result}")
            return
        self.dismiss(result)
