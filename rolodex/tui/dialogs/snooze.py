"""``z``: snooze a contact's follow-up to a later day ("in 1w", "friday", "2027-01-10": the
follow-up parser of the quick log, core.when.parse_due), shown as typed; ``enter`` saves
(undoable with ``u``), ``escape`` cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from rolodex.tui import keys
from rolodex.tui.dialogs.dialog import Dialog, error_line, field_row, hint
from rolodex.tui.dialogs.typeahead import DialogBody
from rolodex.tui.widgets.fields import Field


class SnoozeDialog(Dialog):
    """Dismissed with the new day of the follow-up, or None."""

    BINDINGS = [*Dialog.BINDINGS, *keys.SNOOZE]

    def __init__(self, contact_id: int, name: str, due) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.person = name
        self.due = due

    def compose(self) -> ComposeResult:
        when = f" (due {self.due:%a %d %b})" if self.due else ""
        with DialogBody(id="dialog", classes="dialog snooze"):
            yield Label(f"Snooze the follow-up with {self.person}{when}", classes="dialog-title")
            yield from field_row("Until", Field(value="", id="until",
                                                placeholder="in 1w, friday, 2027-01-10"))
            yield Static("", id="until-shows", classes="dialog-hint")
            yield error_line(self.ERROR_ID)
            yield hint("enter snoozes (u undoes) · escape cancels")

    def _day(self):
        from rolodex.core.when import parse_due

        return parse_due(self.query_one("#until", Input).value, self.app.clock().date())

    @on(Input.Changed, "#until")
    def _typed(self, event: Input.Changed) -> None:
        from rolodex.core.errors import RolodexError

        shows = self.query_one("#until-shows", Static)
        if not event.value.strip():
            shows.update("")
            return
        try:
            shows.update(f"until {self._day():%A %d %B %Y}")
        except RolodexError:
            shows.update("not a day yet")

    def action_save(self) -> None:
        from rolodex.core.errors import RolodexError

        try:
            until = self._day()
        except RolodexError as exc:
            self.show_error(str(exc))
            return
        app, cid = self.app, self.contact_id

        def job():
            from rolodex.core.records.follow_ups import snooze_follow_up

            snooze_follow_up(app.store, cid, until)
            return until

        self.save_in_thread(job, undo=(f"snooze of {self.person}'s follow-up", [cid], []))
