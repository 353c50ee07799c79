"""A small rolodex with a row in every table and every field filled, for the reliability
tests (check, dump/restore, erase). Built through the core's own writers."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import SQLModel

from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.endorsements import endorse
from rolodex.core.records.interactions import log_interaction
from rolodex.core.records.intros import ask, close_intro
from rolodex.core.records.links import link

ZOE_EMAIL = "zoe.forget-me@acme.se"


def fill(store) -> dict[str, int]:
    """Contacts: zoe, jane, raj (known through jane), old (archived). Returns name -> id."""
    zoe = add_contact(store, ContactIn(
        name="Zoë Ångström", company="Acme AB", title="CTO", emails=[ZOE_EMAIL, "z@home.se"],
        email_labels=["work", "home"], phones=["+46 70 123 45 67"], phone_labels=["cell"],
        address="Storgatan 1\n111 22 Stockholm", location="Stockholm", url="https://zoe.se",
        notes='Likes "fika"\nline two \\ backslash', category="customer", closeness=4,
        cadence_days=30, skills=["Kubernetes", "Go"], tags=["vip"], birthday="--04-12",
        met_on=date(2019, 5, 2), uid="urn:uuid:zoe-1"))
    jane = add_contact(store, ContactIn(
        name="Jane Doe", company="Initech", emails=["jane@initech.com"],
        notes="met Zoë Ångström at KubeCon", skills=["Rust"], tags=["vip", "conference"]))
    raj = add_contact(store, ContactIn(name="Raj Patel", skills=["Kubernetes"],
                                       known_directly=False, extra={"X-NICK": ["rp"]}),
                      through=jane)
    old = add_contact(store, ContactIn(name="Old Friend", category="personal"))
    from rolodex.core.records.contacts import archive_contact

    archive_contact(store, old)
    log_interaction(store, "call", [zoe], "Renewal, wants a demo", at=datetime(2026, 11, 20, 9),
                    details="Ring back\nafter the board", direction="out",
                    follow_up=date(2026, 12, 1))
    log_interaction(store, "meeting", [zoe, jane, raj], "lunch with Zoë Ångström",
                    at=datetime(2026, 11, 24, 12, 30), project="Q4")
    log_interaction(store, "email", [jane, zoe], "newsletter", at=datetime(2026, 11, 25, 8),
                    one_to_many=True)
    log_interaction(store, "note", [old], "moved away", at=datetime(2020, 1, 1))
    link(store, zoe, jane, strength=4, how="college", since=date(2001, 9, 1))
    endorse(store, raj, "Kubernetes", by_id=jane, note="ran our cluster")
    endorse(store, zoe, "Go")
    i1 = ask(store, jane, raj, note="for the k8s migration", for_what="Kubernetes")
    close_intro(store, i1, "made")
    ask(store, zoe, raj, note="second opinion")
    from rolodex.core.records.dupes import keep_both, record_pairs

    keep_both(store, jane, old)  # a decision: never suggested again
    with store.tx() as s:
        record_pairs(s, [(zoe, raj, {"for": ["same skill"], "against": ["other names"]})],
                     store.now())
    return {"zoe": zoe, "jane": jane, "raj": raj, "old": old}


def row_counts(store) -> dict[str, int]:
    with store.read() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
                for t in SQLModel.metadata.sorted_tables}
