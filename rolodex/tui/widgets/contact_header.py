"""The contact header: who this is and where we stand, and every field of the card (tie,
cadence, skills, tags, emails, phones, location, address, URL, birthday, category, who
they know, endorsements, notes).

It scrolls: ``tab`` from the list focuses it, ``j``/``k``, arrows, page keys, ``home`` and
``end`` move through a long profile, ``escape`` goes back to the contacts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.widgets import Static

from rolodex.core.network.bands import month_words
from rolodex.core.records.cadence import status as cadence_status
from rolodex.core.today import follow_up_state
from rolodex.core.when import ago_words, birthday_words
from rolodex.tui import keys
from rolodex.tui.profile import Profile

STATUS_WORDS = {"ok": "on track", "due": "due soon", "overdue": "overdue"}
LABEL = 9  # the width of a field's label


class ContactHeader(VerticalScroll):
    """Renders a ``Profile``; ``show(None)`` for no selection. Its height is set in the
    stylesheet (not by its content), so an update repaints it without moving the panes;
    what does not fit is scrolled to."""

    BINDINGS = keys.PROFILE

    @dataclass
    class Left(Message):
        header: ContactHeader

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.profile: Profile | None = None
        self.text = Text()  # what the pane shows (its plain text is what tests read)

    def compose(self) -> ComposeResult:
        yield Static(id="profile-body")

    def show(self, p: Profile | None, now: datetime) -> None:
        same = p is not None and self.profile is not None and p.id == self.profile.id
        self.profile = p
        if p is None:
            self.border_title = "Contact"
            self.text = Text("No contact selected", style="dim")
        else:
            role = ", ".join(x for x in (p.title, p.company) if x)
            title = f"{p.name} · {role}" if role else p.name
            self.border_title = escape(title)  # a border title is markup; names are not
            self.text = render_profile(p, now)
        shown = profile_grid(p, now) if p is not None else self.text
        self.query_one("#profile-body", Static).update(shown)
        if not same:
            self.scroll_home(animate=False)

    def action_leave(self) -> None:
        self.post_message(self.Left(self))


def render_profile(p: Profile, now: datetime) -> Text:
    """The whole profile as one text (what the pane shows, and what tests read)."""
    lead, rows = profile_rows(p, now)
    t = lead.copy()
    for label, value in rows:
        t.append("\n")
        t.append(f"{label:<{LABEL}}", style="dim")
        t.append_text(value)
    return t


def profile_grid(p: Profile, now: datetime) -> Group:
    """The profile as the pane draws it: the summary line, then a label column and a value
    column, so a long value (notes, an address) wraps under itself."""
    lead, rows = profile_rows(p, now)
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", width=LABEL - 1, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for label, value in rows:
        grid.add_row(label, value)
    return Group(lead, grid)


def profile_rows(p: Profile, now: datetime) -> tuple[Text, list[tuple[str, Text]]]:
    """The summary line (tie, last touch, cadence) and (label, value) for every field the
    card has, in the order shown; a label is "" on a field's later rows (who they know)."""
    t = Text(no_wrap=False, overflow="fold")
    if p.archived:
        t.append("archived · ", style="bold red")
    if p.private:
        t.append("private · ", style="bold magenta")
    if p.known_directly:
        t.append(f"tie {p.tie:.2f}", style="bold")
        t.append(f" ({p.tie_reason})", style="dim")
    else:
        t.append("known only through others", style="italic")
    last = p.interactions[0] if p.interactions else None
    t.append(" · last touch ")
    t.append(ago_words(p.last_touch_at, now) if p.last_touch_at else "never")
    if p.cadence_days:
        state = cadence_status(p.last_touch_at, p.cadence_days, now, p.created_at)
        t.append(f" · every {p.cadence_days}d ")
        t.append(STATUS_WORDS.get(state or "", ""), style=_state_style(state))
    elif last is None:
        t.append(" · no cadence", style="dim")
    if p.follow_up_due:
        due = date.fromisoformat(p.follow_up_due)
        t.append(" · follow up by ")
        t.append(f"{due:%a %d %b}", style=_state_style(follow_up_state(due, now.date())))
    rows: list[tuple[str, Text]] = []

    def line(label: str, value: str) -> None:
        if value.strip():
            rows.append((label, Text(value.strip())))

    line("skills", ", ".join(p.skills))
    line("tags", ", ".join(p.tags))
    _values(rows, "email", p.emails, p.unchecked)
    _values(rows, "phone", p.phones, p.unchecked)
    line("location", p.location)
    line("address", p.address)
    line("url", p.url)
    line("birthday", birthday_words(p.birthday))
    about = [p.category] if p.category and p.category != "other" else []
    if p.closeness is not None:
        about.append(f"closeness {p.closeness} of 5")
    if p.met_on:
        about.append(f"met {p.met_on}")
    line("about", " · ".join(about))
    if p.team:
        line("team", ", ".join(f"{b['name']} ({b['band']}, {month_words(b['last_touch'])})"
                               for b in p.team))
    for i, (_id, name, strength, how) in enumerate(p.knows):
        rows.append(("knows" if i == 0 else "",
                     Text.assemble(f"{name} ({strength})", (f" · {how}" if how else "", "dim"))))
    for skill, by, note in p.endorsements:
        rows.append(("endorsed", Text.assemble(skill + (f" by {by}" if by else ""),
                                               (f": {note}" if note else "", "dim"))))
    line("notes", p.notes)
    return t, rows


def _values(rows: list, label: str, values: list[str], unchecked: list[str]) -> None:
    """Emails or phones; those an import kept unchecked (they do not parse) dimmed."""
    if not values:
        return
    t = Text()
    for i, v in enumerate(values):
        if i:
            t.append(", ")
        t.append(v, style="dim italic" if v in unchecked else "")
    rows.append((label, t))


def _state_style(state: str | None) -> str:
    return {"overdue": "bold red", "due": "yellow", "ok": "green"}.get(state or "", "")
