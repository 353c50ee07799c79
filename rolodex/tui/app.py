"""The Textual app: wiring only. Screens, panes and dialogs live in their own modules.

``make_app(db_url, clock)`` is the one factory the CLI, the tests, the screenshot script
and the bench use.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime

from textual.app import App
from textual.worker import Worker, WorkerState

from rolodex.core.memory import for_a_screen
from rolodex.core.network.priority import Priority
from rolodex.tui import keys
from rolodex.tui.config import Config, load_config, save_theme
from rolodex.tui.messages import DataChanged

# How often the app looks for changes made by another program (a script, a mail hook).
WATCH_EVERY = 1.0  # seconds


def _contact_commands():
    from rolodex.tui.commands import ContactCommands

    return ContactCommands


def _action_commands():
    from rolodex.tui.commands import ActionCommands

    return ActionCommands


class RolodexApp(App):
    """rolodex in the terminal. ``store``, ``clock``, ``index`` and ``network`` are shared."""

    CSS_PATH = "rolodex.tcss"
    TITLE = "rolodex"
    COMMANDS = App.COMMANDS | {_contact_commands, _action_commands}
    BINDINGS = keys.APP

    def __init__(self, store=None, *, db_url: str | None = None,
                 clock: Callable[[], datetime] | None = None, config: Config | None = None,
                 build_network: bool = True) -> None:
        super().__init__()
        self.db_url = db_url if store is None else store.url
        self.clock = clock or (store.clock if store is not None else datetime.now)
        self.config = config if config is not None else Config()
        self.build_network = build_network
        self.index = None  # core ContactIndex, loaded by the main screen in a worker
        self.index_lock = threading.Lock()  # filters (workers) vs refreshes after edits
        self.network = None  # core Network, built in a worker after the first frame
        # background loads (the network, the index's typo words) give way to a who-can
        # query the person is waiting for (core/network/priority.py)
        self.priority = Priority()
        self._store = None
        self._store_lock = threading.Lock()
        self._watch = None  # core ChangeWatch, made before the list's first read
        self._watch_lock = threading.Lock()
        self._look_lock = threading.Lock()
        self.undo_steps: list = []  # core UndoStep of this session's changes, newest last
        self.keys_applied: dict[str, str] = {}  # [keys] remaps in force (binding id -> key)
        self.undo_busy = False  # an undo is being written
        if store is not None:
            self._attach(store)
        self._show_which()

    # -- the store: opened after the first frame (importing SQLAlchemy costs ~0.4 s) --------
    @property
    def store(self):
        """The core Store; opened on first use if the background opening has not finished."""
        if self._store is None:
            with self._store_lock:
                if self._store is None:
                    from rolodex.core.db.store import Store

                    self._attach(Store(self.db_url, clock=self.clock))
        return self._store

    def _attach(self, store) -> None:
        store.subscribe(self._on_store_event)
        with self._watch_lock:
            if self._watch is not None:
                self._watch.follow(store)
        self._store = store

    def close_store(self) -> None:
        if self._watch is not None:
            self._watch.close()
        if self._store is not None:
            self._store.close()

    def switch_store(self, store) -> None:
        """Go on in another rolodex (the welcome view opens the demo file): the list, the
        index and the network are loaded again from it, the old one is closed."""
        old = self._store
        self.index = None
        self.network = None
        self._network_started = False
        self.undo_steps.clear()  # they undo changes of the old rolodex
        with self._watch_lock:  # the watch looked at the old file: look at the new one
            if self._watch is not None:
                self._watch.close()
                self._watch = None
        self.db_url = store.url
        self._attach(store)
        self.start_watching()
        self._show_which()
        if old is not None and old is not store:
            old.close()

    def _show_which(self) -> None:
        """The title says when this is the demo rolodex (and where it lives)."""
        from rolodex.core.paths import sqlite_file
        from rolodex.demo import demo_db_url

        demo = self.db_url == demo_db_url()
        where = (sqlite_file(self.db_url) or self.db_url).rsplit("/", 1)[-1]
        self.sub_title = f"demo rolodex · {where}" if demo else ""

    def store_or_url(self):
        """What ``ContactIndex.load`` reads: the open Store, or the URL before it is open."""
        return self._store if self._store is not None else self.db_url

    def after_first_frame(self) -> None:
        """Open the store in the background, once."""
        if getattr(self, "_store_started", False):
            return
        self._store_started = True
        self.run_worker(lambda: self.store, name="opening the rolodex", group="store",
                        thread=True, exit_on_error=False)

    def after_index(self) -> None:
        """Build the network in the background once the list is complete (both want the
        CPU; the list comes first)."""
        if getattr(self, "_network_started", False):
            return
        self._network_started = True
        if self.build_network:
            self.run_worker(self._build_network, name="building the network",
                            group="network", thread=True, exit_on_error=False)

    def _build_network(self) -> None:
        from rolodex.core.network.graph import Network

        store = self.store
        network = Network.build(store, priority=self.priority)
        if self._store is store:  # not switched to another rolodex meanwhile
            self.call_from_thread(setattr, self, "network", network)

    def get_default_screen(self):
        from rolodex.tui.screens.main import MainScreen

        return MainScreen()

    def on_mount(self) -> None:
        for_a_screen()
        if self.config.keys:
            from rolodex.tui.config import keymap_conflicts

            applied, problems = keymap_conflicts(self.config.keys, keys.SECTIONS)
            self.keys_applied = applied  # the help screen shows these (not Textual's own map)
            self.set_keymap(applied)
            for problem in problems:
                self.notify(problem, title="config", severity="warning", timeout=10)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.config.problem:
            self.notify(self.config.problem, title="config", severity="warning", timeout=8)
        self.set_interval(WATCH_EVERY, self._look_for_changes)

    # -- other programs' writes: the same reload as a bulk change of our own ----------------
    def _look_for_changes(self) -> None:
        if self._store is None:
            return  # still opening (the first look is made once it is open)
        self.run_worker(self._look_once, name="watching the rolodex", group="watch",
                        thread=True, exclusive=False, exit_on_error=False)

    def start_watching(self) -> None:
        """Take the watch's first look; called before the first read of the list, so that
        whatever another program commits after that read is seen. Any thread."""
        from rolodex.core.db import fastread
        from rolodex.core.errors import RolodexError

        with self._watch_lock:
            if self._watch is not None or self.db_url is None:
                return
            if fastread.sqlite_file(self.db_url) is None and fastread.is_sqlite(self.db_url):
                return  # in memory: no other program can reach it
            try:
                self._watch = fastread.ChangeWatch(self.db_url)
            except RolodexError:
                return  # not readable yet (a new rolodex): the first look after opening
            if self._store is not None:
                self._watch.follow(self._store)

    def _look_once(self) -> None:
        """In a worker: when another program committed since the last look, the store's
        listeners reload (the index and the screens here, the network when next used).
        A look that cannot read is tried again at the next tick."""
        from rolodex.core.errors import RolodexError

        store = self._store
        if self._watch is None:
            self.start_watching()
            return
        if not self._look_lock.acquire(blocking=False):
            return  # the previous look is still running
        try:
            changed = self._watch.changed()
        except RolodexError:
            return
        finally:
            self._look_lock.release()
        if changed:
            store.notify("external", None)

    def _remember_theme(self, theme) -> None:
        if self.config.path is not None:
            self.remember(save_theme, theme.name, "theme")

    def remember(self, save, value: str, what: str) -> None:
        """Write one setting to the config file (``save_theme``, ``save_sort``); a file that
        cannot be written is said, never fatal."""
        from rolodex.core.errors import RolodexError

        try:
            save(self.config, value)
        except (OSError, RolodexError) as exc:
            self.notify(f"{what} not remembered: {exc}", severity="warning")

    # -- changes: keep the index current, tell the screens ----------------------------------
    def _on_store_event(self, change) -> None:
        """Runs in whichever thread committed the change (a worker)."""
        index = self.index
        if change.bulk:
            # many contacts at once (an import, the demo, another program's change): the
            # screens reload the index
            event, ids = "reload", ()
        else:
            event, ids = change.kind, change.contacts
            if index is not None:
                with self.index_lock:
                    for cid in ids:
                        index.refresh(self._store, cid)
        for screen in list(self.screen_stack):
            screen.post_message(DataChanged(event, ids[0] if ids else None))

    # -- one place for failures ---------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            from rolodex.tui.dialogs.error import ErrorScreen

            self.push_screen(ErrorScreen.from_exception(event.worker.name, event.worker.error))

    # -- global actions ---------------------------------------------------------------------
    def action_undo(self) -> None:
        from rolodex.tui.undo import undo_latest

        undo_latest(self)

    def action_today(self) -> None:
        from rolodex.tui.screens.today import TodayScreen

        if not isinstance(self.screen, TodayScreen):
            self.push_screen(TodayScreen())

    def action_help(self) -> None:
        from rolodex.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def make_app(db_url: str | None = None, clock: Callable[[], datetime] | None = None, *,
             config: Config | None = None, build_network: bool = True,
             store=None) -> RolodexApp:
    """The app on the rolodex at ``db_url`` (None: $ROLODEX_DB or the user's own)."""
    from rolodex.core.paths import resolve_db_url

    url = resolve_db_url(db_url)
    if store is None and not _ready_to_read(url):
        from rolodex.core.db.store import Store

        store = Store(url, clock=clock)  # creates or upgrades it now
    return RolodexApp(store, db_url=url, clock=clock, config=config,
                      build_network=build_network)


def _ready_to_read(url: str) -> bool:
    """An existing rolodex of this schema: the list can load before the Store is opened."""
    from rolodex.core.db import fastread
    from rolodex.core.errors import RolodexError

    try:
        fastread.connect(url).close()
    except RolodexError:
        return False
    return True


def run(db: str | None = None) -> int:
    """Open the TUI (the ``rolodex`` command); the user's config is read here only.
    Returns the app's exit code."""
    app = make_app(db, config=load_config())
    try:
        app.run()
    finally:
        app.close_store()
    return app.return_code or 0
