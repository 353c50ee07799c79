"""Merge two contacts into one: keep A, move everything of B onto A, delete B.

One transaction. Emails and phones (by normalised value), skills, tags, interactions
(participations), knows-edges, endorsements and introductions move without duplicates;
A's empty fields are filled from B; notes are kept from both. A keeps its UID and B's is
remembered in A's extra data (``"uids"``), so an import of B's old card still finds A.
``fill`` is the one set of field rules, shared with the importer's merges.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, text, update

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups
from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Endorsement,
    Introduction,
    Knows,
    Participant,
    text_fold,
)
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, UsageError
from rolodex.core.text import fold

FILL = ("company", "title", "address", "location", "url", "birthday", "met_on",
        "closeness", "cadence_days")


@dataclass
class MergeResult:
    kept: int
    removed: int
    moved: dict[str, int] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)


def merge_contacts(store: Store, keep: int, drop: int) -> MergeResult:
    """Merge contact ``drop`` into ``keep`` (one transaction); ``drop`` is deleted."""
    if keep == drop:
        raise UsageError("cannot merge a contact with itself")
    res = MergeResult(keep, drop)
    login = store.team_login()
    with store.tx() as s:
        a, b = s.get(Contact, keep), s.get(Contact, drop)
        for cid, c in ((keep, a), (drop, b)):
            if c is None:
                raise NotFound(f"no contact #{cid}")
        if login is not None and _colleagues_have(s, drop):
            raise UsageError(
                f"cannot merge #{drop} into #{keep}: a colleague's entries or links are with "
                f"#{drop}, which only they can move (a merge would lose them); ask the team's "
                "administrator to merge the two")
        res.moved["emails"] = _move_values(s, ContactEmail, keep, drop)
        res.moved["phones"] = _move_values(s, ContactPhone, keep, drop)
        res.moved["skills"] = _move_links(s, ContactSkill, ContactSkill.skill_id, keep, drop)
        res.moved["tags"] = _move_links(s, ContactTag, ContactTag.tag_id, keep, drop)
        res.moved["interactions"] = _move_participations(s, keep, drop)
        res.moved["knows"] = _move_knows(s, keep, drop)
        res.moved["endorsements"] = _move_endorsements(s, keep, drop)
        res.moved["introductions"] = _move_intros(s, keep, drop)
        res.filled = _fill_fields(a, b)
        b_uid = b.uid
        s.delete(b)
        s.flush()
        if b_uid and not a.uid:
            a.uid = b_uid
            res.filled.append("uid")
        elif b_uid and b_uid != a.uid:
            # B's UID stays A's too: re-importing B's old card finds A (interchange/dedupe).
            extra = json.loads(a.extra) if a.extra else {}
            extra["uids"] = [*extra.get("uids", []), b_uid]
            a.extra = json.dumps(extra, ensure_ascii=False)
        a.name_fold = fold(a.name)
        a.text_fold = text_fold(a.address, a.url, a.notes)
        a.created_at = min(a.created_at, b.created_at)
        a.updated_at = store.now()
        s.flush()
        # drop's rows of my_tie went with it (ON DELETE CASCADE); a team's administrator
        # moved everyone's entries, so everyone's rows of keep are made again
        my_ties.recompute(s, [keep], every_owner=login is None)
        refresh_follow_ups(s, [keep], every_owner=login is None)
    store.notify("contact", keep)
    store.notify("contact", drop)
    return res


def _colleagues_have(s, cid: int) -> bool:
    """On a team rolodex: are there rows with this card that only a colleague may move
    (their entries' participants, their knows-edges and endorsements)? Row security hides
    them from me, and deleting the card would take them with it. Asked of the database
    (core/team/schema.py: a security-definer function that says yes or no, nothing more);
    a team database whose functions predate it says yes, so nothing is ever lost."""
    if not s.execute(text("SELECT to_regproc('rolodex_colleague_refs') IS NOT NULL")).scalar():
        return True
    return bool(s.execute(text("SELECT rolodex_colleague_refs(:c)"), {"c": cid}).scalar())


def _move_values(s, model, keep: int, drop: int) -> int:
    have = set(s.scalars(select(model.norm).where(model.contact_id == keep)))
    pos = s.execute(select(func.max(model.position)).where(model.contact_id == keep)
                    ).scalar_one()
    pos = -1 if pos is None else pos
    moved = 0
    for row in s.scalars(select(model).where(model.contact_id == drop)
                         .order_by(model.position, model.id)).all():
        if row.norm in have:
            s.delete(row)
            continue
        have.add(row.norm)
        pos += 1
        row.contact_id, row.position = keep, pos
        moved += 1
    s.flush()
    return moved


def _move_links(s, model, col, keep: int, drop: int) -> int:
    have = set(s.scalars(select(col).where(model.contact_id == keep)))
    theirs = set(s.scalars(select(col).where(model.contact_id == drop)))
    s.execute(delete(model).where(model.contact_id == drop))
    new = sorted(theirs - have)
    for vid in new:
        s.add(model(contact_id=keep, **{col.key: vid}))
    s.flush()
    return len(new)


def _move_participations(s, keep: int, drop: int) -> int:
    mine = set(s.scalars(select(Participant.interaction_id)
                         .where(Participant.contact_id == keep)))
    theirs = set(s.scalars(select(Participant.interaction_id)
                           .where(Participant.contact_id == drop)))
    s.execute(delete(Participant).where(Participant.contact_id == drop))
    new = sorted(theirs - mine)
    for iid in new:
        s.add(Participant(interaction_id=iid, contact_id=keep))
    s.flush()
    return len(new)


def _move_knows(s, keep: int, drop: int) -> int:
    edges = s.scalars(select(Knows).where((Knows.a_id == drop) | (Knows.b_id == drop))).all()
    mine = {(e.a_id if e.b_id == keep else e.b_id): e for e in s.scalars(
        select(Knows).where((Knows.a_id == keep) | (Knows.b_id == keep))).all()}
    moved = 0
    for e in edges:
        other = e.b_id if e.a_id == drop else e.a_id
        strength, how, since = e.strength, e.how, e.since
        s.delete(e)
        s.flush()
        if other == keep:
            continue
        have = mine.get(other)
        if have is not None:
            have.strength = max(have.strength, strength)
            have.how = have.how or how
            have.since = min(x for x in (have.since, since) if x) if (have.since or since) \
                else None
            continue
        lo, hi = min(keep, other), max(keep, other)
        mine[other] = Knows(a_id=lo, b_id=hi, strength=strength, how=how, since=since)
        s.add(mine[other])
        moved += 1
    s.flush()
    return moved


def _move_endorsements(s, keep: int, drop: int) -> int:
    seen = {(e.contact_id, e.skill_id, e.by_id) for e in s.scalars(select(Endorsement)).all()
            if keep in (e.contact_id, e.by_id)}
    moved = 0
    for e in s.scalars(select(Endorsement).where(
            (Endorsement.contact_id == drop) | (Endorsement.by_id == drop))).all():
        contact = keep if e.contact_id == drop else e.contact_id
        by = keep if e.by_id == drop else e.by_id
        key = (contact, e.skill_id, by)
        if contact == by or key in seen:
            s.delete(e)
            continue
        seen.add(key)
        e.contact_id, e.by_id = contact, by
        moved += 1
    s.flush()
    return moved


def _move_intros(s, keep: int, drop: int) -> int:
    s.execute(delete(Introduction).where(
        ((Introduction.introducer_id == drop) & (Introduction.target_id == keep))
        | ((Introduction.introducer_id == keep) & (Introduction.target_id == drop))))
    n = s.execute(update(Introduction).where(Introduction.introducer_id == drop)
                  .values(introducer_id=keep)).rowcount
    n += s.execute(update(Introduction).where(Introduction.target_id == drop)
                   .values(target_id=keep)).rowcount
    return n


def _fill_fields(a: Contact, b: Contact) -> list[str]:
    mine = {n: getattr(a, n) for n in FIELDS}
    filled = fill(mine, {n: getattr(b, n) for n in FIELDS})
    for n in FIELDS:
        if mine[n] is not getattr(a, n):
            setattr(a, n, mine[n])
    return filled


FIELDS = FILL + ("category", "known_directly", "notes", "extra")


def fill(a: dict, b: dict) -> list[str]:
    """The one set of merge rules (``rolodex merge``, ``rolodex dupes merge`` and an import
    merging a record into a contact or into an earlier record of the same file).

    ``a`` and ``b`` map field names to values (a contact row, ``ContactIn.__dict__``); ``a``
    is changed in place and the names of the changed fields returned. A's empty fields are
    filled from B (never overwritten), "other" gives way to B's category, known directly
    wins, B's notes are appended unless already there, extra data is united (A's wins,
    not listed).
    """
    filled = []
    for name in FILL:
        if a.get(name) in (None, "") and b.get(name) not in (None, ""):
            a[name] = b[name]
            filled.append(name)
    if a.get("category") == "other" and b.get("category") not in (None, "other"):
        a["category"] = b["category"]
        filled.append("category")
    if not a.get("known_directly") and b.get("known_directly"):
        a["known_directly"] = True
        filled.append("known_directly")
    notes = notes_union(a.get("notes") or "", b.get("notes") or "")
    if notes != (a.get("notes") or ""):
        a["notes"] = notes
        filled.append("notes")
    if b.get("extra"):
        old, new = a.get("extra") or {}, b["extra"]
        try:
            od = json.loads(old) if isinstance(old, str) else old
            nd = json.loads(new) if isinstance(new, str) else new
        except ValueError:
            return filled
        merged = merge_extra(od, nd)
        if merged != od:
            a["extra"] = json.dumps(merged, ensure_ascii=False) if isinstance(old, str) \
                or (not old and isinstance(new, str)) else merged
    return filled


def notes_union(old: str, new: str) -> str:
    new = new.strip()
    if not new or new in old:
        return old
    return f"{old.rstrip()}\n\n{new}" if old.strip() else new


def merge_extra(old: dict, new: dict) -> dict:
    """A's keys win; lists are united, dicts merged key by key."""
    out = dict(old)
    for k, v in new.items():
        if k not in out:
            out[k] = v
        elif isinstance(out[k], list) and isinstance(v, list):
            out[k] = out[k] + [x for x in v if x not in out[k]]
        elif isinstance(out[k], dict) and isinstance(v, dict):
            out[k] = {**v, **out[k]}
    return out
