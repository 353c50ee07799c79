"""``l``: link the selected contact to another one they know (fuzzy pick, 1-5, how)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from rolodex.tui import keys
from rolodex.tui.dialogs.dialog import Dialog, error_line, field_row, hint
from rolodex.tui.dialogs.typeahead import DialogBody
from rolodex.tui.widgets.fields import Field
from rolodex.tui.workers import in_thread

STRENGTH_CHOICES = [("1 · barely", 1), ("2 · acquainted", 2), ("3 · know each other", 3),
                    ("4 · work closely", 4), ("5 · very close", 5)]


class LinkModal(Dialog):
    """Dismisses with the other contact's id once linked, or None."""

    AUTO_FOCUS = "#who"
    ERROR_ID = "link-error"
    SAVE_GROUP = "link-save"

    BINDINGS = keys.LINK

    def __init__(self, contact_id: int, contact_name: str) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.contact_name = contact_name

    def compose(self) -> ComposeResult:
        with DialogBody(id="dialog", classes="dialog link-modal"):
            yield Label(f"Link {self.contact_name} to…", classes="dialog-title")
            yield Field(id="who", placeholder="type a name (fuzzy), ↓ to pick")
            matches = OptionList(id="matches")
            matches.display = False
            matches.can_focus = False  # ↑↓ in the name field pick; tab goes to Strength
            yield matches
            yield from field_row("Strength", Select(STRENGTH_CHOICES, value=3,
                                                    allow_blank=False, id="strength"))
            yield from field_row("How", Field(id="how", placeholder="how they know each other"))
            yield error_line(self.ERROR_ID)
            yield hint("enter save · escape cancel")

    @on(Input.Changed, "#who")
    def _who_changed(self, event: Input.Changed) -> None:
        app = self.app
        index = app.index
        query = event.value
        if index is None:
            return

        def job():
            if not query.strip():
                return []
            with app.index_lock:
                ids = [c for c in index.filter(query, limit=9) if c != self.contact_id][:8]
                return [(c, index.row(c)) for c in ids]

        in_thread(self, job, group="link-matches", done=self._show_matches)

    def _show_matches(self, rows) -> None:
        ol = self.query_one("#matches", OptionList)
        ol.clear_options()
        ol.add_options([Option(f"{r.name}  {r.company}".rstrip(), id=str(cid))
                        for cid, r in rows])
        if rows:
            ol.highlighted = 0
        ol.display = bool(rows)  # no empty box before the first match

    def action_match(self, step: int) -> None:
        ol = self.query_one("#matches", OptionList)
        if ol.option_count:
            now = ol.highlighted if ol.highlighted is not None else -step
            ol.highlighted = max(0, min(ol.option_count - 1, now + step))

    @on(OptionList.OptionSelected, "#matches")
    def _picked(self) -> None:
        self.query_one("#how", Input).focus()

    def other_id(self) -> int | None:
        ol = self.query_one("#matches", OptionList)
        if ol.highlighted is None or not ol.option_count:
            return None
        return int(ol.get_option_at_index(ol.highlighted).id)

    def action_save(self) -> None:
        other = self.other_id()
        if other is None:
            self.show_error("Pick who they know first")
            return
        strength = int(self.query_one("#strength", Select).value)
        how = self.query_one("#how", Input).value
        store, me = self.app.store, self.contact_id

        def job():
            from rolodex.core.records.links import link

            link(store, me, other, strength, how)
            return other

        self.save_in_thread(job)
