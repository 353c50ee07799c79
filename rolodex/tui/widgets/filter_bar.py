"""The filter input above the contact list: ``/`` focuses it, ``escape`` clears it.

Each change calls ``on_query(value)`` directly (set by the screen) rather than through a
bubbling ``Changed`` message, which is not posted at all: a keystroke reaches the filter a few
milliseconds sooner, and a burst of twenty keys is not twenty messages more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Input

from rolodex.tui import keys
from rolodex.tui.widgets.fields import Field


class FilterBar(Field):
    """``enter`` and ``escape`` are priority bindings that call ``on_leave`` at once, so the
    keys typed right after them already go where they lead (the contact list). Backspace
    and the other editing keys act as they come (a Field): "gabriela", two backspaces,
    "lla" typed in one go reads "gabriella"."""

    BINDINGS = keys.FILTER

    @dataclass
    class Cleared(Message):
        filter_bar: FilterBar

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="/ filter: name, company, skill…", **kwargs)
        self.on_query: Callable[[str], None] | None = None
        self.on_leave: Callable[[bool], None] | None = None  # (went to the top match?)
        self._quiet = False

    def check_message_enabled(self, message: Message) -> bool:
        # Input's Changed (one a key) is not even queued: on_query had the change already
        return not isinstance(message, Input.Changed) and super().check_message_enabled(message)

    def watch_value(self, value: str) -> None:
        # the public watcher: Textual calls it after Input's own (which posts Changed)
        if self.on_query is not None and not self._quiet:
            self.on_query(value)

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
