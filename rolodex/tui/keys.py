"""Every key of the TUI, in one place: each screen and widget takes its BINDINGS from
here, the help screen and the ``[keys]`` check read ``SECTIONS``, and the README's key table
is ``markdown()`` of the same list (a test compares them). Textual only: no screen imports
needed to list the keys, so nothing here imports the app."""

from __future__ import annotations

from textual.binding import Binding

APP = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("question_mark", "help", "Help", id="help", tooltip="Every key (this table)"),
    Binding("u,ctrl+z", "undo", "Undo the last delete, archive, restore, merge, edit or "
            "follow-up change", show=False, id="undo"),
    Binding("T", "today", "Today", id="today",
            tooltip="Today: follow-ups, keep in touch, birthdays, asks, new people"),
]
# a follow-up done without logging, or snoozed (core/records/follow_ups.py): the same keys
# on the main screen (the selected contact) and in Today (the line's person)
FOLLOW_UP_DONE, SNOOZE_TIP = ("Follow-up done, nothing logged (u undoes)",
                              "Snooze the follow-up: in 1w, friday, 2027-01-10 (u undoes)")
# The main screen's footer shows / c e m i, then the app's q ? T: what fits in 80 columns
# (compact); the rest are on the ? screen and in the palette.
MAIN = [
    Binding("slash", "filter", "Filter", id="filter", priority=True,
            tooltip="Filter as you type (typos and accents tolerated)"),
    Binding("c", "log('call')", "Call", id="log-call", priority=True,
            tooltip="Log a call with the selected contact"),
    Binding("e", "log('email')", "Email", id="log-email", priority=True,
            tooltip="Log an email"),
    Binding("m", "log('meeting')", "Meeting", id="log-meeting", priority=True,
            tooltip="Log a meeting (others named in the summary are offered)"),
    Binding("o", "log('other')", "Other", show=False, id="log-other", priority=True,
            tooltip="Log something else (a message, a note)"),
    Binding("n", "new_contact", "New", show=False, id="new-contact", priority=True,
            tooltip="New contact"),
    Binding("E", "edit_contact", "Edit", show=False, id="edit-contact", priority=True,
            tooltip="Edit the selected contact"),
    Binding("l", "link", "Link", show=False, id="link", priority=True,
            tooltip="Link to someone they know"),
    Binding("x", "archive", "Archive", show=False, id="archive", priority=True,
            tooltip="Archive the selected contact (asks first; u undoes)"),
    Binding("i", "who_can", "Who can", id="who-can", priority=True,
            tooltip="Who can…: find the best warm introduction"),
    Binding("s", "stats", "Stats", show=False, id="stats", priority=True,
            tooltip="Reach figures"),
    Binding("F", "follow_up_done", "Follow-up done", show=False, id="follow-up-done",
            priority=True, tooltip=FOLLOW_UP_DONE),
    Binding("z", "snooze", "Snooze", show=False, id="snooze", priority=True,
            tooltip=SNOOZE_TIP),
    Binding("O", "views", "Sort/view", show=False, id="views", priority=True,
            tooltip="Sort the list (name, last touch, tie strength, overdue first) or show "
            "the archived"),
    Binding("r", "restore", "Restore", show=False, id="restore", priority=True,
            tooltip="In the archived view: restore the selected contact (u undoes)"),
]
CONTACT_LIST = [
    Binding("up,k", "cursor_up", "Up", show=False, id="list-up"),
    Binding("down,j", "cursor_down", "Down", show=False, id="list-down"),
    Binding("pageup", "page_up", "Page up", show=False, id="list-page-up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="list-page-down"),
    Binding("home", "first", "First", show=False, id="list-first"),
    Binding("end", "last", "Last", show=False, id="list-last"),
    Binding("enter", "choose", "Open", show=False, id="list-choose",
            tooltip="To the interaction log"),
    Binding("escape", "screen.leave_archived", "All contacts", show=False,
            id="list-leave-archived",
            tooltip="In the archived view: back to the contacts"),
]
FILTER = [
    Binding("escape", "clear", "Clear filter", id="filter-clear", priority=True),
    Binding("enter", "submit", "Go to the top match", show=False, id="filter-go", priority=True),
]
PROFILE = [
    Binding("j", "scroll_down", "Scroll down", show=False, id="profile-down"),
    Binding("k", "scroll_up", "Scroll up", show=False, id="profile-up"),
    Binding("escape", "leave", "Back to the contacts", show=False, id="profile-back"),
]
INTERACTIONS = [
    Binding("enter", "edit", "Edit", id="interaction-edit", tooltip="Edit entry"),
    Binding("d,delete", "delete", "Delete", id="interaction-delete",
            tooltip="Delete the entry (asks first; u undoes)"),
    Binding("j", "cursor_down", "Down", show=False, id="interaction-down"),
    Binding("k", "cursor_up", "Up", show=False, id="interaction-up"),
    Binding("escape", "leave", "Back to the contacts", show=False, id="interaction-back"),
]
WHO_CAN = [
    Binding("v", "toggle_view", "View", id="who-toggle-view",
            tooltip="Results per target or per introducer"),
    Binding("a", "ask", "Ask", id="who-ask",
            tooltip="Ask the introducer for the introduction (logged)"),
    Binding("g", "jump_introducer", "Introducer", id="who-goto-introducer",
            tooltip="Go to introducer"),
    Binding("t", "jump_target", "Target", id="who-goto-target", tooltip="Go to target"),
    Binding("escape", "back_to_query", "Query", show=False, id="who-back",
            tooltip="Back to the query"),
]
PATH = [
    Binding("escape,q", "close", "Close", id="intro-path-close"),
    Binding("a", "choose('ask')", "Ask for intro", id="intro-path-ask"),
    Binding("g", "choose('introducer')", "Go to introducer", id="intro-path-introducer"),
    Binding("t", "choose('target')", "Go to target", id="intro-path-target"),
]
STATS = [
    Binding("escape,q", "close", "Back", id="stats-close"),
    Binding("r", "refresh_stats", "Recompute", id="stats-refresh"),
]
DUPES = [
    Binding("m", "merge", "Merge", id="dupes-merge",
            tooltip="Merge: the left card keeps everything of both (u undoes)"),
    Binding("k", "keep", "Keep both", id="dupes-keep"),
    Binding("n", "next", "Next", id="dupes-next"),
    Binding("escape,q", "close", "Back", id="dupes-close"),
]
TODAY = [
    Binding("escape,q", "close", "Back", id="today-close", tooltip="Back to the contacts"),
    Binding("slash", "filter", "Filter", id="today-filter", show=False, priority=True,
            tooltip="To the contacts, filtering as you type"),
    Binding("F", "follow_up_done", "Done", id="today-follow-up-done", tooltip=FOLLOW_UP_DONE),
    Binding("z", "snooze", "Snooze", id="today-snooze", tooltip=SNOOZE_TIP),
    Binding("r", "refresh_today", "Recompute", id="today-refresh"),
]
VIEWS = [
    Binding("escape,q", "dismiss", "Cancel", id="views-close"),
]
WELCOME = [
    Binding("d", "demo", "Demo", id="welcome-demo", tooltip="Build the demo"),
    Binding("i", "import_file", "Import", id="welcome-import", tooltip="Import a file"),
    Binding("n", "new_contact", "New", id="welcome-new", tooltip="Add a contact"),
]
HELP = [
    Binding("escape,question_mark,q", "dismiss", "Close", id="help-close"),
]
DIALOG = [
    Binding("tab", "next_field", "Next field", show=False, priority=True),
    Binding("shift+tab", "previous_field", "Previous field", show=False, priority=True),
]
PARTICIPANTS = [
    Binding("enter", "screen.save", "Save", show=False, id="log-participants-save"),
]
LOG = [
    Binding("escape", "cancel", "Cancel", id="log-cancel"),
]
CONTACT_FORM = [
    Binding("escape", "cancel", "Cancel", id="form-cancel"),
    Binding("ctrl+s", "save", "Save", id="form-save", tooltip="Save the contact"),
]
LINK = [
    Binding("escape", "cancel", "Cancel", id="link-cancel"),
    Binding("down", "match(1)", "Next match", show=False, id="link-next"),
    Binding("up", "match(-1)", "Previous match", show=False, id="link-previous"),
]
SNOOZE = [
    Binding("escape", "cancel", "Cancel", id="snooze-cancel"),
]
INTERACTION_EDIT = [
    Binding("escape", "cancel", "Cancel", id="interaction-edit-cancel"),
]
TICK_SAVE = [
    Binding("space", "toggle_button", "Toggle", show=False),
    Binding("enter", "screen.save", "Save", show=False),
]
TICK = [
    Binding("space", "toggle_button", "Toggle", show=False),
    Binding("enter", "screen.start", "Import", show=False),
]
IMPORT = [
    Binding("escape", "cancel", "Close", id="import-cancel"),
]
CONFIRM = [
    Binding("y", "answer(True)", "Yes", id="confirm-yes"),
    Binding("n,escape", "answer(False)", "No", id="confirm-no"),
]
ERROR = [
    Binding("escape,enter", "dismiss", "Close", id="error-close"),
]


def _also(key: str, description: str) -> Binding:
    """A key a widget handles itself (a list's select, the palette): listed, not bound."""
    return Binding(key, "", description)


# (scope, bindings) of every key, the app's own first: the help screen, the ``[keys]`` check
# (tui.config.keymap_conflicts) and the README's key table read this list.
SECTIONS: list[tuple[str, list[Binding]]] = [
    ("Everywhere", [*APP, Binding("ctrl+p", "command_palette", "Command palette: jump to a "
                                  "contact, any action, Import…", id="command-palette")]),
    ("Welcome", WELCOME),
    ("Main screen", MAIN),
    ("Contact list", CONTACT_LIST),
    ("Filter", FILTER),
    ("Profile", [_also("pageup,pagedown", "Scroll a page (arrows, home, end too; tab from the "
                                         "list gets here)"), *PROFILE]),
    ("Interactions", INTERACTIONS),
    ("Who can", [_also("enter", "The whole path, with each tie's reason"), *WHO_CAN]),
    ("Path", PATH),
    ("Stats", [_also("enter", "Jump to the overdue contact"), *STATS]),
    ("Today", [_also("enter", "Go to the person (c e m o then log with them)"), *TODAY]),
    ("Sort/view", [_also("enter", "Show the list that way (the sort is remembered)"),
                   *VIEWS]),
    ("Duplicates", DUPES),
    ("Dialogs", [_also("enter", "Save (log, link, edit)"), *DIALOG,
                 _also("escape", "Cancel: nothing written")]),
    ("Quick log", [_also("space", "Tick a participant or the team's Share box"), *LOG]),
    ("Contact form", CONTACT_FORM),
    ("Link", LINK),
    ("Snooze", [_also("enter", "Snooze to the day typed"), *SNOOZE]),
    ("Import", [_also("space", "Tick or untick an option"), *IMPORT]),
    ("Confirm", CONFIRM),
    ("Help", HELP),
]


def shown(key: str) -> str:
    """A key spec as a person reads it: "u,ctrl+z" -> "u, ctrl+z", "question_mark" -> "?"."""
    names = {"question_mark": "?", "slash": "/", "pageup": "page up", "pagedown": "page down"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def markdown() -> str:
    """The README's key table: one row per key of ``SECTIONS``."""
    lines = ["| where | key | does | id (for `[keys]`) |", "|---|---|---|---|"]
    for scope, bindings in SECTIONS:
        for b in bindings:
            key = shown(b.key).replace("|", "\\|")
            lines.append(f"| {scope} | `{key}` | {b.tooltip or b.description} | {b.id or ''} |")
    return "\n".join(lines) + "\n"
