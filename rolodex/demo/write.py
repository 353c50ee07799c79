"""Writing the generated demo: one transaction, SQLAlchemy Core executemany throughout
(contacts through rolodex.core.records.bulk), ids mapped from generation order to the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, func, insert, select, text, update

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
    Participant,
    Skill,
    Tag,
)
from rolodex.core.errors import RolodexError
from rolodex.core.records.bulk import big_cache, bulk_insert_contacts, raw_insert
from rolodex.core.records.contacts import ContactIn
from rolodex.core.text import nfc, vocab_key

from .extras import Endorse, Intro
from .history import Log
from .network import Network
from .people import People

CHUNK = 5000
_WIPE_ORDER = (Introduction, Endorsement, Knows, Participant, Interaction, ContactTag,
               ContactSkill, ContactEmail, ContactPhone, Contact, Skill, Tag)


def _chunks(seq: Sequence, size: int = CHUNK):
    for i in range(0, len(seq), size):
        yield seq[i:i + size]


def _contact_in(p) -> ContactIn:
    return ContactIn(
        name=p.name, company=p.company_name, title=p.title, emails=p.emails, phones=p.phones,
        email_labels=["work" if "@" in e and i == 0 and p.company_name else "home"
                      for i, e in enumerate(p.emails)],
        phone_labels=["work" if i == 0 else "mobile" for i in range(len(p.phones))],
        address=p.address, location=f"{p.city.name}, {p.city.country}", notes=p.notes,
        category=p.category, known_directly=p.known_directly, closeness=p.closeness,
        cadence_days=p.cadence_days, skills=p.skills, tags=p.tags, met_on=p.met_on,
    )


def write_all(store, people: People, net: Network, log: Log, ends: list[Endorse],
              intros: list[Intro], now: datetime, *, replace: bool,
              step: Callable[[float], None]) -> dict[str, int]:
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
        ids: list[int] = []
        for chunk in _chunks(persons):
            ids += bulk_insert_contacts(s, [_contact_in(p) for p in chunk], now, check=False)
            advance(len(chunk))
        ct = Contact.__table__
        s.execute(
            update(ct).where(ct.c.id == bindparam("_id"))
            .values(created_at=bindparam("_c"), updated_at=bindparam("_c"),
                    last_touch_at=bindparam("_t")),
            [{"_id": ids[p.idx], "_c": p.added_at, "_t": log.last_touch.get(p.idx)}
             for p in persons],
        )
        sqlite = s.get_bind().dialect.name == "sqlite"
        edges = list(net.edges.items())
        for chunk in _chunks(edges, 20000):
            rows = [(ids[a], ids[b], st, how[:300],
                     _day(persons[a].added_at, persons[b].added_at, sqlite))
                    for (a, b), (st, how) in chunk]
            raw_insert(s, "knows", ("a_id", "b_id", "strength", "how", "since"), rows)
            advance(len(chunk))
        participants = 0
        it = Interaction.__table__
        # Ids are given, not returned: INSERT ... RETURNING in parameter order runs row by
        # row on SQLite. The transaction holds the write lock, so max(id) + k is free.
        base = s.execute(select(func.coalesce(func.max(it.c.id), 0))).scalar_one()
        order = list(range(len(log)))
        for chunk in _chunks(order, 20000):
            rows = [{"id": base + 1 + k, "kind": log.kind[k], "direction": log.direction[k],
                     "at": log.at[k], "summary": log.summary[k][:500], "details": "",
                     "project": "", "follow_up": None, "one_to_many": log.one_to_many[k],
                     "created_at": log.at[k]} for k in chunk]
            s.execute(insert(it), rows)
            parts = [(base + 1 + k, ids[i]) for k in chunk for i in log.who[k]]
            for pchunk in _chunks(parts, 50000):
                raw_insert(s, Participant.__tablename__, ("interaction_id", "contact_id"),
                            pchunk)
            participants += len(parts)
            advance(len(chunk) * 2)
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
        if s.get_bind().dialect.name == "postgresql" and len(log):
            s.execute(text("SELECT setval(pg_get_serial_sequence('interaction', 'id'), "
                           "(SELECT max(id) FROM interaction))"))
        advance(1)
        big_cache(s, None)
    return {"participants": participants}


def _day(a: datetime, b: datetime, as_text: bool):
    d = max(a, b).date()
    return d.isoformat() if as_text else d
