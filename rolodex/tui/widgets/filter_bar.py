"""The filter input above the contact list: ``/`` focuses it, ``escape`` clears it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class FilterBar(Input):
    BINDINGS = [Binding("escape", "clear", "Clear filter", id="filter-clear")]

    @dataclass
    class Cleared(Message):
        filter_bar: FilterBar

    def __init__(self, **kwargs) -> None:
        super().__init__(placeholder="/ filter: name, company, skill…", **kwargs)

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Cleared(self))
