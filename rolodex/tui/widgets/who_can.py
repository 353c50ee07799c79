"""The "Who can" pane: type a skill, a title, a company; the warmest introductions appear
as you type (debounced, searched in a thread worker).

Each result names every part of the query and how it matched ("Kubernetes (skill, exact)
· Berlin, Germany (lives there)"); people matching every part come first, and when no one
within reach does, the first line says so ("No one within 3 ties is a CFO in London;
closest:"), the partial matches labelled with what they lack.

Keys in the results list: ``enter`` the whole path with each tie and its reason, ``v``
per-target / per-introducer view, ``a`` ask the introducer for the introduction,
``g`` go to the introducer, ``t`` go to the target (JumpToContact), ``pagedown`` at the
last result loads the next ``LIMIT`` (the answer is the one `rolodex who` prints, with the
same default size), ``escape`` back to the query. In the query: ``enter`` or ``down``
moves to the results.

The network is ``app.network`` (built by the app in a worker at start-up). While it is
still None, each query is answered from the part of the graph it needs (``build_around``,
as ``rolodex who`` does), so the pane answers at once after start-up; an app that does not
build one (``app.build_network`` false or absent) gets one built here, once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from rolodex.core.network.match import LIMIT
from rolodex.tui import keys
from rolodex.tui.messages import JumpToContact
from rolodex.tui.widgets.fields import Field

_BUILD_LOCK = threading.Lock()


def result_line(r, *, with_introducer: bool) -> Text:
    t = r.target
    where = ", ".join(x for x in (t.get("company"), t.get("title")) if x)
    line = Text.assemble((f"{r.score:.2f} ", "bold"), (t["name"], "bold"),
                         (f" ({where})" if where else "", "dim"),
                         " · ", (r.reason, "" if r.full else "yellow"))
    via = [h.name for h in r.path[1:-1]]
    if with_introducer:
        if r.colleague is not None:
            line.append(f" · ask your colleague {r.colleague.name} ({r.colleague.band} tie "
                        f"to {r.path[0].name})", "magenta")
        elif r.introducer is None:
            line.append(f" · you know them ({r.path[0].tie:.2f})", "green")
        else:
            line.append(f" · ask {r.introducer.name} ({r.introducer.tie:.2f})", "cyan")
    if via:
        line.append(f" · via {' and '.join(via)}", "dim")
    return line


def group_header(group) -> Text:
    from rolodex.core.network.introducer import colleague_summary, tie_summary

    if group.colleague is not None:
        return Text.assemble(("Ask ", "bold"), (colleague_summary(
            group.colleague, group.results[0].path[0].name), "bold magenta"))
    if group.introducer is None:
        return Text("You know directly", style="bold green")
    return Text.assemble(("Ask ", "bold"), (group.introducer.name, "bold cyan"),
                         (f" ({tie_summary(group.introducer)})", "dim"))


def lacking_header(answer) -> Text:
    """'No one within 3 ties is a CFO in London; closest:'."""
    said = answer.lacking
    return Text(f"{said[:1].upper()}{said[1:]}; closest:", style="bold yellow")


class Results(OptionList):
    """The results list: ``pagedown`` on the last result asks for more."""

    class More(Message):
        pass

    def action_page_down(self) -> None:
        at_end = self.highlighted is not None and self.highlighted >= self.option_count - 1
        super().action_page_down()
        if at_end:
            self.post_message(self.More())


class WhoCanPane(Widget):
    DEFAULT_CSS = """
    WhoCanPane { layout: vertical; }
    WhoCanPane #who-bar { height: 1; }
    WhoCanPane #who-label { width: auto; padding: 0 1 0 0; color: $accent; text-style: bold; }
    WhoCanPane #who-query { width: 1fr; }
    WhoCanPane #who-status { width: auto; color: $text-muted; padding: 0 0 0 1; }
    WhoCanPane #who-results { height: 1fr; border: none; padding: 0; }
    """
    BINDINGS = keys.WHO_CAN
    DEBOUNCE = 0.15

    @dataclass
    class Searched(Message):
        """Results for ``query`` are on screen."""

        pane: WhoCanPane
        query: str
        results: list

    by_introducer: reactive[bool] = reactive(False)

    def __init__(self, *, limit: int = LIMIT, hops: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page, self.hops = limit, hops
        self.limit = limit  # grows by a page with each pagedown at the end
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
        yield Results(id="who-results")

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
        self.limit = self.page
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

    @on(Results.More)
    def _more(self, event: Results.More) -> None:
        event.stop()
        if self.query_text.strip() and len(self.results) >= self.limit:
            self.limit += self.page
            self._status("loading more…")
            self._search(self.query_text, self._current_index())

    @work(thread=True, exclusive=True, group="who", exit_on_error=False)
    def _search(self, query: str, keep: int | None = None) -> None:
        from rolodex.core.network.introducer import who_can

        worker = get_current_worker()
        with self.app.priority.asking():  # a network still loading waits
            network = self._network(worker, query)
            if network is None or worker.is_cancelled:
                return
            results = who_can(self.app.store, network, query, limit=self.limit,
                              hops=self.hops)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, results, keep)

    def _network(self, worker, query: str):
        """The app's network; while the app is still building it, the part of it this
        query needs (``build_around``, what ``rolodex who`` answers from: the same
        answers, in a fraction of the time); built here, once, if nobody will."""
        app = self.app
        if app.network is not None:
            return app.network
        if getattr(app, "build_network", False):
            from rolodex.core.network.local import build_around

            return build_around(app.store, query, self.hops, limit=self.limit)
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

    def _show(self, query: str, results: list, keep: int | None = None) -> None:
        self.query_text, self.results = query, results
        self._fill(keep=keep)
        if not query.strip():
            self._status("")
        elif not results:
            self._status(f"no one within {self.hops} ties")
        else:
            self._found_status()
        self.post_message(self.Searched(self, query, results))

    def _found_status(self) -> None:
        results = self.results
        view = "by introducer" if self.by_introducer else "by target"
        full = getattr(results, "full", len(results))
        every = f" · {full} match every part" if len(getattr(results, "parts", ())) > 1 else ""
        more = " · pgdn more" if len(results) >= self.limit else ""
        self._status(f"{len(results)} found{every} · {view} · v switches{more}")

    def _fill(self, keep) -> None:
        from rolodex.core.network.introducer import group_by_introducer

        options: list[Option] = []
        if getattr(self.results, "lacking", ""):
            options.append(Option(lacking_header(self.results), disabled=True))
        if self.by_introducer:
            index = {id(r): i for i, r in enumerate(self.results)}
            for group in group_by_introducer(self.results):
                options.append(Option(group_header(group), disabled=True))
                for r in group.results:
                    line = Text("  ") + result_line(r, with_introducer=False)
                    options.append(Option(line, id=str(index[id(r)])))
        else:
            for i, r in enumerate(self.results):
                if i and not r.full and self.results[i - 1].full:
                    options.append(Option(Text("Matching only some parts:", style="dim"),
                                          disabled=True))
                options.append(Option(result_line(r, with_introducer=True), id=str(i)))
        ol = self.options
        ol.set_options(options)
        if keep is not None and keep < len(self.results):
            ol.highlighted = ol.get_option_index(str(keep))
        elif self.results:
            ol.highlighted = next(i for i, o in enumerate(options) if not o.disabled)

    def watch_by_introducer(self, _old: bool, _new: bool) -> None:
        if not self.is_mounted:
            return
        current = self._current_index()
        self._fill(keep=current)
        if self.results:
            self._found_status()

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
        if r.colleague is not None:
            from rolodex.core.network.introducer import colleague_summary

            self.notify(f"Ask {colleague_summary(r.colleague, r.path[0].name)} yourself: "
                        "their log is theirs, so nothing is recorded here")
            return
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
        if r.colleague is not None:  # the contact of the colleague's tie
            self.post_message(JumpToContact(r.path[0].id))
            return
        if r.introducer is None:
            self.notify(f"No introducer: you know {r.target['name']} directly")
        self.post_message(JumpToContact(r.introducer.id if r.introducer else r.target["id"]))

    def action_jump_target(self) -> None:
        r = self.current()
        if r is not None:
            self.post_message(JumpToContact(r.target["id"]))
