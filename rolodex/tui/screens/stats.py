"""``s``: the reach figures of ``rolodex stats`` as a screen: counts, 30-day and 365-day
reach bars, one-to-one work by kind, degree 1/2/3, touches per week over the last year, and
the "losing touch" list (overdue, most overdue first; ``enter`` jumps to the contact).

The figures are computed in a thread worker (rolodex.core.stats) while a loading indicator
shows. The app provides ``store`` and ``clock``; the styling is in ``rolodex.tcss``.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Label, OptionList, ProgressBar, Sparkline, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from rolodex.core.stats import closest_line
from rolodex.core.text import count_of
from rolodex.tui import keys
from rolodex.tui.messages import DataChanged, JumpToContact
from rolodex.tui.widgets.footer import Footer


class StatsScreen(Screen[int | None]):
    """Reach figures. Dismisses with the chosen contact id (or None)."""

    BINDINGS = keys.STATS

    def __init__(self) -> None:
        super().__init__()
        self.stats = None

    def compose(self) -> ComposeResult:
        yield Static("Reach", id="stats-title")
        with Horizontal(id="stats-body"):
            with VerticalScroll(id="stats-figures"):  # tab to it, then scroll (80x24)
                yield Static("", id="stats-counts")
                yield Label("", id="reach-30d-label", classes="stats-head")
                yield ProgressBar(id="reach-30d", show_eta=False)
                yield Label("", id="reach-365d-label", classes="stats-head")
                yield ProgressBar(id="reach-365d", show_eta=False)
                yield Label("One-to-one in the last 30 days", classes="stats-head")
                yield Static("", id="one-to-one")
                yield Label("Network reach", classes="stats-head")
                yield Static("", id="degrees")
                yield Label("One-to-one touches per week, last 52 weeks", classes="stats-head")
                yield Sparkline([], id="touches", summary_function=max)
                yield Static("", id="touches-note")
            with Vertical(id="stats-losing"):
                yield Label("Losing touch (overdue, most overdue first)", classes="stats-head")
                yield OptionList(id="losing")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_refresh_stats()

    # -- computing --------------------------------------------------------------------------
    def action_refresh_stats(self) -> None:
        self.query_one("#stats-body").loading = True
        self.compute()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def compute(self):
        from rolodex.core.stats import compute_stats

        now = self.app.clock().replace(microsecond=0)
        st = compute_stats(self.app.store, now=now, losing_limit=50)
        self.app.call_from_thread(self.show, st)
        return st

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "stats" and event.state is WorkerState.ERROR:
            self.query_one("#stats-body").loading = False
            err = event.worker.error
            self.query_one("#stats-counts", Static).update(
                f"Could not compute the figures: {err}")
            self.query_one("#stats-counts").add_class("stats-error")

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        event.stop()
        self.action_refresh_stats()

    # -- showing ----------------------------------------------------------------------------
    def show(self, st) -> None:
        self.stats = st
        since = f" since {st.since}" if st.since else ""
        self.query_one("#stats-title", Static).update(
            f"Reach · {count_of(st.contacts, 'contact')}{since} · as of {st.now:%Y-%m-%d %H:%M}")
        share = f" ({100 * st.confirmed / st.contacts:.1f}%)" if st.contacts else ""
        self.query_one("#stats-counts", Static).update(
            f"[b]{st.contacts:,}[/b] {'contact' if st.contacts == 1 else 'contacts'} · "
            f"[b]{st.overdue:,}[/b] overdue\n"
            f"[b]{st.confirmed:,}[/b] confirmed{share}: with email, phone and address")
        total = max(st.confirmed, 1)
        for key, reached, pct, what in (
                ("30d", st.reached_30d, st.reached_30d_pct, "the last 30 days"),
                ("365d", st.reached_365d, st.reached_365d_pct, "the last year")):
            of = (f" of {st.confirmed:,} confirmed ({pct:.1f}%)" if st.confirmed
                  else " (no contact is confirmed yet: email, phone and address)")
            self.query_one(f"#reach-{key}-label", Label).update(
                f"Reached in {what}: {reached:,}{of}")
            self.query_one(f"#reach-{key}", ProgressBar).update(total=total, progress=reached)
        o = st.one_to_one_30d
        many = st.one_to_many_30d
        self.query_one("#one-to-one", Static).update(
            f"calls [b]{o['calls']}[/b]   emails [b]{o['emails']}[/b]   "
            f"other [b]{o['other']}[/b]   with [b]{o['people']:,}[/b] "
            f"{'person' if o['people'] == 1 else 'people'}\n"
            f"[dim]plus {many.get('sends', 0)} one-to-many sends reaching "
            f"{many.get('people', 0):,} confirmed contacts[/dim]")
        r = st.reach
        self.query_one("#degrees", Static).update(
            f"1st degree [b]{r['degree1']:,}[/b]   2nd [b]{r['degree2']:,}[/b]   "
            f"3rd [b]{r['degree3']:,}[/b]   ({st.knows_edges:,} knows-edges)\n"
            f"{closest_line(st)}")
        self.query_one("#touches", Sparkline).data = list(st.touches_per_week)
        weeks = st.touches_per_week
        self.query_one("#touches-note", Static).update(
            f"[dim]{sum(weeks):,} touches in 52 weeks; busiest week {max(weeks, default=0)}, "
            f"this week {weeks[-1] if weeks else 0}[/dim]")
        losing = self.query_one("#losing", OptionList)
        losing.clear_options()
        if st.losing_touch:
            losing.add_options([
                Option(escape(row["name"])
                       + (f" · {escape(row['company'])}" if row["company"] else "")
                       + f"\n  [dim]{_overdue_words(row['days_overdue'])} · every "
                       f"{row['cadence_days']} days[/dim]", id=str(row["id"]))
                for row in st.losing_touch])
            losing.highlighted = 0
        else:
            losing.add_option(Option("Nobody is overdue.", disabled=True))
        self.query_one("#stats-body").loading = False
        losing.focus()

    # -- leaving ----------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#losing")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        cid = int(event.option.id)
        stack = self.app.screen_stack
        opener = stack[-2] if len(stack) > 1 and stack[-1] is self else None
        if opener is not None:
            opener.post_message(JumpToContact(cid))
        self.dismiss(cid)

    def action_close(self) -> None:
        self.dismiss(None)


def _overdue_words(days: int) -> str:
    if days <= 0:
        return "due today"
    return "1 day overdue" if days == 1 else f"{days} days overdue"
