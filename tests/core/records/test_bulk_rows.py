"""The bulk path (plain tuples straight to the driver, no SQLAlchemy bind processing) stores
exactly what the one-contact path stores, column for column, on SQLite and PostgreSQL:
dates and times in the same form, every column given (none left to a Python-side default
the driver path would skip), emails and phones with their norms and checked flags."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Skill,
    Tag,
)
from rolodex.core.records.bulk import bulk_insert_contacts
from rolodex.core.records.contacts import ContactIn, insert_contact


def rich(uid: str, odd: bool = False) -> ContactIn:
    """``odd``: with an email and a phone that fail their checks (an import keeps them)."""
    return ContactIn(
        name="Zoë Ångström", company="Acme, Inc.", title="CFO", address="1 Main St\nBerlin",
        location="Berlin", url="https://example.com/zoe", notes="met at a fair",
        category="customer", known_directly=False, closeness=4, cadence_days=30,
        emails=["zoe@example.com", "zoe@example.com ", "zoe@home.example"]
        + (["not an email"] if odd else []), email_labels=["work", "", "home"],
        phones=["+49 30 1234567"] + (["BusinessPhone"] if odd else []),
        phone_labels=["mobile"], skills=["Go", "go ", "Rust"], tags=["vip"],
        birthday="--03-14", met_on=date(2020, 5, 17), uid=uid,
        extra={"csv": {"Nickname": "Zo"}})


def stored(s, cid: int) -> dict:
    ct = Contact.__table__
    conn = s.connection()
    row = dict(conn.execute(select(ct).where(ct.c.id == cid)).mappings().one())
    # as the database holds it (SQLite: text), not as SQLAlchemy reads it back
    raw = conn.exec_driver_sql(
        "SELECT created_at, updated_at, met_on FROM contact WHERE id = %d" % cid).one()
    out = {"contact": {k: v for k, v in row.items() if k not in ("id", "uid")},
           "raw": tuple(str(v) for v in raw)}
    for model in (ContactEmail, ContactPhone):
        t = model.__table__
        out[t.name] = [{k: v for k, v in r.items() if k not in ("id", "contact_id")}
                       for r in conn.execute(select(t).where(t.c.contact_id == cid)
                                             .order_by(t.c.position)).mappings()]
    out["skills"] = sorted(conn.execute(select(Skill.name).join(
        ContactSkill, ContactSkill.skill_id == Skill.id).where(
        ContactSkill.contact_id == cid)).scalars())
    out["tags"] = sorted(conn.execute(select(Tag.name).join(
        ContactTag, ContactTag.tag_id == Tag.id).where(ContactTag.contact_id == cid)).scalars())
    return out


def test_bulk_insert_stores_what_a_single_insert_stores(store):
    now = store.now()
    with store.tx() as s:
        one = insert_contact(s, rich("uid-one"), now)
        # the first bulk batch also creates nothing new in the vocabulary: both share it
        ids = bulk_insert_contacts(s, [rich("uid-two"), ContactIn(name="Plain"),
                                       rich("uid-three", odd=True)], now, check=False)
    with store.read() as s:
        single, bulk = stored(s, one), stored(s, ids[0])
        assert bulk == single
        odd = stored(s, ids[2])
        assert [(r["value"], r["checked"]) for r in odd["contact_email"]][-1] == \
            ("not an email", False)  # kept, unchecked
        assert [(r["value"], r["checked"]) for r in odd["contact_phone"]] == \
            [("+49 30 1234567", True), ("BusinessPhone", False)]
        assert s.execute(select(Contact.uid).where(Contact.id == ids[0])).scalar_one() \
            == "uid-two"
        plain = s.execute(select(Contact.uid, Contact.met_on).where(
            Contact.id == ids[1])).one()
        assert len(plain.uid) == 36 and plain.met_on is None  # a UUID given at creation
    assert ids == [one + 1, one + 2, one + 3]


def test_bulk_ids_are_new_and_in_order_after_deletes(store):
    now = store.now()
    with store.tx() as s:
        first = bulk_insert_contacts(s, [ContactIn(name=f"P{i}") for i in range(5)], now)
    with store.tx() as s:
        s.execute(Contact.__table__.delete().where(Contact.id == first[-1]))
    with store.tx() as s:
        more = bulk_insert_contacts(s, [ContactIn(name=f"Q{i}") for i in range(3)], now)
    assert len(set(more)) == 3 and more == sorted(more) and min(more) > first[-2]
    with store.read() as s:
        names = dict(s.execute(select(Contact.id, Contact.name)).all())
    assert [names[i] for i in more] == ["Q0", "Q1", "Q2"]
