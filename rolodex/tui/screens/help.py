"""``?``: every key, where it works, and the binding id a ``[keys]`` config remaps
(the list is ``rolodex.tui.keys.SECTIONS``)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rolodex.tui import keys
from rolodex.tui.config import config_path


class HelpScreen(ModalScreen[None]):
    BINDINGS = keys.HELP

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog help"):
            yield Static(self.keys_table(), id="help-keys")
            yield Static(f"Remap keys in {config_path()} under [keys], e.g.\n"
                         '  [keys]\n  log-call = "C"\n'
                         "escape closes this help.", classes="dialog-hint", markup=False)

    def keys_table(self) -> Table:
        keymap = getattr(self.app, "keys_applied", {})
        table = Table(title="rolodex keys", expand=True, box=None, padding=(0, 1),
                      title_style="bold")
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        table.add_column("id", style="dim", no_wrap=True)
        for section, bindings in keys.SECTIONS:
            table.add_row(f"[reverse] {section} [/]", "", "")
            for b in bindings:
                spec = keymap.get(b.id, b.key) if b.id else b.key
                shown = ", ".join(self.app.get_key_display(Binding(k.strip(), ""))
                                  for k in spec.split(","))
                table.add_row(shown, b.tooltip or b.description, b.id or "")
        return table

    async def action_dismiss(self, result=None) -> None:
        self.dismiss()
