"""Text fields whose own keys act in the order they were typed.

Textual resolves a widget's (non-priority) bindings only once the key has bubbled up to
the app, through every container's message queue, while a letter is inserted the moment
the field takes it. Typed fast, "abc", backspace, "d" reached the field as "abcd" and the
backspace deleted the "d"; ``left`` then a letter put the letter at the end. A ``Field``
(an Input) and a ``TextField`` (a TextArea) run their own editing bindings (backspace,
delete, the arrows, home, end, ctrl+w, enter to submit, …) as the key arrives, in the
same queue as the letters. Every text field of the TUI is one of these.
"""

from __future__ import annotations

from collections.abc import Awaitable
from functools import cache

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, TextArea


@cache
def own_keys(editor: type) -> dict[str, str]:
    """key -> action: the non-priority bindings of ``editor`` and its bases up to Input or
    TextArea (not the scrolling ones an Input's bases have: Textual does not give those to
    an Input or a TextArea either)."""
    mro = editor.__mro__
    editors = [i for i, klass in enumerate(mro) if klass in (Input, TextArea)]
    chain = mro[:editors[0] + 1] if editors else mro
    own: dict[str, str] = {}
    for klass in reversed(chain):
        for b in vars(klass).get("BINDINGS", []):
            if isinstance(b, Binding) and not b.priority:
                for key in b.key.split(","):
                    own[key.strip()] = b.action
    return own


def key_in_order(editor: Widget, event: events.Key) -> Awaitable[object] | None:
    """Run ``editor``'s own binding for ``event`` as the key arrives; None for a letter
    (the editor's own key handler inserts it: no coroutine) or a key it does not bind."""
    action = own_keys(type(editor)).get(event.key)
    if action is None or (event.is_printable and event.character):
        return None
    event.stop()
    event.prevent_default()
    # awaited by Textual's dispatch before the next key is taken, as an async handler
    return editor.run_action(action)


class Field(Input):
    """An Input whose editing keys act in the order typed.

    Its ``virtual_size`` (the text's width, set by Input on every keystroke) repaints it
    only: Widget's refreshes the whole screen's layout on every change, which made a
    filter keystroke cost twice a cursor move. A field's size never follows its text
    (Input itself refreshes the layout for one whose width or height is auto)."""

    virtual_size = Reactive(Size(0, 0), repaint=True)

    def on_key(self, event: events.Key) -> Awaitable[object] | None:
        return key_in_order(self, event)


class TextField(TextArea):
    """A TextArea whose editing keys act in the order typed."""

    def on_key(self, event: events.Key) -> Awaitable[object] | None:
        return key_in_order(self, event)
