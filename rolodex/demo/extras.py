"""What a person adds by hand over the years: closeness on some, keep-in-touch cadences
on a few hundred (some overdue), endorsements and introductions."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from . import shape
from .history import Log
from .network import Network
from .people import People

CADENCES = (7, 14, 30, 60, 90, 180, 365)
_INTRO_STATUS = (("made", 0.45), ("asked", 0.2), ("declined", 0.1), ("no-reply", 0.25))
_ENDORSE_NOTES = ("", "", "", "Excellent work on our project", "The best in the field",
                  "Saved us months", "Highly recommended")


@dataclass
class Endorse:
    who: int
    skill: str
    by: int
    at: datetime
    note: str


@dataclass
class Intro:
    introducer: int
    target: int
    for_what: str
    status: str
    asked_at: datetime
    closed_at: datetime | None


def closeness_and_cadence(rng: random.Random, people: People, net: Network, log: Log,
                          now: datetime) -> None:
    persons, n = people.persons, len(people.persons)
    hubs = set(net.hubs)
    for h in net.hubs:
        persons[h].closeness = 5
        persons[h].tags.append("inner circle")
    touched = sorted(log.last_touch)
    others = [i for i in touched if i not in hubs and persons[i].known_directly]
    for i in rng.sample(others, min(len(others), round(shape.CLOSENESS_SHARE * n))):
        persons[i].closeness = rng.choice((1, 2, 2, 3, 3, 4))
    want = max(10, round(shape.CADENCE_SHARE * n))
    age = {i: (now - log.last_touch[i]).days for i in others}
    fresh = [i for i in others if age[i] <= 300]
    stale = [i for i in others if 20 < age[i] <= 400]
    n_over = round(want * 0.3)
    picked = dict.fromkeys(net.hubs)
    for i in rng.sample(stale, min(len(stale), n_over)):
        picked[i] = None
        persons[i].cadence_days = rng.choice([c for c in CADENCES if c < age[i]][-2:])
    for i in rng.sample([i for i in fresh if i not in picked],
                        min(len(fresh), max(0, want - len(picked)))):
        picked[i] = None
        longer = [c for c in CADENCES if c >= age[i] * 1.1 + 1]
        persons[i].cadence_days = rng.choice(longer[:3])
    for i in net.hubs:
        days = (now - log.last_touch[i]).days if i in log.last_touch else 0
        persons[i].cadence_days = next((c for c in CADENCES[1:] if c >= days), 365)
    for i in picked:
        if rng.random() < 0.3:
            persons[i].tags.append("keep warm")


def endorsements(rng: random.Random, people: People, net: Network, now: datetime
                 ) -> list[Endorse]:
    persons = people.persons
    edges = list(net.edges)
    out: dict[tuple[int, str, int], Endorse] = {}
    want = round(shape.ENDORSEMENT_SHARE * len(persons))
    for _ in range(want * 3):
        if len(out) >= want or not edges:
            break
        a, b = rng.choice(edges)
        who, by = (a, b) if rng.random() < 0.5 else (b, a)
        if not persons[who].skills:
            continue
        skill = rng.choice(persons[who].skills)
        start = max(persons[who].added_at, persons[by].added_at, now - timedelta(days=6 * 365))
        at = start + timedelta(seconds=rng.random() * max((now - start).total_seconds(), 60))
        out.setdefault((who, skill, by), Endorse(who, skill, by, at.replace(microsecond=0),
                                                 rng.choice(_ENDORSE_NOTES)))
    return list(out.values())


def introductions(rng: random.Random, people: People, net: Network, now: datetime
                  ) -> list[Intro]:
    persons = people.persons
    want = max(5, round(shape.INTRODUCTIONS * shape.scale(len(persons))))
    edges = [e for e in net.edges if persons[e[0]].known_directly or persons[e[1]].known_directly]
    out: list[Intro] = []
    statuses = [s for s, _ in _INTRO_STATUS]
    weights = [w for _, w in _INTRO_STATUS]
    for a, b in rng.sample(edges, min(want, len(edges))):
        intro, target = (a, b) if persons[a].known_directly else (b, a)
        if rng.random() < 0.5 and persons[target].known_directly:
            intro, target = target, intro
        t = persons[target]
        for_what = f"help with {rng.choice(t.skills)}" if t.skills else "an introduction"
        asked = now - timedelta(days=rng.uniform(2, 730))
        status = rng.choices(statuses, weights)[0]
        closed = None
        if status != "asked":
            closed = min(asked + timedelta(days=rng.uniform(1, 30)), now - timedelta(hours=1))
        out.append(Intro(intro, target, for_what, status, asked.replace(microsecond=0),
                         closed.replace(microsecond=0) if closed else None))
    return out
