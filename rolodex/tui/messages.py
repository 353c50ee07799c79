"""Messages shared between panes and screens (each pane's own messages live in its file).

Contract between the TUI's parts:
- the running app is ``RolodexApp`` with ``app.store`` (core Store), ``app.clock`` (callable
  returning "now"), ``app.network`` (core Network or None while it builds in a worker);
- any pane or screen that wants the main screen to select a contact posts ``JumpToContact``;
- after a change is committed, panes refresh themselves from ``Store.subscribe`` events or
  from ``DataChanged`` posted by whoever made the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class JumpToContact(Message):
    """Select this contact in the contact list and show it."""

    contact_id: int


@dataclass
class DataChanged(Message):
    """Something was written: ``what`` is 'contact', 'interaction', 'knows', 'intro'..."""

    what: str
    contact_id: int | None = None
