"""Writing the generated demo: one transaction, SQLAlchemy Core executemany throughout
(contacts through rolodex.core.records.bulk), ids mapped from generation order to the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import bindparam, delete, func, insert, select, text, update

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups
from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Endorsement,
    Interaction,
    Introduction,
    Knows,
    MyTie,
    Participant,
    Skill,
    Tag,
)
from rolodex.core.errors import RolodexError
from rolodex.core.records.bulk import big_cache, bulk_insert_contacts, bulk_load, raw_insert
from rolodex.core.records.contacts import ContactIn
from rolodex.core.text import nfc, vocab_key

from .extras import Endorse, Intro
from .history import Log
from .network import Network
from .people import People

CHUNK = 5000
_WIPE_ORDER = (MyTie, Introduction, Endorsement, Knows, Participant, Interaction, ContactTag,
               ContactSkill, ContactEmail, ContactPhone, Contact, Skill, Tag)


def _chunks(seq: Sequence, size: int = CHUNK):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _contact_in(p, birthday: str = "") -> ContactIn:
    return ContactIn(
        name=p.name, company=p.company_name, title=p.title, emails=p.emails, phones=p.phones,
        email_labels=["work" if "@" in e and i == 0 and p.company_name else "home"
                      for i, e in enumerate(p.emails)],
        phone_labels=["work" if i == 0 else "mobile" for i in range(len(p.phones))],
        address=p.address, location=f"{p.city.name}, {p.city.country}", notes=p.notes,
        category=p.category, known_directly=p.known_directly, closeness=p.closeness,
        cadence_days=p.cadence_days, skills=p.skills, tags=p.tags, met_on=p.met_on,
        birthday=birthday,
    )


def write_all(store, people: People, net: Network, log: Log, ends: list[Endorse],
              intros: list[Intro], now: datetime, *, replace: bool,
              step: Callable[[float], None], role: str | None = None,
              birthdays: dict[int, str] | None = None,
              follow_ups: dict[int, date] | None = None) -> dict:
    """Everything in one transaction; with ``role`` (an administrator's store on a team
    rolodex) every row is written as that member (SET LOCAL ROLE: the server's defaults
    and policies apply). Returns the participants written and the contacts' ids."""
    birthdays, follow_ups = birthdays or {}, follow_ups or {}
    persons = people.persons
    for p in persons:
        p.company_name = people.companies[p.company].name if p.company >= 0 else ""
    n_rows = len(persons) + len(net.edges) + len(log) * 2 + 1
    done = 0

    def advance(rows: int) -> None:
        nonlocal done
        done += rows
        step(min(done / n_rows, 1.0))

    with store.tx() as s:
        if replace:
            for model in _WIPE_ORDER:
                s.execute(delete(model.__table__))
        elif s.execute(select(func.count()).select_from(Contact)).scalar_one():
            raise RolodexError("the rolodex got contacts while the demo was being built; "
                               "nothing was written")
        big_cache(s, 64_000)
        as_role(s, role)
        ids: list[int] = []
        with bulk_load(s, len(persons)):
            for chunk in _chunks(persons):
                ids += bulk_insert_contacts(s, [_contact_in(p, birthdays.get(p.idx, ""))
                                                for p in chunk], now, check=False)
                advance(len(chunk))
        ct = Contact.__table__
        s.execute(
            update(ct).where(ct.c.id == bindparam("_id"))
            .values(created_at=bindparam("_c"), updated_at=bindparam("_c")),
            [{"_id": ids[p.idx], "_c": p.added_at} for p in persons],
        )
        sqlite = s.get_bind().dialect.name == "sqlite"
        edges = list(net.edges.items())
        for chunk in _chunks(edges, 20000):
            rows = [(ids[a], ids[b], st, how[:300],
                     _day(persons[a].added_at, persons[b].added_at, sqlite))
                    for (a, b), (st, how) in chunk]
            raw_insert(s, "knows", ("a_id", "b_id", "strength", "how", "since"), rows)
            advance(len(chunk))
        participants = insert_log(s, ids, log, advance, role, follow_ups)
        if follow_ups:  # who still owes one: the writers' own rule
            refresh_follow_ups(s, {ids[i] for k in follow_ups for i in log.who[k]})
        skill_id = dict(s.execute(select(Skill.key, Skill.id)).all())
        rows = [{"contact_id": ids[e.who], "skill_id": skill_id[vocab_key(nfc(e.skill))],
                 "by_id": ids[e.by], "note": e.note, "at": e.at} for e in ends]
        if rows:
            s.execute(insert(Endorsement.__table__), rows)
        rows = [{"introducer_id": ids[x.introducer], "target_id": ids[x.target],
                 "for_what": x.for_what[:300], "note": "", "status": x.status,
                 "asked_at": x.asked_at, "closed_at": x.closed_at} for x in intros]
        if rows:
            s.execute(insert(Introduction.__table__), rows)
        as_role(s, None)
        _set_sequence(s, len(log))
        advance(1)
        big_cache(s, None)
    return {"participants": participants, "ids": ids}


