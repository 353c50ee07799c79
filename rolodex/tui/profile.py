"""What the contact pane shows about one person, read in a worker thread.

The tie strength is the core profile's (``core.ties.me_tie`` over the one-to-one
interactions) and its reason the core's (``core.network.explain``), worded by the one
``words`` that `rolodex who` uses too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rolodex.core.db.store import Store
    from rolodex.core.records.interactions import InteractionView


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
    address: str = ""
    url: str = ""
    notes: str = ""
    birthday: str = ""  # ISO or partial (--MM-DD)
    met_on: str | None = None
    endorsements: list[tuple[str, str | None, str]] = field(default_factory=list)
    interactions: list[InteractionView] = field(default_factory=list)
    tie: float = 0.0
    tie_reason: str = ""
    private: bool = False  # a team rolodex: my personal card
    team: list[dict] = field(default_factory=list)  # colleagues' shared bands (show --json)
    birthday: str = ""
    follow_up_due: str | None = None  # ISO day of the earliest open follow-up


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
                unchecked=d["unchecked"], follow_up_due=d["follow_up_due"],
                knows=[(k["id"], k["name"], k["strength"], k["how"]) for k in d["knows"]],
                address=d["address"], url=d["url"], notes=d["notes"], birthday=d["birthday"],
                met_on=d["met_on"],
                endorsements=[(e["skill"], e["by"], e["note"])
                              for e in d.get("endorsements", [])],
                private=d["private"], team=d["team"])
    from rolodex.core.network.explain import my_ties, words
    from rolodex.core.records.interactions import list_interactions

    p.interactions = list_interactions(store, cid, limit=500)
    # The tie and its reason are the core's (what `rolodex show` and `rolodex who` say);
    # only their words are shown here.
    p.known_directly = d["tie"] is not None  # on a team: by my own log (bands.my_view)
    p.tie = d["tie"] or 0.0
    p.tie_reason = words(my_ties(store, {cid: p.tie}, now)[cid])
    return p


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
