"""The contact list: a line-API ScrollView over an array of contact ids.

Only the visible lines are rendered (``render_line``); a row is looked up in the core
``ContactIndex`` when it is painted, so 100,000 contacts cost one list of ints here.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rolodex.core.records.cadence import status as cadence_status
from rolodex.core.text import printable
from rolodex.core.today import follow_up_state
from rolodex.core.when import ago
from rolodex.tui import keys

AGE_WIDTH = 6


class ContactList(ScrollView, can_focus=True):
    """Contacts, one per line: name, company, age of the last touch; coloured by cadence."""

    BINDINGS = keys.CONTACT_LIST

    COMPONENT_CLASSES = {
        "contact-list--cursor",
        "contact-list--company",
        "contact-list--age",
        "contact-list--due",
        "contact-list--overdue",
        "contact-list--empty",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another contact (None: the list is empty)."""

        contact_list: ContactList
        contact_id: int | None

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, ContactList.Highlighted)

    @dataclass
    class Chosen(Message):
        """``enter`` on a contact."""

        contact_list: ContactList
        contact_id: int

    def __init__(self, *, clock: Callable[[], datetime] | None = None, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(name=name, id=id, classes=classes)
        self._ids: Sequence[int] = ()
        self._row: Callable[[int], object] | None = None
        self._clock = clock or datetime.now
        # contact id -> earliest open follow-up (core.today.follow_ups): coloured like the
        # cadence, the worse of the two wins
        self.follow_ups: dict = {}
        self.empty_text = "No contacts"

    # -- data -------------------------------------------------------------------------------
    @property
    def ids(self) -> Sequence[int]:
        return self._ids

    @property
    def highlighted(self) -> int | None:
        if 0 <= self.cursor < len(self._ids):
            return self._ids[self.cursor]
        return None

    @property
    def highlighted_row(self):
        """The Row under the cursor (None: empty list, or it is gone from the index)."""
        cid = self.highlighted
        if cid is None or self._row is None:
            return None
        try:
            return self._row(cid)
        except KeyError:
            return None

    def set_rows(self, ids: Sequence[int], row: Callable[[int], object], *,
                 keep: int | None = None, stay: bool = False) -> None:
        """Show ``ids`` (best first); ``row(cid)`` gives a Row. Cursor on ``keep`` if listed;
        else, with ``stay`` (the list changed under the cursor: ``keep`` was archived), on the
        same line; else on the first line."""
        line = self.cursor
        # kept as an array: not a list the garbage collector walks, 100,000 ids at a time
        self._ids = ids if isinstance(ids, array) else array("q", ids)
        self._row = row
        self._set_length(len(ids))
        target = self._index_of(keep) if keep is not None else None
        if target is None and stay and ids:
            target = min(line, len(ids) - 1)
        if target is None:
            target = 0
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = target
        self.refresh()

    def _set_length(self, n: int) -> None:
        """The scrollable height is the number of rows. A change of it costs the screen a
        layout (every pane measured again, a third of a filter keystroke) only when the
        scrollbar comes or goes; otherwise the scrollbar is told the new length."""
        new = Size(self.size.width, n)
        old = self.virtual_size
        room = self.scrollable_content_region.height
        if old == new:
            return
        if old.width != new.width or (old.height > room) != (n > room):
            self.virtual_size = new
            return
        self.set_reactive(ContactList.virtual_size, new)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = n

    def _scroll_to_cursor(self) -> None:
        # force: right after a short list the scrollbar is not back yet, and without it
        # the scroll would be refused (the cursor left off screen)
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True,
                              force=True)

    def _index_of(self, cid: int) -> int | None:
        try:
            return self._ids.index(cid)
        except ValueError:
            return None

    def select_id(self, cid: int) -> bool:
        """Put the cursor on ``cid`` if it is listed."""
        i = self._index_of(cid)
        if i is None:
            return False
        self.cursor = i
        return True

    def refresh_row(self, cid: int) -> None:
        """Repaint the line of one contact (after an edit or a new log entry)."""
        i = self._index_of(cid)
        if i is None:
            return
        y = i - int(self.scroll_offset.y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # -- cursor -----------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._ids) - 1)) if self._ids else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        for line in {old, new}:
            y = line - int(self.scroll_offset.y)
            if 0 <= y < self.size.height:
                self.refresh(Region(0, y, self.size.width, 1))
        self.post_message(self.Highlighted(self, self.highlighted))

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._ids) - 1

    def action_choose(self) -> None:
        cid = self.highlighted
        if cid is not None:
            self.post_message(self.Chosen(self, cid))

    def on_click(self, event: events.Click) -> None:
        line = event.y + int(self.scroll_offset.y)
        if 0 <= line < len(self._ids):
            self.cursor = line
            self.focus()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._ids))

    # -- painting ---------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        line = y + int(self.scroll_offset.y)
        if not self._ids or self._row is None:
            if y == 0:
                text = set_cell_size(f" {self.empty_text}", width)
                style = self.get_component_rich_style("contact-list--empty")
                return Strip([Segment(text, base + style)], width)
            return Strip.blank(width, base)
        if line >= len(self._ids):
            return Strip.blank(width, base)
        try:
            row = self._row(self._ids[line])
        except KeyError:  # archived a moment ago; the list is being refreshed
            return Strip.blank(width, base)
        return self._render_row(row, width, line == self.cursor, base)

    def _render_row(self, row, width: int, is_cursor: bool, base: Style) -> Strip:
        now = self._clock()
        state = worse(cadence_status(row.last_touch_at, row.cadence_days, now, row.created_at),
                      follow_up_state(self.follow_ups.get(row.id), now.date()))
        name_style = base
        if state in ("due", "overdue"):
            name_style = base + self.get_component_rich_style(f"contact-list--{state}")
        company_style = base + self.get_component_rich_style("contact-list--company")
        age_style = name_style if state == "overdue" else (
            base + self.get_component_rich_style("contact-list--age"))
        if is_cursor:
            cursor = self.get_component_rich_style("contact-list--cursor")
            name_style, company_style, age_style = (
                name_style + cursor, company_style + cursor, age_style + cursor)
        inner = max(width - 1 - AGE_WIDTH, 4)
        name_w = max(inner * 11 // 20, 4)
        company_w = inner - name_w
        age = ago(row.last_touch_at, now) if row.last_touch_at else ""
        mark = "▸" if is_cursor else " "
        segments = [
            Segment(mark, name_style),
            Segment(_fit(row.name, name_w - 1) + " ", name_style),
            Segment(_fit(row.company or "", company_w), company_style),
            Segment(age.rjust(AGE_WIDTH)[:AGE_WIDTH], age_style),
        ]
        return Strip(segments, width).adjust_cell_length(width, base)


def worse(a: str | None, b: str | None) -> str | None:
    """The more urgent of two states (overdue > due > ok > None)."""
    rank = {"overdue": 3, "due": 2, "ok": 1}
    return a if rank.get(a or "", 0) >= rank.get(b or "", 0) else b


def _fit(text: str, width: int) -> str:
    """Exactly ``width`` cells: padded, or cut with an ellipsis; a control character that
    got past the door is shown escaped, never sent to the terminal."""
    if width <= 0:
        return ""
    text = printable(text)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
