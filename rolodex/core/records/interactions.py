"""The interaction log: log, edit, delete, list. Keeps my ties (``my_tie``: my last touch,
tie accumulator and ``follow_up_due`` per contact, core/db/my_ties.py) current
(an entry may carry a follow-up day; a later one-to-one entry with that person closes it:
core/db/derived.py), in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups
from rolodex.core.db.fastread import on_session
from rolodex.core.db.models import KINDS, Contact, Interaction, Participant
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, RolodexError, UsageError
from rolodex.core.team.bands import refresh_bands
from rolodex.core.team.by import By, logged_by


@dataclass
class InteractionView:
    id: int
    kind: str
    at: datetime
    summary: str
    details: str
    direction: str | None
    project: str
    follow_up: date | None
    one_to_many: bool
    participants: list[tuple[int, str]]
    by: By | None = None  # who logged it, on a team rolodex (core/team); None off a team
    shared: bool = False  # a team rolodex: colleagues can read it (log --share)


def check_kind(kind: str) -> str:
    k = kind.strip().lower()
    if k not in KINDS:
        raise UsageError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    return k


def log_interaction(
    store: Store,
    kind: str,
    contact_ids: list[int],
    summary: str = "",
    *,
    at: datetime | None = None,
    details: str = "",
    direction: str | None = None,
    project: str = "",
    follow_up: date | None = None,
    one_to_many: bool = False,
    shared: bool = False,
) -> int:
    """Log one interaction with one or more participants, in one transaction. On a team
    rolodex it is the logger's alone unless ``shared`` (a meeting's minutes, for the team)."""
    kind = check_kind(kind)
    if not contact_ids:
        raise UsageError("an interaction needs at least one contact")
    if direction not in (None, "in", "out"):
        raise UsageError(f"direction: '{direction}' is not in or out")
    if len(summary) > 500:
        raise UsageError("summary: longer than 500 characters (put the rest in details)")
    when = (at or store.now()).replace(microsecond=0)
    ids = list(dict.fromkeys(contact_ids))
    with store.tx() as s:
        found = set(s.scalars(select(Contact.id).where(Contact.id.in_(ids))))
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"no contact #{missing[0]}")
        it = Interaction(kind=kind, at=when, summary=summary.strip(), details=details,
                         direction=direction, project=project, follow_up=follow_up,
                         one_to_many=one_to_many, shared=shared, created_at=store.now())
        s.add(it)
        s.flush()
        for cid in ids:
            s.add(Participant(interaction_id=it.id, contact_id=cid))
        if not one_to_many:
            my_ties.add(s, my_ties.touches_of(it, ids))
        if follow_up is not None or not one_to_many:  # a later entry closes earlier ones
            refresh_follow_ups(s, ids)
        refresh_bands(store, s, ids)
        iid = it.id
    store.notify("interaction", (iid, ids))
    return iid


def edit_interaction(store: Store, iid: int, **changes) -> None:
    """Change an entry in one transaction; on a team rolodex only one I logged, and
    ``shared`` shares it with the team or takes it back (colleagues see the change at
    their next read: the database's policies)."""
    allowed = {"kind", "at", "summary", "details", "direction", "project", "follow_up",
               "shared"}
    participants = changes.pop("participants", None)
    bad = set(changes) - allowed
    if bad:
        raise UsageError(f"cannot edit {', '.join(sorted(bad))}")
    if "kind" in changes:
        changes["kind"] = check_kind(changes["kind"])
    with store.tx() as s:
        it, before = _with_people(store, s, iid)
        gone = my_ties.touches_of(it, before)
        for k, v in changes.items():
            setattr(it, k, v)
        if participants is not None:
            if not participants:
                raise UsageError("an interaction needs at least one contact")
            s.execute(delete(Participant).where(Participant.interaction_id == iid))
            for cid in dict.fromkeys(participants):
                s.add(Participant(interaction_id=iid, contact_id=cid))
        s.flush()
        my_ties.changed(s, gone, my_ties.touches_of(it, participants or before))
        refresh_follow_ups(s, before + list(participants or []))
        refresh_bands(store, s, before + list(participants or []))
    store.notify("interaction", (iid, before + list(participants or [])))


def _with_people(store: Store, s, iid: int) -> tuple[Interaction, list[int]]:
    """Interaction ``iid`` to change and the ids of its participants (NotFound when it is
    gone). On a team rolodex only one I logged: a colleague's shared minutes are read-only
    (the database refuses them anyway; this says why)."""
    it = s.get(Interaction, iid)
    if it is None:
        raise NotFound(f"no interaction #{iid}")
    me = store.team_login()
    if me is not None and it.owner is not None and it.owner != me:
        raise RolodexError(f"interaction #{iid} was logged by {it.owner}, shared with the "
                           "team: only they can change it")
    return it, list(s.scalars(select(Participant.contact_id)
                              .where(Participant.interaction_id == iid)))


def delete_interaction(store: Store, iid: int) -> None:
    with store.tx() as s:
        it, who = _with_people(store, s, iid)
        gone = my_ties.touches_of(it, who)
        s.execute(delete(Participant).where(Participant.interaction_id == iid))
        s.delete(it)
        s.flush()
        my_ties.changed(s, gone, [])
        refresh_follow_ups(s, who)
        refresh_bands(store, s, who)
    store.notify("interaction", (iid, who))


def list_interactions(store: Store, contact_id: int, limit: int | None = 200
                      ) -> list[InteractionView]:
    """A contact's interactions, newest first, with every participant's name."""
    with store.read() as s:
        q = (select(Interaction)
             .join(Participant, Participant.interaction_id == Interaction.id)
             .where(Participant.contact_id == contact_id)
             .order_by(Interaction.at.desc(), Interaction.id.desc()))
        if limit:
            q = q.limit(limit)
        items = list(s.scalars(q))
        if not items:
            return []
        who: dict[int, list[tuple[int, str]]] = {}
        for iid, cid, name in s.execute(
            select(Participant.interaction_id, Contact.id, Contact.name)
            .join(Contact, Contact.id == Participant.contact_id)
            .where(Participant.interaction_id.in_([i.id for i in items]))
        ):
            who.setdefault(iid, []).append((cid, name))
        by = logged_by(on_session(s), store.team_login(), [i.owner for i in items])
    return [InteractionView(i.id, i.kind, i.at, i.summary, i.details, i.direction, i.project,
                            i.follow_up, i.one_to_many, who.get(i.id, []), by.get(i.owner),
                            bool(i.shared))
            for i in items]
