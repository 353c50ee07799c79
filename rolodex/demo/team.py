"""``rolodex demo --team N --db ADMIN_URL``: the demo as a team rolodex on PostgreSQL.

The server's database is made a team (core/team/schema.py), N members are added, the
demo's cards, knows-edges, endorsements and asks are written as the first member with
the first member's log, then every other member gets a demo-shaped log of their own over
the same cards (the same generator, a seed of their own), and everyone shares ties. All
is written through an administrator's connection acting as each member (SET LOCAL ROLE),
so the server's defaults and policies apply as if they had typed it; no member password
is needed.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from sqlalchemy import text

from .build import DEFAULT_CONTACTS, DEFAULT_SEED, MIN_CONTACTS, Progress, generate

# Logins are PREFIX_short (roles are cluster-wide; the prefix is the team's own).
TEAM = (("alice", "Alice Wong"), ("bob", "Bob Li"), ("chidi", "Chidi Okafor"),
        ("dana", "Dana Kowalski"), ("emil", "Emil Haddad"), ("fatima", "Fatima Zahra"),
        ("goro", "Goro Tanaka"), ("hana", "Hana Novák"), ("ivan", "Ivan Petrov"),
        ("jo", "Jo Mensah"), ("kiri", "Kiri Walker"), ("lena", "Lena Schmidt"))


@dataclass
class TeamDemoSummary:
    members: list[tuple[str, str]]  # (login, name)
    contacts: int
    interactions: int
    bands: int
    seconds: float


def build_team_demo(admin, members: int = 3, contacts: int = DEFAULT_CONTACTS,
                    seed: int = DEFAULT_SEED, prefix: str = "rolodex",
                    progress: Progress | None = None) -> TeamDemoSummary:
    """Build the team demo into ``admin`` (a superuser's Store of an empty database)."""
    from rolodex.core.errors import RolodexError, UsageError
    from rolodex.core.records.contacts import count_contacts
    from rolodex.core.team.members import add_member
    from rolodex.core.team.schema import init_team, require_server

    from .history import make_history
    from .write import as_role, write_all, write_member_log

    require_server(admin.url)
    if not 1 <= members <= len(TEAM):
        raise UsageError(f"--team: between 1 and {len(TEAM)} members")
    if contacts < MIN_CONTACTS:
        raise UsageError(f"--contacts: a demo needs at least {MIN_CONTACTS} contacts")
    have = count_contacts(admin, include_archived=True)
    if have:
        raise RolodexError(f"{admin.where()} already has {have:,} contacts; the team demo "
                           "goes into an empty database")
    t0 = time.perf_counter()
    report = progress or (lambda done, total: None)
    init_team(admin, prefix)
    logins = [(f"{prefix}_{short}", name) for short, name in TEAM[:members]]
    for login, name in logins:
        add_member(admin, login, name)
    now = admin.now()
    people, net, log, ends, intros = generate(contacts, seed, now)
    report(1, members + 2)
    counts = write_all(admin, people, net, log, ends, intros, now, replace=False,
                       step=lambda frac: None, role=logins[0][0])
    ids, total = counts["ids"], len(log)
    for i, (login, _name) in enumerate(logins[1:], 2):
        report(i, members + 2)
        theirs = make_history(random.Random(f"{seed}:history:{i}"), people, net, now)
        write_member_log(admin, login, ids, theirs)
        total += len(theirs)
    bands = 0
    for login, _name in logins:
        with admin.tx() as s:
            as_role(s, login)
            bands += int(s.execute(text("SELECT rolodex_share_ties(true)")).scalar())
    with admin.tx() as s:
        s.execute(text("ANALYZE"))  # the planner's figures for the rows just written
    report(members + 2, members + 2)
    admin.notify("demo", None)
    return TeamDemoSummary(logins, len(people.persons), total, bands,
                           round(time.perf_counter() - t0, 2))
