"""``T`` (and the start screen once the rolodex has history): Today, the lines of
``rolodex today`` (core/today.py) under their headings. ``enter`` on a line goes to that
person in the contact list, where ``c`` ``e`` ``m`` ``o`` log with them; ``escape`` goes
back, ``/`` to the contacts' filter; ``F`` marks the line's follow-up done without
logging, ``z`` snoozes it (both undone by ``u``). Computed in a thread worker; recomputed
when the rolodex changes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from rolodex.tui import keys
from rolodex.tui.commands import main_screen
from rolodex.tui.messages import DataChanged, JumpToContact
from rolodex.tui.widgets.footer import Footer
from rolodex.tui.workers import in_thread


class TodayScreen(Screen[int | None]):
    """Dismisses with the chosen contact id (or None)."""

    BINDINGS = keys.TODAY
    _names: dict[str, str] = {}  # option id -> the person's name

    def compose(self) -> ComposeResult:
        yield Static("Today", id="today-title")
        yield OptionList(id="today-lines")
        yield Static("enter: to the person, then c e m o log with them · escape: the contacts",
                     id="today-hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.action_refresh_today()

    def action_refresh_today(self) -> None:
        app = self.app
        self.query_one("#today-lines").loading = True

        def job():
            from rolodex.core.today import today

            return today(app.store_or_url(), app.clock().replace(microsecond=0))

        in_thread(self, job, group="today", done=self.show)

    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        event.stop()
        self.action_refresh_today()

    def show(self, t) -> None:
        from rolodex.core.today import SECTIONS, heading

        self.query_one("#today-title", Static).update(f"Today · {t.now:%A %d %B %Y}")
        lines = self.query_one("#today-lines", OptionList)
        keep = lines.highlighted
        lines.clear_options()
        options: list[Option] = []
        self._names = {}
        if t.empty:
            options.append(Option("Nothing due: no follow-ups, nobody overdue, no birthdays "
                                  "this week, no open asks.", disabled=True))
        for key, title in SECTIONS if not t.empty else ():
            options.append(Option(f"[b $accent]{escape(heading(t, key, title))}[/]",
                                  disabled=True))
            for k, ln in enumerate(t.section(key)):
                who = escape(ln.name) + (f" [dim]· {escape(ln.company)}[/]" if ln.company
                                         else "")
                oid = f"{key}:{k}:{ln.contact_id}"
                self._names[oid] = ln.name
                options.append(Option(f"  {who}  {escape(ln.text)}", id=oid))
        lines.add_options(options)
        lines.loading = False
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        if keep is not None and keep < len(options) and not options[keep].disabled:
            lines.highlighted = keep
        else:
            lines.highlighted = first
        lines.focus()

    @on(OptionList.OptionSelected, "#today-lines")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is None:
            return
        cid = int(event.option.id.rsplit(":", 1)[1])
        app = self.app
        main = main_screen(app)
        self.dismiss(cid)
        if main is not None:
            app.call_later(_back_to, app, main, cid)

    def action_close(self) -> None:
        self.dismiss(None)

    async def action_filter(self) -> None:
        """``/``: to the contacts with the filter focused, as ``/`` there. A priority
        binding's action runs in the app's own loop, which takes the next key once it
        returns: the screens above the contacts are gone by then, so the keys typed after
        ``/`` filter the list."""
        app = self.app
        main = main_screen(app)
        if main is None:
            self.dismiss(None)
            return
        main.set_focus(main.filter_bar)
        while app.screen is not main and main in app.screen_stack:
            await app.pop_screen()  # Today, and what it was opened over (stats, who can…)

    def _line_person(self) -> tuple[int, str] | None:
        """(contact id, name) of the highlighted line, or None (a heading, nothing)."""
        lines = self.query_one("#today-lines", OptionList)
        if lines.highlighted is None:
            return None
        option = lines.get_option_at_index(lines.highlighted)
        if option.id is None:
            return None
        key, k, cid = option.id.split(":")
        return int(cid), self._names.get(option.id, f"#{cid}")

    def action_follow_up_done(self) -> None:
        from rolodex.tui.follow_ups import mark_done

        person = self._line_person()
        if person is not None:
            mark_done(self, *person)

    async def action_snooze(self) -> None:
        from rolodex.tui.follow_ups import snooze

        person = self._line_person()
        if person is not None:
            await snooze(self, *person)


def _back_to(app, main, cid: int) -> None:
    """To the main screen (whatever Today was opened over: stats, who can...) and the person."""
    while app.screen is not main and main in app.screen_stack:
        app.pop_screen()
    main.post_message(JumpToContact(cid))
