"""The contact header: who this is and where we stand (profile line, skills, tags, ties)."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.markup import escape
from textual.widgets import Static

from rolodex.core.network.bands import month_words
from rolodex.core.records.cadence import status as cadence_status
from rolodex.core.today import birthday_words, follow_up_state
from rolodex.core.when import ago_words
from rolodex.tui.profile import Profile

STATUS_WORDS = {"ok": "on track", "due": "due soon", "overdue": "overdue"}


class ContactHeader(Static):
    """Renders a ``Profile``; ``show(None)`` for no selection. Its height is fixed in the
    stylesheet, so an update repaints it without a layout of the whole screen."""

    def show(self, p: Profile | None, now: datetime) -> None:
        self.profile = p
        if p is None:
            self.border_title = "Contact"
            self.update(Text("No contact selected", style="dim"), layout=False)
            return
        role = ", ".join(x for x in (p.title, p.company) if x)
        title = f"{p.name} · {role}" if role else p.name
        self.border_title = escape(title)  # a border title is markup; names are not
        self.update(render_profile(p, now), layout=False)


def render_profile(p: Profile, now: datetime) -> Text:
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
    t.append("\n")
    _line(t, "born", birthday_words(p.birthday))
    _line(t, "skills", ", ".join(p.skills))
    _line(t, "tags", ", ".join(p.tags))
    _values(t, "email", p.emails, p.unchecked)
    _values(t, "phone", p.phones, p.unchecked)
    if p.team:
        _line(t, "team", ", ".join(f"{b['name']} ({b['band']}, {month_words(b['last_touch'])})"
                                    for b in p.team))
    if p.knows:
        shown = ", ".join(f"{name} ({s})" for _id, name, s, _how in p.knows[:6])
        more = f" and {len(p.knows) - 6} more" if len(p.knows) > 6 else ""
        _line(t, "knows", shown + more)
    t.rstrip()
    return t


def _line(t: Text, label: str, value: str) -> None:
    if value:
        t.append(f"{label:<7}", style="dim")
        t.append(value + "\n")


def _values(t: Text, label: str, values: list[str], unchecked: list[str]) -> None:
    """Emails or phones; those an import kept unchecked (they do not parse) dimmed."""
    if not values:
        return
    t.append(f"{label:<7}", style="dim")
    for i, v in enumerate(values):
        if i:
            t.append(", ")
        t.append(v, style="dim italic" if v in unchecked else "")
    t.append("\n")


def _state_style(state: str | None) -> str:
    return {"overdue": "bold red", "due": "yellow", "ok": "green"}.get(state or "", "")
