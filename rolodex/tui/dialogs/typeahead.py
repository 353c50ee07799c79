"""Keys typed before a dialog's field had focus belong to that field.

A key is routed to whatever had focus when it arrived. Someone who presses ``c`` and goes
straight on typing the summary sends keys while the dialog is still being mounted. Three
things keep them in order:

- the main screen's actions that open a dialog await its mounting (its first field is
  focused by then), and the app takes the next key only after the action: it goes to
  the field;
- the field is a ``widgets.fields.Field``, whose editing keys (backspace, the arrows,
  enter…) act as they arrive, not once they have bubbled up to the app behind the
  letters typed after them (the root of "abc", backspace, "d" reading "abd" wrongly);
- keys that still reach the dialog screen itself (a dialog opened without waiting, e.g.
  from the palette) are handed by ``TypeAheadModal``, the base of every dialog with
  fields, to the focused input, in order.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input


def compact_fields(screen) -> None:
    """No borders on inputs, selects and text areas (one line each but a text area's few):
    a dialog fits in a 40-line terminal."""
    for widget in screen.query("Input, Select, TextArea"):
        widget.compact = True


class TypeAheadModal(ModalScreen[int | None]):
    """A modal whose ``on_mount`` focuses an Input with ``set_focus``; it is dismissed with
    the id it wrote, or None. Keys that
    the focused input consumes never get here; bindings (enter, backspace) resolve only
    when a key has bubbled up to the app, so doing them here does them once, in order.
    (tab and shift+tab are the dialog's priority bindings: they move focus as they come.)"""

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if not isinstance(focused, Input):
            return
        if event.is_printable and event.character:
            focused.insert_text_at_cursor(event.character)
        elif event.key == "backspace":
            focused.action_delete_left()
        elif event.key == "enter":
            self.call_later(focused.action_submit)
        elif event.key in ("tab", "shift+tab"):
            # a key queued at the screen itself (posted before the fields existed); keys
            # from the terminal meet the dialog's priority binding first
            if event.key == "tab":
                self.focus_next()
            else:
                self.focus_previous()
        else:
            return
        event.stop()
        event.prevent_default()


class DialogBody(VerticalScroll, can_focus=False):
    """Every dialog's box: as tall as its content up to the screen's 90%, and scrolled
    when the terminal is shorter (80x24): the focused field or button is scrolled into
    view, so every field and button stays reachable. It takes no focus of its own (tab
    goes from field to field); ``DialogBody(focusable=True)`` for a dialog with nothing
    else to focus (the path modal), which then scrolls with the arrow keys."""

    def __init__(self, *children, focusable: bool = False, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.can_focus = focusable
