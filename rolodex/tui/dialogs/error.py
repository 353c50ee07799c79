"""The error dialog: what failed, in one sentence; never a traceback on the terminal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from rolodex.tui import keys
from rolodex.tui.dialogs.typeahead import DialogBody


class ErrorScreen(ModalScreen[None]):
    BINDINGS = keys.ERROR

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        from rolodex.core.paths import mask_secrets

        self.title_text = title
        self.message = mask_secrets(message)

    @classmethod
    def from_exception(cls, what: str | None, exc: BaseException | None) -> ErrorScreen:
        from rolodex.core.errors import RolodexError

        if isinstance(exc, RolodexError):
            return cls("Not done", str(exc))
        kind = type(exc).__name__ if exc is not None else "Error"
        doing = f" while {what.replace('-', ' ')}" if what else ""
        return cls("Something went wrong", f"{kind}{doing}: {exc}")

    def compose(self) -> ComposeResult:
        with DialogBody(id="dialog", classes="dialog error"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Button("Close", id="close", variant="error")

    def on_button_pressed(self) -> None:
        self.dismiss()

    async def action_dismiss(self, result=None) -> None:
        self.dismiss()
