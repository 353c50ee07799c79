"""``O``: how the contact list is shown: one of the sorts (core.sorting), or the
archived contacts. ``enter`` picks; ``escape`` leaves the list as it was."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from rolodex.core.sorting import LABELS, SORTS
from rolodex.tui import keys
from rolodex.tui.dialogs.typeahead import DialogBody

ARCHIVED = "archived"
HINTS = {
    "name": "A to Z (a filter ranks by match)",
    "touch": "newest first, never touched last",
    "tie": "the strongest tie first",
    "overdue": "follow-ups and cadences, most late first",
    ARCHIVED: "restore one with r",
}


class ViewChooser(ModalScreen[str | None]):
    """Dismissed with a sort of ``SORTS``, ``"archived"``, or None (cancelled)."""

    BINDINGS = keys.VIEWS

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        views = [*SORTS, ARCHIVED]
        options = [Option(f"{'●' if v == self.current else ' '} "
                          f"{LABELS.get(v, 'Archived contacts').capitalize():<17} {HINTS[v]}",
                          id=v) for v in views]
        with DialogBody(id="dialog", classes="dialog views"):
            yield Label("Show the contacts", classes="dialog-title")
            yield OptionList(*options, id="views")
            yield Label("enter picks · escape cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = [*SORTS, ARCHIVED].index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
