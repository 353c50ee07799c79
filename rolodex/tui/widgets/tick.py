"""A checkbox of a dialog: ``space`` toggles it and ``enter`` does what ``enter`` does in
the dialog's fields (save, start), never toggles. It reads ``[x] label`` or ``[ ] label``,
so the state never rests on colour alone. A dialog names its ``enter`` by subclassing
with its own BINDINGS (rolodex/tui/keys.py)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

from rolodex.tui import keys


class Tick(Checkbox):
    """``enter`` saves the dialog (keys.TICK_SAVE)."""

    BINDINGS = keys.TICK_SAVE

    def render(self) -> Content:
        # as wide as a checkbox's own button and label ("▐X▌ label"), so never cut short
        return Content.assemble("[x] " if self.value else "[ ] ", self.label)
