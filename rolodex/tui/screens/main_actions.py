"""The main screen's actions: quick log, new, edit, link, archive, interaction edit and
delete, who can, import, stats. Mixed into MainScreen (which holds the bindings)."""

from __future__ import annotations

from textual.widgets import Input

from rolodex.tui.workers import in_thread


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
            self.load_profile(self.selected)

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

            archive_contact(app.store, cid)

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

        self.app.push_screen(InteractionEdit(it))

    def delete_interaction(self, it) -> None:
        from rolodex.tui.screens.confirm import ConfirmScreen

        app = self.app

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def job():
                from rolodex.core.interactions import delete_interaction

                delete_interaction(app.store, it.id)

            in_thread(self, job, group="delete-interaction",
                      done=lambda _r: self.notify("Entry deleted"))

        when = it.at.strftime("%Y-%m-%d %H:%M")
        self.app.push_screen(ConfirmScreen(f"Delete the {it.kind} of {when}: "
                                           f"“{it.summary or 'no summary'}”?", yes="Delete"),
                             answered)
