"""Quick logging: ``c`` ``e`` ``m`` ``o`` open this with the contact, the kind and "now"
filled in and the cursor in the summary. ``enter`` saves, ``escape`` writes nothing.

Other contacts named in the summary ("lunch with Grace and George") are offered as
participants; the time field takes ISO, ``-2d``, ``yesterday 15:00``. A summary that ends
in "follow up: friday" (``in 2w``, ``2027-01-10``) sets a follow-up and is stored without it.
On a team rolodex a "Share with the team" box (``space`` ticks it, ``enter`` saves) makes
the entry readable by colleagues, as ``log --share`` does; there is none on SQLite.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.strip import Strip
from textual.widgets import Input, Label, OptionList, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

from rolodex.tui import keys
from rolodex.tui.dialogs.dialog import (
    Dialog,
    error_line,
    field_row,
    hint,
    kind_when_row,
)
from rolodex.tui.dialogs.typeahead import DialogBody
from rolodex.tui.widgets.fields import Field
from rolodex.tui.widgets.tick import Tick
from rolodex.tui.workers import in_thread

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


class Participants(SelectionList[int]):
    """The people named in the summary, ticked unless the name was ambiguous or the person
    unticked them: ``space`` toggles, ``enter`` saves (as everywhere in the dialog) instead
    of toggling. A row reads ``[x] Name`` or ``[ ] Name``, so the state never rests on
    colour alone."""

    BINDINGS = keys.PARTICIPANTS

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)  # the prompt, without the coloured button
        _x, scroll_y = self.scroll_offset
        try:
            option = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return line
        mark = "[x] " if option.value in self.selected else "[ ] "
        style = next(iter(line)).style if line.cell_length else self.rich_style
        return Strip([Segment(mark, style=style), *line])


class LogModal(Dialog):
    """Dismisses with the new interaction's id, or None when cancelled."""

    AUTO_FOCUS = "#summary"
    ERROR_ID = "log-error"
    SAVE_GROUP = "log-save"

    BINDINGS = keys.LOG

    def __init__(self, contact_id: int, contact_name: str, kind: str = "call") -> None:
        super().__init__()
        self.contact_id = contact_id
        self.contact_name = contact_name
        self.kind = kind
        self.choices: dict[int, bool] = {}  # ticked or unticked by the person, by id

    def compose(self) -> ComposeResult:
        with DialogBody(id="dialog", classes="dialog log-modal"):
            yield Label(f"Log with {self.contact_name}", id="log-title", classes="dialog-title")
            yield from kind_when_row(self.kind, "now")
            # back in a filled summary, typing adds to it ("when" is replaced: "now" is
            # a default, not something typed)
            yield from field_row("Summary", Field(id="summary", select_on_focus=False,
                                                  placeholder="what happened, in one line"))
            yield Label("", id="follow-up-hint")
            yield Label("Also there (the ticked are saved with it; space toggles):",
                        id="also-label")
            yield Participants(id="participants")
            if self.app.store.team_login() is not None:  # a team rolodex (core/team)
                yield Tick("Share with the team", id="share")
            yield error_line(self.ERROR_ID)
            yield hint("enter save · escape cancel · tab next field · “… follow up: fri”")

    def mounted(self) -> None:
        self.query_one("#follow-up-hint").display = False
        self.query_one("#also-label").display = False
        self.query_one("#participants").display = False

    # -- participants named in the summary --------------------------------------------------
    def follow_up(self, summary: str):
        """(the summary to store, the follow-up day or None): a summary ending in
        "follow up: friday" sets one (core.when.follow_up_in)."""
        from rolodex.core.when import follow_up_in

        return follow_up_in(summary, self.app.clock().date())

    @on(Input.Changed, "#summary")
    def _summary_changed(self, event: Input.Changed) -> None:
        _rest, due = self.follow_up(event.value)
        hint_line = self.query_one("#follow-up-hint", Label)
        hint_line.display = due is not None
        if due is not None:
            hint_line.update(f"Follow up by {due:%A %d %B %Y}")
        app = self.app
        index = app.index
        if index is None:
            return
        text = event.value
        me = self.contact_id

        def job():
            with app.index_lock:
                return named_candidates(index, text, exclude=me)

        in_thread(self, job, group="log-participants", done=self._offer)

    @on(SelectionList.SelectionToggled, "#participants")
    def _toggled(self, event: SelectionList.SelectionToggled) -> None:
        value = event.selection.value
        self.choices[value] = value in event.selection_list.selected

    def _offer(self, found: list[tuple[int, str, bool]]) -> None:
        """Offer the people now named: ticked when the name meant one person (unless the
        person unticked them); the ones ticked by hand stay when no longer named."""
        sl = self.query_one("#participants", SelectionList)
        offer = [(label, cid, self.choices.get(cid, sure)) for cid, label, sure in found]
        named = {cid for _l, cid, _t in offer}
        for i in range(sl.option_count):
            option = sl.get_option_at_index(i)
            if self.choices.get(option.value) and option.value not in named:
                offer.append((str(option.prompt), option.value, True))
        highlighted = sl.highlighted
        sl.clear_options()
        sl.add_options(offer)
        show = bool(offer)
        if show:
            sl.highlighted = min(highlighted or 0, len(offer) - 1)
        sl.display = show
        self.query_one("#also-label").display = show

    # -- saving -----------------------------------------------------------------------------
    def action_save(self) -> None:
        at = self.parsed_when()
        if at is None or self.saving:
            return
        kind = str(self.query_one("#kind").value)
        summary, due = self.follow_up(self.query_one("#summary", Input).value)
        others = list(self.query_one("#participants", SelectionList).selected)
        ids = [self.contact_id, *others]
        shared = any(box.value for box in self.query("#share").results(Tick))
        store = self.app.store

        def job():
            from rolodex.core.records.interactions import log_interaction

            return log_interaction(store, kind, ids, summary, at=at, follow_up=due,
                                   shared=shared)

        self.save_in_thread(job)


def named_contacts(index, text: str, *, exclude: int | None = None,
                   per_name: int = 3) -> list[tuple[int, str]]:
    """(id, label) of contacts named in ``text`` (see ``named_candidates``)."""
    return [(cid, label) for cid, label, _sure in
            named_candidates(index, text, exclude=exclude, per_name=per_name)]


def named_candidates(index, text: str, *, exclude: int | None = None,
                     per_name: int = 3) -> list[tuple[int, str, bool]]:
    """(id, label, sure) of contacts named in ``text``: runs of capitalised words ("Grace
    Hopper" as one name, "Grace and George" as two), matched on whole name words, the
    recently touched first, at most ``per_name`` for each name written; ``sure`` when that
    name matched this one person only."""
    out: dict[int, tuple[str, bool]] = {}
    for run in capitalised_runs(text):
        found = _matches(index, " ".join(run[:3]), exclude) if len(run) > 1 else []
        groups = [found] if found else [_matches(index, w, exclude) for w in run]
        for rows in groups:
            fresh = [r for r in rows if r.id not in out][:per_name]
            for row in fresh:
                label = f"{row.name} ({row.company})" if row.company else row.name
                out[row.id] = (label, len(rows) == 1)
    return [(cid, label, sure) for cid, (label, sure) in out.items()]


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
