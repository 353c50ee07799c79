"""Quick logging: ``c`` ``e`` ``m`` ``o`` open this with the contact, the kind and "now"
filled in and the cursor in the summary. ``enter`` saves, ``escape`` writes nothing.

Other contacts named in the summary ("lunch with Grace and George") are offered as
participants; the time field takes ISO, ``-2d``, ``yesterday 15:00``.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, SelectionList

from rolodex.tui.screens.dialog import (
    Dialog,
    error_line,
    field_row,
    hint,
    kind_when_row,
)
from rolodex.tui.workers import in_thread

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


class Participants(SelectionList[int]):
    """The people named in the summary: ``space`` ticks, ``enter`` saves (as everywhere in
    the dialog) instead of toggling."""

    BINDINGS = [Binding("enter", "screen.save", "Save", show=False, id="log-participants-save")]


class LogModal(Dialog):
    """Dismisses with the new interaction's id, or None when cancelled."""

    AUTO_FOCUS = "#summary"
    ERROR_ID = "log-error"
    SAVE_GROUP = "log-save"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="log-cancel")]

    def __init__(self, contact_id: int, contact_name: str, kind: str = "call") -> None:
        super().__init__()
        self.contact_id = contact_id
        self.contact_name = contact_name
        self.kind = kind

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog log-modal"):
            yield Label(f"Log with {self.contact_name}", id="log-title", classes="dialog-title")
            yield from kind_when_row(self.kind, "now")
            yield from field_row("Summary", Input(id="summary",
                                                  placeholder="what happened, in one line"))
            yield Label("Also there (space to tick):", id="also-label")
            yield Participants(id="participants")
            yield error_line(self.ERROR_ID)
            yield hint("enter save · escape cancel · tab next field")

    def mounted(self) -> None:
        self.query_one("#also-label").display = False
        self.query_one("#participants").display = False

    # -- participants named in the summary --------------------------------------------------
    @on(Input.Changed, "#summary")
    def _summary_changed(self, event: Input.Changed) -> None:
        app = self.app
        index = app.index
        if index is None:
            return
        text = event.value
        me = self.contact_id

        def job():
            with app.index_lock:
                return named_contacts(index, text, exclude=me)

        in_thread(self, job, group="log-participants", done=self._offer)

    def _offer(self, found: list[tuple[int, str]]) -> None:
        sl = self.query_one("#participants", SelectionList)
        ticked = set(sl.selected)
        keep = [(label, cid) for cid, label in found]
        known = {cid for _l, cid in keep}
        for i in range(sl.option_count):
            option = sl.get_option_at_index(i)
            if option.value in ticked and option.value not in known:
                keep.append((str(option.prompt), option.value))
        sl.clear_options()
        sl.add_options([(label, cid, cid in ticked) for label, cid in keep])
        show = bool(keep)
        if show:
            sl.highlighted = 0  # tab, space ticks the first one named
        sl.display = show
        self.query_one("#also-label").display = show

    # -- saving -----------------------------------------------------------------------------
    def action_save(self) -> None:
        at = self.parsed_when()
        if at is None or self.saving:
            return
        kind = str(self.query_one("#kind").value)
        summary = self.query_one("#summary", Input).value
        others = list(self.query_one("#participants", SelectionList).selected)
        ids = [self.contact_id, *others]
        store = self.app.store

        def job():
            from rolodex.core.interactions import log_interaction

            return log_interaction(store, kind, ids, summary, at=at)

        self.save_in_thread(job)


def named_contacts(index, text: str, *, exclude: int | None = None,
                   per_name: int = 3) -> list[tuple[int, str]]:
    """(id, label) of contacts named in ``text``: runs of capitalised words ("Grace Hopper"
    as one name, "Grace and George" as two), matched on whole name words, the recently
    touched first, at most ``per_name`` for each name written."""
    out: dict[int, str] = {}
    for run in capitalised_runs(text):
        found = _matches(index, " ".join(run[:3]), exclude) if len(run) > 1 else []
        groups = [found] if found else [_matches(index, w, exclude) for w in run]
        for rows in groups:
            for row in [r for r in rows if r.id not in out][:per_name]:
                out[row.id] = f"{row.name} ({row.company})" if row.company else row.name
    return list(out.items())


def capitalised_runs(text: str) -> list[list[str]]:
    runs: list[list[str]] = []
    cur: list[str] = []
    end = 0
    for m in _WORD.finditer(text):
        word, gap = m.group().strip("'’-"), text[end:m.start()]
        end = m.end()
        if len(word) >= 2 and word[0].isupper():
            if cur and gap.strip():
                runs.append(cur)
                cur = []
            cur.append(word)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return runs


def _matches(index, name: str, exclude: int | None) -> list:
    from rolodex.core.text import fold

    wanted = fold(name).split()
    rows = []
    for cid in index.filter(name, limit=80):
        if cid == exclude:
            continue
        row = index.row(cid)
        parts = fold(row.name).split()
        if all(w in parts for w in wanted):
            rows.append(row)
    rows.sort(key=lambda r: (r.last_touch_at is None,
                             -(r.last_touch_at.timestamp() if r.last_touch_at else 0.0),
                             r.name))
    return rows
