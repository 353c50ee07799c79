"""The whole path to one "who can" result: me, each person on the way, every tie with its
strength and its reason. Dismisses with "ask", a contact id to jump to, or None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from rolodex.tui import keys


def path_text(result) -> Text:
    """you / │ tie: reason / ▼ / Alice Wong (introducer) / ... / Raj Patel (target)."""
    out = Text("you\n", style="bold")
    for i, hop in enumerate(result.path):
        reason = hop.why.split(": ", 1)[-1]
        out.append("  │ ", style="dim")
        out.append(f"{hop.tie:.2f}", style="bold yellow")
        out.append(f"  {reason}\n")
        out.append("  ▼\n", style="dim")
        last = i == len(result.path) - 1
        out.append(hop.name, style="bold cyan" if not last else "bold green")
        if last:
            t = result.target
            where = ", ".join(x for x in (t.get("title"), t.get("company")) if x)
            out.append(f" ({where})" if where else "", style="dim")
            out.append("  target")
        elif i == 0:
            out.append("  introducer", style="dim")
        out.append("\n")
    return out


class IntroPathScreen(ModalScreen):
    BINDINGS = keys.PATH

    def __init__(self, result) -> None:
        super().__init__()
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        with Vertical(id="dialog", classes="dialog"):
            yield Label(f"{r.target['name']} · {r.reason} · score {r.score:.2f}",
                        classes="dialog-title")
            yield Static(path_text(r), id="intro-path")
            product = " × ".join(f"{h.tie:.2f}" for h in r.path)
            yield Static(Text(f"score = {product} × match {r.match:.2f} = {r.score:.2f}",
                              style="dim"), id="intro-score")
            hint = "a ask for the introduction · " if r.introducer else ""
            yield Label(f"{hint}g introducer · t target · escape close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)

    def action_choose(self, what: str) -> None:
        r = self.result
        if what == "ask":
            self.dismiss("ask" if r.introducer else None)
        elif what == "introducer":
            self.dismiss(r.introducer.id if r.introducer else r.target["id"])
        else:
            self.dismiss(r.target["id"])
