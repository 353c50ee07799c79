"""What the contact pane shows about one person, read in a worker thread.

The tie strength is the core profile's (``core.ties.me_tie`` over the one-to-one
interactions); the words that explain it are made here from the same touches.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from rolodex.core.when import ago_words

if TYPE_CHECKING:
    from rolodex.core.interactions import InteractionView
    from rolodex.core.store import Store

PLURAL = {"call": "calls", "email": "emails", "meeting": "meetings", "message": "messages",
          "note": "notes", "other": "other touches"}


@dataclass
class Profile:
    id: int
    name: str
    company: str
    title: str
    category: str
    location: str
    known_directly: bool
    closeness: int | None
    cadence_days: int | None
    last_touch_at: datetime | None
    created_at: datetime | None
    archived: bool
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)  # emails/phones kept but not parsed
    knows: list[tuple[int, str, int, str]] = field(default_factory=list)
    interactions: list[InteractionView] = field(default_factory=list)
    tie: float = 0.0
    tie_reason: str = ""


def load_profile(store: Store, cid: int, now: datetime) -> Profile | None:
    """The profile of contact ``cid`` (None if it is gone): the core profile view for the
    fields, the interaction log with every participant for the pane."""
    from rolodex.core.errors import NotFound
    from rolodex.core.profile import profile

    try:
        d = profile(store, cid, interactions=0)
    except NotFound:
        return None
    p = Profile(d["id"], d["name"], d["company"], d["title"], d["category"], d["location"],
                d["known_directly"], d["closeness"], d["cadence_days"],
                _dt(d["last_touch_at"]), _dt(d["created_at"]), d["archived"],
                emails=d["emails"], phones=d["phones"], skills=d["skills"], tags=d["tags"],
                unchecked=d["unchecked"],
                knows=[(k["id"], k["name"], k["strength"], k["how"]) for k in d["knows"]])
    from rolodex.core.interactions import list_interactions

    every = list_interactions(store, cid, limit=None)
    p.interactions = every[:500]
    # The tie itself is the core's (the number `rolodex show` prints); only the words
    # are made here, from the same one-to-one touches.
    p.tie = d["tie"] or 0.0
    p.tie_reason = tie_reason(every, now, p.tie, p.closeness, p.known_directly)
    return p


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def tie_reason(items: list[InteractionView], now: datetime, tie: float,
               closeness: int | None, known_directly: bool = True) -> str:
    """Why my tie is ``tie``: '8 calls and a meeting, last call 3 days ago'."""
    if not known_directly:
        return "known only through others"
    touches = [(i.kind, i.at) for i in items if not i.one_to_many]
    if not touches:
        return f"closeness {closeness}/5" if closeness else "no history yet"
    kinds = Counter(k for k, _ in touches)
    parts = [f"{n} {PLURAL.get(k, k) if n > 1 else k}" for k, n in kinds.most_common(3)]
    if len(kinds) > 3:
        parts.append("more")
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    last_kind, last_at = max(touches, key=lambda t: t[1])
    reason = f"{said}, last {last_kind} {ago_words(last_at, now)}"
    if closeness and tie <= closeness / 5 + 1e-9:
        reason += f"; closeness {closeness}/5"
    return reason

