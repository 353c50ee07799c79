"""The filter input above the contact list: ``/`` focuses it, ``escape`` clears it.

Each change calls ``on_query(value)`` directly (set by the screen) rather than through a
bubbling ``Changed`` message: a keystroke reaches the filter a few milliseconds sooner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Input

from rolodex.tui import keys


class FilterBar(Input):
    """``enter`` and ``escape`` are priority bindings that call ``on_leave`` at once, so the
    keys typed right after them already go where they lead (the contact list)."""

    BINDINGS = keys.FILTER

    @dataclass
    class Cleared(Message):
        filter_bar: FilterBar

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="/ filter: name, company, skill…", **kwargs)
        self.on_query: Callable[[str], None] | None = None
        self.on_leave: Callable[[bool], None] | None = None  # (went to the top match?)
        self._quiet = False

    def watch_value(self, value: str) -> None:
        # the public watcher: Textual calls it after Input's own (which posts Changed)
        if self.on_query is not None and not self._quiet:
            self.on_query(value)

    def on_key(self, event: events.Key) -> None:
        # backspace is the Input's binding, which runs only once the key has bubbled up to
        # the app: after the letters typed behind it were already inserted ("gabriela",
        # two backspaces, "lla" read "gabrielal"). Done here, it deletes as it comes.
        if event.key == "backspace":
            self.action_delete_left()
            event.stop()
            event.prevent_default()

    def set_quietly(self, value: str) -> None:
        """Change the text without filtering."""
        self._quiet = True
        try:
            self.value = value
        finally:
            self._quiet = False

    def action_clear(self) -> None:
        self.value = ""
        if self.on_leave is not None:
            self.on_leave(False)
        self.post_message(self.Cleared(self))

    async def action_submit(self) -> None:
        if self.on_leave is not None:
            self.on_leave(True)
        await super().action_submit()
