"""Ask first: a yes/no dialog; ``y`` confirms, ``n`` or ``escape`` cancels (focus starts on No)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from rolodex.tui import keys
from rolodex.tui.dialogs.typeahead import DialogBody


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = keys.CONFIRM

    def __init__(self, question: str, *, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with DialogBody(id="dialog", classes="dialog"):
            yield Label("Are you sure?", classes="dialog-title")
            yield Static(self.question, id="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
