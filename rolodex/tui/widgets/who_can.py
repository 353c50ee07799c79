"""The "Who can" pane: type a skill, a title, a company; the warmest introductions appear
as you type (debounced, searched in a thread worker).

Keys in the results list: ``enter`` the whole path with each tie and its reason, ``v``
per-target / per-introducer view, ``a`` ask the introducer for the introduction,
``g`` go to the introducer, ``t`` go to the target (JumpToContact), ``escape`` back to the
query. In the query: ``enter`` or ``down`` moves to the results.

The network is ``app.network`` (built by the app in a worker at start-up). While it is
still None the pane says so and its worker waits for it; an app that does not build one
(``app.build_network`` false or absent) gets one built here, once.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from rolodex.tui.messages import JumpToContact
from rolodex.tui.widgets.fields import Field

_BUILD_LOCK = threading.Lock()


def result_line(r, *, with_introducer: bool) -> Text:
    t = r.target
    where = ", ".join(x for x in (t.get("company"), t.get("title")) if x)
    line = Text.assemble((f"{r.score:.2f} ", "bold"), (t["name"], "bold"),
                         (f" ({where})" if where else "", "dim"),
                         f" · {r.matched} {r.match:.0%}")
    via = [h.name for h in r.path[1:-1]]
    if with_introducer:
        if r.introducer is None:
            line.append(f" · you know them ({r.path[0].tie:.2f})", "green")
        else:
            line.append(f" · ask {r.introducer.name} ({r.introducer.tie:.2f})", "cyan")
    if via:
        line.append(f" · via {' and '.join(via)}", "dim")
    return line


def group_header(group) -> Text:
    from rolodex.core.network.introducer import tie_summary

    if group.introducer is None:
        return Text("You know directly", style="bold green")
    return Text.assemble(("Ask ", "bold"), (group.introducer.name, "bold cyan"),
                         (f" ({tie_summary(group.introducer)})", "dim"))


class WhoCanPane(Widget):
    DEFAULT_CSS = """
    WhoCanPane { layout: vertical; }
    WhoCanPane #who-bar { height: 1; }
    WhoCanPane #who-label { width: auto; padding: 0 1 0 0; color: $accent; text-style: bold; }
    WhoCanPane #who-query { width: 1fr; }
    WhoCanPane #who-status { width: auto; color: $text-muted; padding: 0 0 0 1; }
    WhoCanPane #who-results { height: 1fr; border: none; padding: 0; }
    """
    BINDINGS = [
        Binding("v", "toggle_view", "By target/introducer", id="who-toggle-view"),
        Binding("a", "ask", "Ask for intro", id="who-ask"),
        Binding("g", "jump_introducer", "Go to introducer", id="who-goto-introducer"),
        Binding("t", "jump_target", "Go to target", id="who-goto-target"),
        Binding("escape", "back_to_query", "Query", show=False, id="who-back"),
    ]
    DEBOUNCE = 0.15

    @dataclass
    class Searched(Message):
        """Results for ``query`` are on screen."""

        pane: WhoCanPane
        query: str
        results: list

    by_introducer: reactive[bool] = reactive(False)

    def __init__(self, *, limit: int = 20, hops: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.limit, self.hops = limit, hops
        self.results: list = []
        self.query_text = ""
        self._timer = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="who-bar"):
            yield Label("Who can:", id="who-label")
            # back in a filled query (i, or escape from the results), typing adds to it
            yield Field(id="who-query", compact=True, select_on_focus=False,
                        placeholder="a skill, title, company or place (e.g. kubernetes)")
            yield Static("", id="who-status")
        yield OptionList(id="who-results")

    def on_mount(self) -> None:
        self.border_title = "Who can"

    @property
    def options(self) -> OptionList:
        return self.query_one("#who-results", OptionList)

    # -- searching --------------------------------------------------------------------------
    @on(Input.Changed, "#who-query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        value = event.value
        if not value.strip():
            self.workers.cancel_group(self, "who")
            self._show("", [])
            return
        self._timer = self.set_timer(self.DEBOUNCE, lambda: self.search(value))

    @on(Input.Submitted, "#who-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._to_results()

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#who-query", Input).has_focus:
            event.stop()
            self._to_results()

    def _to_results(self) -> None:
        if self.options.option_count:
            self.options.focus()
            if self.options.highlighted is None:
                self.options.action_first()

    def search(self, query: str) -> None:
        """Run the search now (typing calls this after the debounce)."""
        self._status("searching…")
        self._search(query)

    @work(thread=True, exclusive=True, group="who", exit_on_error=False)
    def _search(self, query: str) -> None:
        from rolodex.core.network.introducer import who_can

        worker = get_current_worker()
        network = self._network(worker)
        if network is None or worker.is_cancelled:
            return
        results = who_can(self.app.store, network, query, limit=self.limit, hops=self.hops)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, results)

    def _network(self, worker):
        """The app's network; waits while the app builds it, or builds it if nobody will."""
        app = self.app
        if app.network is not None:
            return app.network
        if getattr(app, "build_network", False):
            app.call_from_thread(self._status, "building the network…")
            while app.network is None and not worker.is_cancelled:
                time.sleep(0.05)
            return app.network
        with _BUILD_LOCK:
            if app.network is None:
                from rolodex.core.network.graph import Network

                app.call_from_thread(self._status, "building the network…")
                network = Network.build(app.store)
                app.call_from_thread(setattr, app, "network", network)
                return network
        return app.network

    # -- showing ----------------------------------------------------------------------------
    def _status(self, text: str) -> None:
        self.query_one("#who-status", Static).update(text)

    def _show(self, query: str, results: list) -> None:
        self.query_text, self.results = query, results
        self._fill(keep=None)
        if not query.strip():
            self._status("")
        elif not results:
            self._status(f"no one within {self.hops} ties")
        else:
            view = "by introducer" if self.by_introducer else "by target"
            self._status(f"{len(results)} found · {view} · v switches")
        self.post_message(self.Searched(self, query, results))

    def _fill(self, keep) -> None:
        from rolodex.core.network.introducer import group_by_introducer

        options: list[Option] = []
        if self.by_introducer:
            index = {id(r): i for i, r in enumerate(self.results)}
            for group in group_by_introducer(self.results):
                options.append(Option(group_header(group), disabled=True))
                for r in group.results:
                    line = Text("  ") + result_line(r, with_introducer=False)
                    options.append(Option(line, id=str(index[id(r)])))
        else:
            options = [Option(result_line(r, with_introducer=True), id=str(i))
                       for i, r in enumerate(self.results)]
        ol = self.options
        ol.set_options(options)
        if keep is not None:
            ol.highlighted = ol.get_option_index(str(keep))
        elif self.results:
            ol.highlighted = 1 if self.by_introducer else 0

    def watch_by_introducer(self, _old: bool, _new: bool) -> None:
        if not self.is_mounted:
            return
        current = self._current_index()
        self._fill(keep=current)
        if self.results:
            view = "by introducer" if self.by_introducer else "by target"
            self._status(f"{len(self.results)} found · {view} · v switches")

    def _current_index(self) -> int | None:
        option = self.options.highlighted_option
        if option is None or option.id is None:
            return None
        return int(option.id)

    def current(self):
        """The highlighted result, or None."""
        i = self._current_index()
        return self.results[i] if i is not None and i < len(self.results) else None

    # -- actions ----------------------------------------------------------------------------
    def action_toggle_view(self) -> None:
        self.by_introducer = not self.by_introducer

    def action_back_to_query(self) -> None:
        """From the results: back to the query. From the query: leave the pane (to the
        contact list where there is one), so the screen's keys work again."""
        query = self.query_one("#who-query", Input)
        if not query.has_focus:
            query.focus()
            return
        found = self.screen.query("#contact-list")
        self.screen.set_focus(found.first() if found else None)

    @on(OptionList.OptionSelected, "#who-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        r = self.current()
        if r is None:
            return
        from rolodex.tui.screens.intro_path import IntroPathScreen

        self.app.push_screen(IntroPathScreen(r), lambda answer: self._path_closed(r, answer))

    def _path_closed(self, r, answer) -> None:
        if answer == "ask":
            self.ask(r)
        elif isinstance(answer, int):
            self.post_message(JumpToContact(answer))

    def action_ask(self) -> None:
        r = self.current()
        if r is not None:
            self.ask(r)

    def ask(self, r) -> None:
        """Record the ask (core/records/intros.py) in a worker and say what happened."""
        name = r.target["name"]
        if r.introducer is None:
            self.notify(f"You know {name} directly: no introduction needed")
            return
        self._ask(r.introducer.id, r.introducer.name, r.target["id"], name, r.matched)

    @work(thread=True, group="who-ask", exit_on_error=False)
    def _ask(self, by_id: int, by: str, target_id: int, name: str, what: str) -> None:
        from rolodex.core.errors import RolodexError
        from rolodex.core.records.intros import ask

        try:
            iid = ask(self.app.store, by_id, target_id, for_what=what)
        except RolodexError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(
            self.notify, f"Asked {by} to introduce {name} (intro #{iid})")

    def action_jump_introducer(self) -> None:
        r = self.current()
        if r is None:
            return
        if r.introducer is None:
            self.notify(f"No introducer: you know {r.target['name']} directly")
        self.post_message(JumpToContact(r.introducer.id if r.introducer else r.target["id"]))

    def action_jump_target(self) -> None:
        r = self.current()
        if r is not None:
            self.post_message(JumpToContact(r.target["id"]))
