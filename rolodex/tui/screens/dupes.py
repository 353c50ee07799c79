""""Possible duplicates…": the pairs an import found that look alike with no identity in
common, the two cards side by side with the evidence for and against; ``m`` merges them
(everything of both, as ``rolodex merge``), ``k`` keeps both (never suggested again),
``n`` goes to the next pair, ``escape`` back. Reads and writes run in thread workers.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static

from rolodex.tui import keys
from rolodex.tui.widgets.footer import Footer
from rolodex.tui.workers import in_thread


def card_text(c: dict) -> str:
    lines = [f"[b]{escape(c['name'])}[/b]  #{c['id']}"]
    role = " · ".join(x for x in (c["title"], c["company"]) if x)
    if role:
        lines.append(escape(role))
    for label, key in (("email", "emails"), ("phone", "phones")):
        for v in c[key]:
            lines.append(f"{label:<9}{escape(v)}")
    for label in ("location", "url", "birthday"):
        if c[label]:
            lines.append(f"{label:<9}{escape(c[label])}")
    return "\n".join(lines)


class DupesScreen(Screen[None]):
    BINDINGS = keys.DUPES

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[dict] = []
        self.at = 0
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static("Possible duplicates", id="dupes-title")
        with Horizontal(id="dupes-cards"):
            yield Static("", id="dupes-a", classes="dupes-card")
            yield Static("", id="dupes-b", classes="dupes-card")
        yield Static("", id="dupes-evidence")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.busy = True
        self.query_one("#dupes-cards").loading = True

        def job():
            from rolodex.core.records.dupes import open_pairs

            return open_pairs(self.app.store)

        in_thread(self, job, group="dupes", done=self._loaded)

    def _loaded(self, pairs: list[dict]) -> None:
        self.busy = False
        self.query_one("#dupes-cards").loading = False
        self.pairs = pairs
        self.at = min(self.at, max(len(pairs) - 1, 0))
        self.show()

    @property
    def pair(self) -> dict | None:
        return self.pairs[self.at] if self.pairs else None

    def show(self) -> None:
        p = self.pair
        title = self.query_one("#dupes-title", Static)
        if p is None:
            title.update("Possible duplicates · none to review")
            self.query_one("#dupes-a", Static).update("Nothing to review.")
            self.query_one("#dupes-b", Static).update("")
            self.query_one("#dupes-evidence", Static).update("")
            return
        title.update(f"Possible duplicates · {self.at + 1} of {len(self.pairs)}")
        self.query_one("#dupes-a", Static).update(card_text(p["a"]))
        self.query_one("#dupes-b", Static).update(card_text(p["b"]))
        pro = ", ".join(p["for"]) or "nothing"
        con = ", ".join(p["against"]) or "nothing"
        self.query_one("#dupes-evidence", Static).update(
            f"[b]for[/b]      {escape(pro)}\n[b]against[/b]  {escape(con)}\n"
            "[dim]m merge (the left card keeps everything of both) · k keep both · "
            "n next[/dim]")

    def action_next(self) -> None:
        if self.pairs:
            self.at = (self.at + 1) % len(self.pairs)
            self.show()

    def _decide(self, merge: bool) -> None:
        p = self.pair
        if p is None or self.busy:
            return
        self.busy = True
        a, b = p["a"]["id"], p["b"]["id"]
        store = self.app.store

        app = self.app

        def job():
            from rolodex.core.records.dupes import keep_both, merge_pair
            from rolodex.tui.undo import undoable

            if merge:  # undoable (u, ctrl+z) like every merge, archive, edit and delete
                undoable(app, f"merge of {p['b']['name']} into {p['a']['name']}",
                         lambda: merge_pair(store, a, b), contacts=[a, b])
            else:
                keep_both(store, a, b)

        def done(_r) -> None:
            self.notify(f"Merged #{b} into #{a}" if merge else f"Kept #{a} and #{b} apart")
            self.reload()

        in_thread(self, job, group="dupes-decide", done=done)

    def action_merge(self) -> None:
        self._decide(True)

    def action_keep(self) -> None:
        self._decide(False)

    def action_close(self) -> None:
        self.dismiss(None)
