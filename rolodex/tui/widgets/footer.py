"""Textual's Footer, without its leak of the keys it replaces.

Every change of focus or of the bindings recomposes the footer: its keys are removed and
new ones mounted, each bound to the footer's ``compact`` with ``data_bind``. Textual
(8.2.8) drops the watcher of a removed key only when ``compact`` itself changes, which it
never does here, so every focus change kept about twenty dead keys alive, with their
styles and rendered lines: the memory grew all session, and each full collection of the
garbage collector had more to walk (40 to 150 ms after a few dozen filters at 100,000
contacts, landing in the middle of keystrokes). After each recompose the footer's
``compact`` watchers are run once (``mutate_reactive``, public API), which is when Textual
forgets the watchers of removed keys.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    async def recompose(self) -> None:
        await super().recompose()
        if self.is_attached:
            self.mutate_reactive(TextualFooter.compact)
