"""``enter`` on an interaction: change its kind, time or summary; on a team rolodex, one
of mine, whether the team can read it (a "Share with the team" box: ``space`` ticks it,
``enter`` saves)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from rolodex.core.text import names_in_short
from rolodex.tui import keys
from rolodex.tui.dialogs.dialog import Dialog, error_line, field_row, hint, kind_when_row
from rolodex.tui.dialogs.typeahead import DialogBody
from rolodex.tui.widgets.fields import Field
from rolodex.tui.widgets.tick import Tick


class InteractionEdit(Dialog):
    """The summary opens with the cursor at its end (typing adds to it, not replaces it)."""

    AUTO_FOCUS = "#summary"
    ERROR_ID = "edit-error"
    SAVE_GROUP = "interaction-save"

    BINDINGS = keys.INTERACTION_EDIT

    def __init__(self, interaction) -> None:
        super().__init__()
        self.item = interaction

    def compose(self) -> ComposeResult:
        it = self.item
        who = names_in_short([name for _cid, name in it.participants])
        with DialogBody(id="dialog", classes="dialog log-modal"):
            yield Label(f"Edit the {it.kind} with {who}", classes="dialog-title")
            yield from kind_when_row(it.kind, it.at.strftime("%Y-%m-%d %H:%M"))
            yield from field_row("Summary", Field(value=it.summary, id="summary",
                                                  select_on_focus=False))
            if it.by is not None and it.by.mine:  # a team rolodex: mine to share or not
                yield Tick("Share with the team", value=it.shared,
                           id="share")
            yield error_line(self.ERROR_ID)
            yield hint("enter save · escape cancel")

    def action_save(self) -> None:
        at = self.parsed_when()
        if at is None or self.saving:
            return
        changes = {"kind": str(self.query_one("#kind", Select).value), "at": at,
                   "summary": self.query_one("#summary", Input).value.strip()}
        for box in self.query("#share").results(Tick):
            changes["shared"] = box.value
        store, iid = self.app.store, self.item.id

        def job():
            from rolodex.core.records.interactions import edit_interaction

            edit_interaction(store, iid, **changes)
            return iid

        self.save_in_thread(job, undo=(f"edit of '{self.item.summary or self.item.kind}'",
                                       [], [iid]))
