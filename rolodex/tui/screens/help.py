"""``?``: every key, where it works, and the binding id a ``[keys]`` config remaps."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from rolodex.tui.config import config_path


def sections():
    """(scope, bindings) of every key, the app's own first: the help screen and the
    ``[keys]`` check (tui.config.keymap_conflicts) read the same list."""
    from rolodex.tui.app import RolodexApp
    from rolodex.tui.dialogs.confirm import ConfirmScreen
    from rolodex.tui.dialogs.contact_form import ContactForm
    from rolodex.tui.screens.dupes import DupesScreen
    from rolodex.tui.screens.main import MainScreen
    from rolodex.tui.screens.stats import StatsScreen
    from rolodex.tui.widgets.contact_header import ContactHeader
    from rolodex.tui.widgets.contact_list import ContactList
    from rolodex.tui.widgets.filter_bar import FilterBar
    from rolodex.tui.widgets.interaction_log import InteractionLog
    from rolodex.tui.widgets.who_can import WhoCanPane

    return [
        ("Everywhere", RolodexApp.BINDINGS + [
            Binding("ctrl+p", "command_palette", "Command palette: jump to a contact, any "
                    "action, Import…", id="command-palette")]),
        ("Main screen", MainScreen.BINDINGS),
        ("Contact list", ContactList.BINDINGS),
        ("Filter", FilterBar.BINDINGS),
        ("Profile", [
            Binding("pageup,pagedown", "",
                    "Scroll a page (arrows, home, end too; tab from the list gets here)"),
            *ContactHeader.BINDINGS]),
        ("Interactions", InteractionLog.BINDINGS),
        # enter in these two lists is the list's own "select"; listed so help shows it.
        ("Who can", [Binding("enter", "", "The whole path, with each tie's reason"),
                     *WhoCanPane.BINDINGS]),
        ("Stats", [Binding("enter", "", "Jump to the overdue contact"), *StatsScreen.BINDINGS]),
        ("Duplicates", DupesScreen.BINDINGS),
        ("Dialogs", [Binding("enter", "", "Save (log, link, edit)"), *ContactForm.BINDINGS,
                     *ConfirmScreen.BINDINGS]),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help-close")]

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
        for section, bindings in sections():
            table.add_row(f"[reverse] {section} [/]", "", "")
            for b in bindings:
                keys = keymap.get(b.id, b.key) if b.id else b.key
                shown = ", ".join(self.app.get_key_display(Binding(k.strip(), ""))
                                  for k in keys.split(","))
                table.add_row(shown, b.description, b.id or "")
        return table

    async def action_dismiss(self, result=None) -> None:
        self.dismiss()
