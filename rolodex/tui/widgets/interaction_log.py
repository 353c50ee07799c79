"""The interaction log of the selected contact, newest first. ``enter`` edits one,
``d``/``delete`` deletes one (after asking). On a team rolodex a "By" column says whose
each entry is: "you", or the colleague who shared it; where the pane is too narrow for
the column (an 80-column terminal), the summary starts with it instead ("Alice Wong: …")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from rolodex.tui import keys

if TYPE_CHECKING:
    from rolodex.core.records.interactions import InteractionView


class InteractionLog(DataTable):
    BINDINGS = keys.INTERACTIONS

    @dataclass
    class EditRequested(Message):
        interaction: InteractionView

    @dataclass
    class DeleteRequested(Message):
        interaction: InteractionView

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.items: list[InteractionView] = []
        self._contact_id: int | None = None
        self._want: tuple | None = None  # (contact, entry) to select once it is shown
        self._by = False  # the "By" column is shown (a team rolodex's entries)
        self._room = 0  # the summary's cells the rows were cut for
        self._summary_width: int | None = None  # the summary column's width (None: none yet)

    def action_leave(self) -> None:
        """``escape``: back to the contact list, as ``enter`` there brought us here."""
        self.post_message(self.Left(self))

    @dataclass
    class Left(Message):
        log: InteractionLog

    def select_next(self, iid: int) -> None:
        """Put the cursor on entry ``iid`` when the log is shown next (after a log or an
        edit, the entry just written is the selected one)."""
        self._want = (self._contact_id, iid)

    BY_WIDTH = 10

    def on_mount(self) -> None:
        self._columns()

    def _columns(self, summary_width: int | None = None) -> None:
        """The columns; the summary's width is measured here (``show`` gives it) as the
        table would measure it, but before the rows are added: the table measures when it
        is next idle, after a paint may have cached the cells at the old width (a new
        entry's summary stayed cut to the width of the ones before it)."""
        self.add_column("When", key="when", width=16)
        self.add_column("Kind", key="kind", width=7)
        if self._by:
            self.add_column("By", key="by", width=self.BY_WIDTH)
        self.add_column("Summary", key="summary", width=summary_width)
        self._summary_width = summary_width

    BY_ROOM = 20  # the summary keeps at least this much beside a "By" column

    def _summary_room(self, by: bool | None = None) -> int:
        """Cells left for the summary: the log never scrolls sideways, a long summary ends
        in an ellipsis (the whole text is in the edit dialog)."""
        scrollbar = self.styles.scrollbar_size_vertical  # kept free: the rows may need it
        by_cells = self.BY_WIDTH + 2 * self.cell_padding if (
            self._by if by is None else by) else 0
        fixed = 16 + 7 + 3 * 2 * self.cell_padding + by_cells + scrollbar  # when, kind
        return max(12, self.content_size.width - fixed)

    @classmethod
    def _by_cell(cls, it: InteractionView) -> Text:
        words = it.by.words if it.by is not None else ""
        if len(words) > cls.BY_WIDTH:
            words = words[:cls.BY_WIDTH - 1].rstrip() + "…"
        return Text(words, no_wrap=True, end="")

    def on_resize(self) -> None:
        if self.items:
            self.show(self.items, self._contact_id)

    def _check_room(self) -> None:
        """After the screen is laid out: rows cut for a width the log no longer has (shown
        while a layout was still pending) are cut again."""
        if self.items and self._summary_room() != self._room:
            self.show(self.items, self._contact_id)

    def show(self, items: list[InteractionView], contact_id: int | None = None) -> None:
        keep = self.current
        if self._want is not None and self._want[0] != contact_id:
            self._want = None  # another contact is shown now
        self.items = items
        self._contact_id = contact_id
        by = any(it.by is not None for it in items)
        column = by and self._summary_room(True) >= self.BY_ROOM
        rebuild, self._by = column != self._by, column
        room = self._room = self._summary_room()
        summaries = [Text(self._summary(it, contact_id, by and not column, room),
                          no_wrap=True, end="") for it in items]
        # as a measured column would be: it only grows while the columns stay
        kept = 0 if rebuild or self._summary_width is None else self._summary_width
        width = max([kept, cell_len("Summary"), *(t.cell_len for t in summaries)])
        if rebuild or width != self._summary_width:
            self.clear(columns=True)
            self._columns(width)
        self.clear()
        for it, summary in zip(items, summaries, strict=True):
            cells = [it.at.strftime("%Y-%m-%d %H:%M"), it.kind]
            if column:
                cells.append(self._by_cell(it))
            self.add_row(*cells, summary, key=str(it.id))
        self.call_after_refresh(self._check_room)
        self.border_title = f"Interactions {len(items):,}" if items else "Interactions"
        want = self._want[1] if self._want is not None else keep.id if keep else None
        for i, it in enumerate(items):
            if it.id == want:
                self.move_cursor(row=i, animate=False)
                self._want = None
                break

    @staticmethod
    def _summary(it: InteractionView, contact_id: int | None, by_first: bool, room: int
                 ) -> str:
        """One entry's summary cell, cut to ``room`` (shown as Text, not str: a DataTable
        reads a str as markup, "[/x]" in a summary)."""
        others = [n for cid, n in it.participants if cid != contact_id]
        summary = it.summary or "(no summary)"
        if by_first and it.by is not None:
            summary = f"{it.by.words}: {summary}"
        if others:
            summary += f"  · with {', '.join(others[:3])}"
            if len(others) > 3:
                summary += f" +{len(others) - 3}"
        if len(summary) > room:
            summary = summary[:room - 1].rstrip() + "…"
        return summary

    @property
    def current(self) -> InteractionView | None:
        if self.items and 0 <= self.cursor_row < len(self.items):
            return self.items[self.cursor_row]
        return None

    def action_edit(self) -> None:
        if self.current is not None:
            self.post_message(self.EditRequested(self.current))

    def action_delete(self) -> None:
        if self.current is not None:
            self.post_message(self.DeleteRequested(self.current))
