"""The main screen: contacts | contact header + interaction log, and "Who can" below."""

from __future__ import annotations

import gc
import threading
import time
from array import array

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from rolodex.tui import keys
from rolodex.tui.messages import DataChanged, JumpToContact
from rolodex.tui.undo import undoable
from rolodex.tui.widgets.contact_header import ContactHeader
from rolodex.tui.widgets.contact_list import ContactList
from rolodex.tui.widgets.filter_bar import FilterBar
from rolodex.tui.widgets.footer import Footer
from rolodex.tui.widgets.interaction_log import InteractionLog
from rolodex.tui.workers import in_thread

PAGE = 80  # at least this many rows of a filter come at once (the list's height, twice)

PROFILE_DEBOUNCE = 0.08  # seconds
TYPING_PAUSE = 0.35  # seconds without a filter keystroke before the profile follows
FIRST_FRAME_FLUSH = 0.05  # seconds
# How long a keystroke waits for the ranking it supersedes to let go of the index (it looks
# at ``stop`` every ContactIndex CHUNK rows: a few ms); then the first page comes at once.
SUPERSEDED_WAIT = 0.02  # seconds


class MainScreen(Screen):
    """Its keys are priority bindings: they act the moment a key arrives (not once it has
    bubbled up), so keys typed right after ``/`` or ``c`` land where the first one led.
    An input that has focus still gets its letters (Textual leaves consumed keys to it).
    The actions that open a dialog wait until it is mounted with its first field focused:
    the app takes the next key only then, so it goes to that field, in order."""

    BINDINGS = keys.MAIN

    def __init__(self) -> None:
        super().__init__()
        self._last_move = 0.0
        self._typing_until = 0.0  # while the filter is being typed, profiles wait
        self._painting_first = False
        self._profile_timer = None
        # the list's sort (core.sorting; remembered in the config file) and its Order,
        # computed once per change of the data (``_stale``) in the filter's worker
        self.sort = "name"
        self._order = None
        self._stale = True
        self._order_lock = threading.Lock()
        # the archived view: an index of the archived contacts, loaded when it is shown
        self.archived_view = False
        self._archived = None
        self._filter_seq = 0  # the newest filter asked for; older answers are dropped
        self._ranking = None  # the worker ranking the last query whole (in _rank_whole)
        self._filter_due: str | None = None  # a query typed, not filtered yet

    def compose(self) -> ComposeResult:
        from rolodex.tui.widgets.who_can import WhoCanPane

        with Horizontal(id="top"):
            with Vertical(id="contacts-pane"):
                yield FilterBar(id="filter")
                yield ContactList(id="contact-list", clock=self.app.clock)
            with Vertical(id="contact-pane"):
                yield ContactHeader(id="contact-header")
                yield InteractionLog(id="interaction-log")
        yield WhoCanPane(id="who-can")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """No screen action before the panes exist (keys pressed while starting up); the
        archived view restores and leaves, the others archive."""
        if action in self._own_actions and not self.query(ContactList):
            return False
        if action in ("restore", "leave_archived"):
            return self.archived_view
        if action == "archive":
            return not self.archived_view
        return True

    _own_actions = {b.action.split("(")[0] for b in BINDINGS} | {"leave_archived"}

    @property
    def contact_list(self) -> ContactList:
        return self.query_one(ContactList)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.query_one("#contacts-pane").border_title = "Contacts"
        self.query_one(ContactHeader).show(None, self.app.clock())
        self.contact_list.empty_text = "Loading…"
        self.filter_bar.on_query = self.request_filter
        self.filter_bar.on_leave = self._leave_filter
        self.set_focus(self.contact_list)
        self.sort = self.app.config.sort
        self.load_first_page()

    # -- loading ----------------------------------------------------------------------------
    def load_first_page(self) -> None:
        """Paint the count and the first rows at once; load the whole index after."""
        app = self.app

        def job():
            from rolodex.core.search.listing import first_page

            app.start_watching()  # before the first read: later changes are not missed
            return first_page(app.store_or_url(), sort=sort)

        sort = self.sort

        in_thread(self, job, group="first-page", done=self._first_page)

    def _first_page(self, page) -> None:
        total, rows = page
        if self.app.index is None and total:
            by_id = {r.id: r for r in rows}
            self._painting_first = True  # the profile waits for this frame to be painted
            self.contact_list.set_rows([r.id for r in rows], by_id.__getitem__)
            self.query_one("#contacts-pane").border_title = self._title(total, total, "")
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        # Textual's writer thread sends the frame to the terminal; reading 100,000 rows
        # (sqlite3's fetchall holds the GIL) would hold it up, so wait a moment first.
        self.set_timer(FIRST_FRAME_FLUSH, self._after_first_flush)

    def _after_first_flush(self) -> None:
        self._painting_first = False
        self.load_index()
        self.load_profile(self.selected)
        self.app.after_first_frame()
        if self.app.config.start == "today":
            self._open_today_if_history()

    def _open_today_if_history(self) -> None:
        """Today is the start screen once anything has been logged."""
        app = self.app

        def job():
            from rolodex.core.today import has_history

            return has_history(app.store_or_url())

        def done(history: bool) -> None:
            if history and app.screen is self and self.contact_list.has_focus:
                app.action_today()

        in_thread(self, job, group="start-today", done=done)

    def load_index(self, keep: int | None = None) -> None:
        app = self.app

        def job():
            from rolodex.core.search.index import ContactIndex

            index = ContactIndex.load(app.store_or_url())
            # kept for the session: full collections stop rescanning it (the network is
            # frozen the same way), which halves a who-can answered while it still builds
            gc.freeze()
            return index

        in_thread(self, job, group="load-index", done=lambda idx: self._index_loaded(idx, keep))

    def load_follow_ups(self) -> None:
        """The open follow-ups the list colours (a few rows: an indexed column)."""
        app = self.app

        def job():
            from rolodex.core.today import follow_ups

            return follow_ups(app.store_or_url())

        def done(dues) -> None:
            self.contact_list.follow_ups = dues
            self.contact_list.refresh()

        in_thread(self, job, group="follow-ups", done=done)

    def _index_loaded(self, index, keep: int | None) -> None:
        self.app.index = index
        self._stale = True
        self.load_follow_ups()
        self.query_one("#contacts-pane").border_subtitle = self.app.sub_title  # the demo?
        self.contact_list.empty_text = "No contacts match"
        query = self.filter_bar.value
        if keep is None:
            keep = self.contact_list.highlighted  # where the first page's cursor is
        if self.sort == "name":
            self._show_ids(index.all_ids(), keep, "")
        if query.strip() or self.sort != "name":  # typed before the index was there; sorted
            self.run_filter(query, keep)
        self.call_after_refresh(self.app.after_index)
        self.call_after_refresh(self.warm_index, index)
        if not len(index):
            from rolodex.tui.screens.welcome import WelcomeScreen

            self.app.push_screen(WelcomeScreen(), self._welcome_done)

    def _welcome_done(self, contact_id: int | None) -> None:
        self.load_index(keep=contact_id)

    def warm_index(self, index) -> None:
        """Build the index's typo vocabulary and the later words of the names now, in the
        background, so that the first typo or the first filter keystroke does not pay."""
        app = self.app

        def job():
            with app.index_lock:
                index.warm(app.priority.paced)

        in_thread(self, job, group="warm-index")

    # -- filtering --------------------------------------------------------------------------
    def request_filter(self, query: str) -> None:
        """A keystroke in the filter: filtered once the keys already waiting are read, so
        a burst of keys is filtered once, for the whole string."""
        due = self._filter_due is not None
        self._filter_due = query
        if not due:
            self.call_later(self._run_due_filter)

    def _run_due_filter(self) -> None:
        if self._filter_due is not None:
            self.run_filter(self._filter_due)

    def run_filter(self, query: str, keep: int | None = None, *,
                   preserve: bool = False) -> None:
        """Show the matches of ``query``; the cursor goes to ``keep``, or with ``preserve``
        stays on whoever is selected when the result arrives, else to the top match.

        The first page comes at once when the index has it cheaply (``ContactIndex.first``:
        the names' own order, or a small answer narrowed); the whole ranking (how many in
        all, the rows beyond the page) follows from a worker, which a newer query stops."""
        app = self.app
        index = self._archived if self.archived_view else app.index
        if index is None:
            return
        self._filter_due = None
        self._filter_seq += 1
        seq = self._filter_seq
        quick = None
        # the names' own order only: a chosen sort ranks the whole answer (in the worker)
        if (self.archived_view or self.sort == "name") and self._index_free():
            try:
                quick = index.first(query, max(PAGE, 2 * self.contact_list.size.height))
            finally:
                app.index_lock.release()
        if quick is not None:
            self._show_ids(quick.ids, self.selected if preserve and keep is None else keep,
                           query, stay=preserve, complete=quick.complete, index=index)
            app.workers.cancel_group(app, "filter")  # in_thread's workers are the app's
            if not quick.complete:  # the rest once the page is painted: never beside it
                self.call_after_refresh(self._rank_whole, query, None, True, seq)
            return
        self._rank_whole(query, keep, preserve, seq)

    def _index_free(self) -> bool:
        """The index lock, taken for this thread at once, or within SUPERSEDED_WAIT when
        the one holding it is the whole ranking of an older query (stopped here: it lets go
        at its next look at ``stop``); False while anything else holds it (warming, an
        edit): the query then goes to a worker, and the screen goes on."""
        lock = self.app.index_lock
        if lock.acquire(blocking=False):
            return True
        ranking = self._ranking
        if ranking is None or not ranking.is_running:
            return False
        ranking.cancel()
        return lock.acquire(timeout=SUPERSEDED_WAIT)

    def _rank_whole(self, query: str, keep: int | None, preserve: bool, seq: int) -> None:
        """The whole ranking of ``query`` (in the list's sort) in a worker, shown unless a
        newer query came or the view changed."""
        if seq != self._filter_seq:
            return
        app = self.app
        index = self._archived if self.archived_view else app.index
        if index is None:
            return
        order_of = None if self.archived_view else self._order_for

        def job():
            worker = get_current_worker()
            order = order_of(index) if order_of is not None else None
            with app.index_lock:
                if worker.is_cancelled:
                    return None
                if not query.strip():
                    return array("q", order.ids if order is not None else index.all_ids())
                ids = index.filter(query, stop=lambda: worker.is_cancelled)
            if ids is None:
                return None
            # an array, made here: no list of 100,000 ids for the screen's garbage collector
            return array("q", order.apply(ids) if order is not None else ids)

        def done(ids: array | None) -> None:
            if ids is None or seq != self._filter_seq:
                return  # stopped, or a newer query was typed since
            if index is not (self._archived if self.archived_view else app.index):
                return  # the view changed meanwhile
            self._show_ids(ids, self.selected if preserve and keep is None else keep, query,
                           stay=preserve, index=index)

        self._ranking = in_thread(self, job, group="filter", done=done)

    def _order_for(self, index):
        """In a worker: the Order of the current sort over ``index`` (None: by name), made
        again after a change of the data. A chosen sort stays in force while filtering:
        the matches are shown in it (by name, a filter ranks by match)."""
        from rolodex.core.sorting import compute

        sort = self.sort
        if sort == "name":
            return None
        with self._order_lock:
            order = self._order
            if order is not None and order.sort == sort and not self._stale:
                return order
            self._stale = False
            app = self.app
            now = app.clock()
            ties = follow_ups = None
            if sort == "tie":
                from rolodex.core.network.strengths import my_ties

                ties = my_ties(app.store, now)
            elif sort == "overdue":
                from rolodex.core.today import follow_ups as open_follow_ups

                follow_ups = open_follow_ups(app.store_or_url())
            with app.index_lock:
                self._order = compute(sort, index, now, ties=ties, follow_ups=follow_ups)
            return self._order

    def _title(self, shown: int, total: int, query: str, complete: bool = True) -> str:
        from rolodex.core.sorting import LABELS

        if self.archived_view:
            what = "Archived"
            tail = " · r restores"
        else:
            what = "Contacts"
            tail = f" · {LABELS[self.sort]}" if self.sort != "name" else ""
        if not query.strip():
            count = f"{total:,}"
        else:  # the first page only: how many in all follows
            count = f"{shown:,} of {total:,}" if complete else f"… of {total:,}"
        return f"{what} {count}{tail}"

    def _show_ids(self, ids: list[int], keep: int | None, query: str, *,
                  stay: bool = False, complete: bool = True, index=None) -> None:
        index = index if index is not None else self.app.index
        if query and self.filter_bar.has_focus:
            self._typing_until = time.monotonic() + TYPING_PAUSE
        self.contact_list.set_rows(ids, index.row, keep=keep, stay=stay)
        pane = self.query_one("#contacts-pane")
        pane.border_title = self._title(len(ids), len(index), query, complete)
        pane.border_subtitle = "escape: all contacts" if self.archived_view else (
            self.app.sub_title)  # the demo?

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # FilterBar.on_leave did it

    def _leave_filter(self, to_top: bool) -> None:
        """``enter`` (to the top match) or ``escape`` in the filter: on to the list."""
        if to_top:
            self.contact_list.cursor = 0
        self.set_focus(self.contact_list)

    def action_filter(self) -> None:
        self.set_focus(self.filter_bar)

    # -- the selected contact ---------------------------------------------------------------
    @on(ContactList.Highlighted)
    def _highlighted(self, event: ContactList.Highlighted) -> None:
        """Load the profile at once after a pause; while keys repeat (holding j), only
        once they stop, so moving never waits for the database."""
        now = time.monotonic()
        quick = now - self._last_move < PROFILE_DEBOUNCE or now < self._typing_until
        self._last_move = now
        if self._profile_timer is not None:
            self._profile_timer.stop()
            self._profile_timer = None
        if self._painting_first:
            return  # _after_first_paint loads it
        if quick:  # after the keys stop (a filter's top match: once typing pauses)
            self._profile_timer = self.set_timer(
                max(PROFILE_DEBOUNCE, self._typing_until - now), self._profile_due)
        else:
            self.load_profile(event.contact_id)

    def _profile_due(self) -> None:
        self._profile_timer = None
        self.load_profile(self.selected)

    @property
    def profile_pending(self) -> bool:
        """A profile load is waiting for the keys to stop (tests settle on it)."""
        return self._profile_timer is not None

    @on(ContactList.Chosen)
    def _chosen(self) -> None:
        log = self.query_one(InteractionLog)
        if log.row_count:
            self.set_focus(log)

    def load_profile(self, cid: int | None) -> None:
        if cid is None:
            self._show_profile(None)
            return
        app = self.app

        def job():
            from rolodex.tui.profile import load_profile

            return load_profile(app.store, cid, app.clock())

        in_thread(self, job, group="profile", done=self._show_profile)

    def _show_profile(self, profile) -> None:
        if profile is not None and profile.id != self.contact_list.highlighted:
            return
        if self._profile_timer is not None:
            return  # keys went on: the list comes first, the timer loads it again
        self.query_one(ContactHeader).show(profile, self.app.clock())
        log = self.query_one(InteractionLog)
        log.show(profile.interactions if profile else [], profile.id if profile else None)

    @property
    def selected(self) -> int | None:
        return self.contact_list.highlighted

    def selected_name(self) -> str:
        row = self.contact_list.highlighted_row
        return row.name if row is not None else ""

    # -- changes ----------------------------------------------------------------------------
    @on(DataChanged)
    def _data_changed(self, event: DataChanged) -> None:
        event.stop()
        if self.app.index is None:
            return
        # the orders follow every change; tie strengths (a whole read of the log, seconds
        # at 100,000) only a reload of the list and picking the sort again
        if self.sort != "tie" or event.what == "reload":
            self._stale = True
        if self.archived_view and event.what in ("contact", "reload"):
            self.load_archived(keep=self.selected)
            self.load_profile(self.selected)
            return
        if event.what == "reload":  # an import, the demo, another program's change
            self.load_index(keep=self.selected)
            self.load_profile(self.selected)
            return
        self.run_filter(self.filter_bar.value, preserve=True)
        self.load_profile(self.selected)
        if event.what in ("interaction", "intro", "contact"):
            self.load_follow_ups()

    @on(InteractionLog.Left)
    @on(ContactHeader.Left)
    def _log_left(self, event: InteractionLog.Left | ContactHeader.Left) -> None:
        event.stop()
        self.set_focus(self.contact_list)

    @on(JumpToContact)
    def _jump(self, event: JumpToContact) -> None:
        event.stop()
        self.jump_to(event.contact_id)

    def jump_to(self, cid: int) -> None:
        index = self.app.index
        if index is None or cid not in index:
            self.notify(f"contact #{cid} is not in the list (archived?)", severity="warning")
            return
        if self.archived_view:
            self.archived_view = False
            self._archived = None
            self.filter_bar.set_quietly("")
            self.refresh_bindings()
        if not self.contact_list.select_id(cid):
            self.filter_bar.set_quietly("")
            if self.sort == "name":
                self._show_ids(index.all_ids(), cid, "")
            else:
                self.run_filter("", cid)
        self.set_focus(self.contact_list)

    # -- interactions -----------------------------------------------------------------------
    @on(InteractionLog.EditRequested)
    def _edit_interaction(self, event: InteractionLog.EditRequested) -> None:
        self.edit_interaction(event.interaction)

    @on(InteractionLog.DeleteRequested)
    def _delete_interaction(self, event: InteractionLog.DeleteRequested) -> None:
        self.delete_interaction(event.interaction)

    # -- actions: quick log, new, edit, link, archive, interaction edit and delete, who can,
    # import, stats

    def _need_selection(self) -> int | None:
        cid = self.selected
        if cid is None:
            self.notify("Select a contact first", severity="warning")
        return cid

    async def action_log(self, kind: str) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.dialogs.log_modal import LogModal

        await self.app.push_screen(LogModal(cid, self.selected_name(), kind), self._logged)

    def _logged(self, iid: int | None) -> None:
        if iid is not None:
            self._select_entry(iid)

    def _select_entry(self, iid: int) -> None:
        """The log's cursor goes to this entry once the profile is read again."""
        from rolodex.tui.widgets.interaction_log import InteractionLog

        self.query_one(InteractionLog).select_next(iid)
        self.load_profile(self.selected)

    def show_undone(self, step) -> None:
        """After an undo: the contact (back in the list) or the entry is selected."""
        if step.contacts:
            index = self.app.index
            if index is not None and step.contacts[0] in index:
                self.jump_to(step.contacts[0])
        elif step.interactions:
            self._select_entry(step.interactions[0])

    async def action_new_contact(self) -> None:
        from rolodex.tui.dialogs.contact_form import ContactForm

        await self.app.push_screen(ContactForm(None), self._contact_saved)

    async def action_edit_contact(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.dialogs.contact_form import ContactForm

        await self.app.push_screen(ContactForm(cid), self._contact_saved)

    def _contact_saved(self, cid: int | None) -> None:
        if cid is None:
            return
        index = self.app.index
        if index is not None and cid in index:
            self.jump_to(cid)

    async def action_link(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.dialogs.link_modal import LinkModal

        await self.app.push_screen(LinkModal(cid, self.selected_name()))

    def action_archive(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.dialogs.confirm import ConfirmScreen

        name = self.selected_name()

        def answered(yes: bool | None) -> None:
            if yes:
                self.archive(cid, name)

        self.app.push_screen(ConfirmScreen(f"Archive {name}? They leave the list, the "
                                           "search and the network; their history stays.",
                                           yes="Archive"), answered)

    def archive(self, cid: int, name: str) -> None:
        app = self.app

        def job():
            from rolodex.core.records.contacts import archive_contact

            undoable(app, f"archive of {name}", lambda: archive_contact(app.store, cid),
                     contacts=[cid])

        in_thread(self, job, group="archive",
                  done=lambda _r: self.notify(f"{name} archived"))

    # -- follow-ups: done without logging, snoozed ------------------------------------------
    def action_follow_up_done(self) -> None:
        from rolodex.tui.follow_ups import mark_done

        cid = self._need_selection()
        if cid is not None:
            mark_done(self, cid, self.selected_name())

    async def action_snooze(self) -> None:
        from rolodex.tui.follow_ups import snooze

        cid = self._need_selection()
        if cid is not None:
            await snooze(self, cid, self.selected_name())

    # -- sort and views -------------------------------------------------------------------
    async def action_views(self) -> None:
        from rolodex.tui.dialogs.views import ARCHIVED, ViewChooser

        current = ARCHIVED if self.archived_view else self.sort
        await self.app.push_screen(ViewChooser(current), self.show_view)

    def show_view(self, view: str | None) -> None:
        """Show the list sorted by ``view`` (a sort, remembered) or the archived contacts."""
        from rolodex.tui.config import save_sort
        from rolodex.tui.dialogs.views import ARCHIVED

        if view is None:
            return
        if view == ARCHIVED:
            if not self.archived_view:
                self.archived_view = True
                self.filter_bar.set_quietly("")
                self.refresh_bindings()
                self.load_archived()
            return
        was_archived = self.archived_view
        self.archived_view = False
        self._archived = None
        if was_archived:
            self.filter_bar.set_quietly("")
            self.refresh_bindings()
        self._stale = True  # picked again: computed again (tie strengths are read anew)
        if view != self.sort:
            self.sort = view
            if self.app.config.path is not None:
                self.app.remember(save_sort, view, "sort")
        self.run_filter(self.filter_bar.value, self.selected)

    def action_sort(self, sort: str) -> None:
        self.show_view(sort)

    def action_archived(self) -> None:
        from rolodex.tui.dialogs.views import ARCHIVED

        self.show_view(ARCHIVED)

    def action_leave_archived(self) -> None:
        self.show_view(self.sort)

    def load_archived(self, keep: int | None = None) -> None:
        """Load the archived contacts' own index (a few, usually) and show it."""
        app = self.app
        self.contact_list.empty_text = "Loading…"

        def job():
            from rolodex.core.search.index import ContactIndex

            return ContactIndex.load(app.store_or_url(), archived=True)

        def done(index) -> None:
            if not self.archived_view:
                return
            self._archived = index
            self.contact_list.empty_text = "No archived contacts"
            query = self.filter_bar.value
            if query.strip():
                self.run_filter(query, keep, preserve=keep is None)
            else:
                self._show_ids(index.all_ids(), keep, "", stay=True, index=index)
            self.load_profile(self.selected)

        in_thread(self, job, group="load-archived", done=done)

    def action_restore(self) -> None:
        if not self.archived_view:  # from the palette: the key is off outside the view
            self.notify("Restore works in the archived view (O, Archived contacts)",
                        severity="warning")
            return
        cid = self._need_selection()
        if cid is None:
            return
        name = self.selected_name()
        app = self.app

        def job():
            from rolodex.core.records.contacts import archive_contact

            undoable(app, f"restore of {name}",
                     lambda: archive_contact(app.store, cid, archived=False), contacts=[cid])

        in_thread(self, job, group="restore",
                  done=lambda _r: self.notify(f"{name} restored to the contacts"))

    def action_who_can(self) -> None:
        from rolodex.tui.widgets.who_can import WhoCanPane

        pane = self.query_one(WhoCanPane)
        self.set_focus(pane.query_one(Input))

    async def action_import_file(self) -> None:
        from rolodex.tui.dialogs.import_dialog import ImportDialog

        def done(changed: int | None) -> None:
            if changed:
                self.load_index(keep=self.selected)

        await self.app.push_screen(ImportDialog(), done)

    def action_dupes(self) -> None:
        from rolodex.tui.screens.dupes import DupesScreen

        self.app.push_screen(DupesScreen())

    def action_stats(self) -> None:
        from rolodex.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def edit_interaction(self, it) -> None:
        from rolodex.tui.dialogs.interaction_edit import InteractionEdit

        def saved(iid: int | None) -> None:
            if iid is not None:
                self._select_entry(iid)

        self.app.push_screen(InteractionEdit(it), saved)

    def delete_interaction(self, it) -> None:
        from rolodex.tui.dialogs.confirm import ConfirmScreen

        app = self.app

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def job():
                from rolodex.core.records.interactions import delete_interaction

                people = len(it.participants)
                what = (f"delete of '{it.summary or it.kind}' "
                        f"({people} {'person' if people == 1 else 'people'})")
                undoable(app, what, lambda: delete_interaction(app.store, it.id),
                         interactions=[it.id])

            in_thread(self, job, group="delete-interaction",
                      done=lambda _r: self.notify("Entry deleted"))

        when = it.at.strftime("%Y-%m-%d %H:%M")
        self.app.push_screen(ConfirmScreen(f"Delete the {it.kind} of {when}: "
                                           f"“{it.summary or 'no summary'}”?", yes="Delete"),
                             answered)
