"""Command palette (``ctrl+p``): jump to any contact by fuzzy name, and every action."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from rolodex.tui.messages import JumpToContact

ACTIONS = [
    ("Filter contacts", "filter", "Type to filter the contact list (/)"),
    ("Log a call", "log('call')", "With the selected contact (c)"),
    ("Log an email", "log('email')", "With the selected contact (e)"),
    ("Log a meeting", "log('meeting')", "With the selected contact (m)"),
    ("Log something else", "log('other')", "With the selected contact (o)"),
    ("New contact", "new_contact", "Add a contact (n)"),
    ("Edit contact", "edit_contact", "Edit the selected contact (E)"),
    ("Link contacts", "link", "The selected contact knows someone (l)"),
    ("Archive contact", "archive", "Archive the selected contact (x)"),
    ("Sort or view…", "views", "Sort the contacts, or show the archived (O)"),
    ("Sort by name", "sort('name')", "A to Z; a filter ranks by match (remembered)"),
    ("Sort by last touch", "sort('touch')", "The newest touch first (remembered)"),
    ("Sort by tie strength", "sort('tie')", "The strongest tie first (remembered)"),
    ("Sort overdue first", "sort('overdue')",
     "The latest follow-up or keep-in-touch first (remembered)"),
    ("Archived contacts", "archived", "Show the archived contacts; r restores one"),
    ("Restore contact", "restore", "In the archived view: back to the contacts (r)"),
    ("Who can… (find an introducer)", "who_can", "Search who can introduce you (i)"),
    ("Today", "app.today", "Follow-ups due, keep in touch, birthdays, open asks (T)"),
    ("Stats", "stats", "Reach figures and who you are losing touch with (s)"),
    ("Import…", "import_file", "Import a vCard or CSV file"),
    ("Possible duplicates…", "dupes", "Review the look-alikes an import found: merge or keep"),
    ("Undo", "app.undo", "Take back the last delete, archive, restore, merge, edit or "
     "follow-up change (u, ctrl+z)"),
]


def main_screen(app):
    from rolodex.tui.screens.main import MainScreen

    for screen in reversed(app.screen_stack):
        if isinstance(screen, MainScreen):
            return screen
    return None


class ActionCommands(Provider):
    """Every action of the main screen, by name."""

    def _run(self, action: str) -> None:
        screen = main_screen(self.app)
        if screen is not None:
            self.app.call_later(screen.run_action, action)

    async def discover(self) -> Hits:
        for title, action, help_text in ACTIONS:
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, action, help_text in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self._run, action),
                          help=help_text)


class ContactCommands(Provider):
    """Jump to a contact: the core fuzzy index ranks, best first."""

    def _jump(self, cid: int) -> None:
        screen = main_screen(self.app)
        if screen is not None:
            screen.post_message(JumpToContact(cid))

    async def search(self, query: str) -> Hits:
        app = self.app
        index = getattr(app, "index", None)
        if index is None or len(query.strip()) < 2:
            return
        with app.index_lock:
            rows = [index.row(cid) for cid in index.filter(query, limit=12)]
        matcher = self.matcher(query)
        for rank, row in enumerate(rows):
            label = f"{row.name} · {row.company}" if row.company else row.name
            score = max(matcher.match(row.name), 0.5) * (1.0 - rank / 100)
            yield Hit(score, matcher.highlight(label), partial(self._jump, row.id),
                      text=label, help="Jump to this contact")
