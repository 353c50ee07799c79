"""The main screen's actions: quick log, new, edit, link, archive, interaction edit and
delete, who can, import, stats. Mixed into MainScreen (which holds the bindings).

Undo: ``undoable`` runs a destructive core write (delete, archive, merge, edit) through
``core.undo.record`` and keeps the step on the app's stack for the session;
``undo_latest`` (``u`` / ``ctrl+z`` / the palette) takes back the newest one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.screen import ModalScreen
from textual.widgets import Input

from rolodex.tui.workers import in_thread


def undoable(app, what: str, change: Callable[[], object], *, contacts: Iterable[int] = (),
             interactions: Iterable[int] = ()) -> object:
    """In a worker thread: run the core write ``change`` and put the step that undoes it on
    the app's undo stack. Returns what ``change`` returned."""
    from rolodex.core.undo import record

    store = app.store
    result, step = record(store, what, change, contacts=contacts, interactions=interactions)

    def push() -> None:
        if app.store is store:  # still the same rolodex
            app.undo_steps.append(step)

    app.call_from_thread(push)
    return result


def undo_latest(app) -> None:
    """Undo the newest change of this session, then say what was undone (or why not)."""
    if isinstance(app.screen, ModalScreen) or app.undo_busy:
        return
    if not app.undo_steps:
        app.notify("Nothing to undo", severity="warning")
        return
    step = app.undo_steps.pop()
    store, screen = app.store, app.screen
    app.undo_busy = True

    def job():
        from rolodex.core.errors import RolodexError
        from rolodex.core.undo import undo

        try:
            undo(store, step)
        except RolodexError as exc:
            return exc
        return None

    def done(error) -> None:
        app.undo_busy = False
        if error is not None:
            app.notify(str(error), severity="error")
            return
        app.notify(f"undid: {step.what}")
        show = getattr(screen, "show_undone", None)
        if show is not None:
            show(step)

    in_thread(screen, job, group="undo", done=done, exclusive=False)


class MainActions:
    """Needs ``selected``, ``selected_name()``, ``load_profile``, ``load_index``,
    ``jump_to`` from the screen."""

    def _need_selection(self) -> int | None:
        cid = self.selected
        if cid is None:
            self.notify("Select a contact first", severity="warning")
        return cid

    def action_log(self, kind: str) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.screens.log_modal import LogModal

        self.app.push_screen(LogModal(cid, self.selected_name(), kind), self._logged)

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

    def action_new_contact(self) -> None:
        from rolodex.tui.screens.contact_form import ContactForm

        self.app.push_screen(ContactForm(None), self._contact_saved)

    def action_edit_contact(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.screens.contact_form import ContactForm

        self.app.push_screen(ContactForm(cid), self._contact_saved)

    def _contact_saved(self, cid: int | None) -> None:
        if cid is None:
            return
        index = self.app.index
        if index is not None and cid in index:
            self.jump_to(cid)

    def action_link(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.screens.link_modal import LinkModal

        self.app.push_screen(LinkModal(cid, self.selected_name()))

    def action_archive(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        from rolodex.tui.screens.confirm import ConfirmScreen

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
            from rolodex.core.contacts import archive_contact

            undoable(app, f"archive of {name}", lambda: archive_contact(app.store, cid),
                     contacts=[cid])

        in_thread(self, job, group="archive",
                  done=lambda _r: self.notify(f"{name} archived"))

    def action_who_can(self) -> None:
        from rolodex.tui.widgets.who_can import WhoCanPane

        pane = self.query_one(WhoCanPane)
        self.set_focus(pane.query_one(Input))

    def action_import_file(self) -> None:
        from rolodex.tui.screens.import_dialog import ImportDialog

        def done(changed: int | None) -> None:
            if changed:
                self.load_index(keep=self.selected)

        self.app.push_screen(ImportDialog(), done)

    def action_dupes(self) -> None:
        from rolodex.tui.screens.dupes import DupesScreen

        self.app.push_screen(DupesScreen())

    def action_stats(self) -> None:
        from rolodex.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())

    def edit_interaction(self, it) -> None:
        from rolodex.tui.screens.interaction_edit import InteractionEdit

        def saved(iid: int | None) -> None:
            if iid is not None:
                self._select_entry(iid)

        self.app.push_screen(InteractionEdit(it), saved)

    def delete_interaction(self, it) -> None:
        from rolodex.tui.screens.confirm import ConfirmScreen

        app = self.app

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def job():
                from rolodex.core.interactions import delete_interaction

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