def as_role(s, role: str | None) -> None:
    """Write as team member ``role`` from here on in this transaction (None: as the
    store's own login again)."""
    if role is not None:
        s.execute(text('SET LOCAL ROLE "' + role.replace('"', '""') + '"'))
    elif s.get_bind().dialect.name == "postgresql":
        s.execute(text("RESET ROLE"))


def insert_log(s, ids: list[int], log: Log, advance, role: str | None = None,
               follow_ups: dict[int, date] | None = None) -> int:
    """The log's interactions and participants (contacts by generation order -> ``ids``);
    how many participants. Ids are given, not returned: INSERT ... RETURNING in parameter
    order runs row by row on SQLite. The transaction holds the write lock, so max(id) + k
    is free: read as the store's own login, which sees every row (a member sees only
    theirs)."""
    it = Interaction.__table__
    if role:
        as_role(s, None)
    base = s.execute(select(func.coalesce(func.max(it.c.id), 0))).scalar_one()
    if role:
        as_role(s, role)
    participants = 0
    for chunk in _chunks(list(range(len(log))), 20000):
        rows = [{"id": base + 1 + k, "kind": log.kind[k], "direction": log.direction[k],
                 "at": log.at[k], "summary": log.summary[k][:500], "details": "",
                 "project": "", "follow_up": (follow_ups or {}).get(k),
                 "one_to_many": log.one_to_many[k], "created_at": log.at[k]} for k in chunk]
        s.execute(insert(it), rows)
        parts = [(base + 1 + k, ids[i]) for k in chunk for i in log.who[k]]
        for pchunk in _chunks(parts, 50000):
            raw_insert(s, Participant.__tablename__, ("interaction_id", "contact_id"), pchunk)
        participants += len(parts)
        advance(len(chunk) * 2)
    # my ties, computed once from the log in memory (as ``role`` on a team)
    my_ties.add(s, [(ids[i], log.kind[k], log.at[k]) for k in range(len(log))
                    if not log.one_to_many[k] for i in log.who[k]])
    return participants


def _set_sequence(s, n: int) -> None:
    if s.get_bind().dialect.name == "postgresql" and n:
        s.execute(text("SELECT setval(pg_get_serial_sequence('interaction', 'id'), "
                       "(SELECT max(id) FROM interaction))"))


def write_member_log(store, role: str, ids: list[int], log: Log) -> int:
    """A team member's own log over the demo's cards, as that member, in one transaction;
    the cards' last touches follow. How many participants."""
    with store.tx() as s:
        participants = insert_log(s, ids, log, lambda rows: None, role)
        as_role(s, None)
        _set_sequence(s, len(log))
    return participants


def _day(a: datetime, b: datetime, as_text: bool):
    d = max(a, b).date()
    return d.isoformat() if as_text else d
