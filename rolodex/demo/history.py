"""The interaction log: years of one-to-one touches, the last year month by month, and
the last 30 days at the article's rhythm (calls, emails and other activities with a few
dozen people). Times are relative to the store's clock ("now")."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from . import shape
from .network import Network
from .people import People
from .pick import Weighted
from .summaries import summary

_OLD_KINDS = Weighted(["email", "call", "meeting", "message", "note", "other"],
                      [0.38, 0.27, 0.20, 0.08, 0.04, 0.03])
_OTHER = Weighted([k for k, _ in shape.OTHER_KINDS], [w for _, w in shape.OTHER_KINDS])
_MEAN_OLD = {"customer": 3.0, "partner": 3.0, "vendor": 2.2, "past employee": 2.5,
             "personal": 2.0, "other": 1.2}
_SEASON = {1: 0.9, 7: 0.85, 8: 0.6, 12: 0.7}


@dataclass
class Log:
    """Interactions as parallel lists (participants are person indexes)."""

    kind: list[str] = field(default_factory=list)
    at: list[datetime] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    direction: list[str | None] = field(default_factory=list)
    one_to_many: list[bool] = field(default_factory=list)
    who: list[list[int]] = field(default_factory=list)
    last_touch: dict[int, datetime] = field(default_factory=dict)

    def add(self, kind: str, at: datetime, text: str, who: list[int], *,
            one_to_many: bool = False, direction: str | None = None) -> None:
        self.kind.append(kind)
        self.at.append(at)
        self.summary.append(text)
        self.direction.append(direction)
        self.one_to_many.append(one_to_many)
        self.who.append(who)
        if not one_to_many:
            lt = self.last_touch
            for i in who:
                if i not in lt or lt[i] < at:
                    lt[i] = at

    def __len__(self) -> int:
        return len(self.kind)


def _when(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A working-hours moment between start and end (weekends now and then)."""
    span = (end - start).total_seconds()
    for _ in range(4):
        t = start + timedelta(seconds=rng.random() * span)
        if t.weekday() < 5 or rng.random() < 0.15:
            break
    t = t.replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59), second=0, microsecond=0)
    return min(max(t, start), end)


class History:
    def __init__(self, rng: random.Random, people: People, net: Network, now: datetime):
        self.rng, self.people, self.net, self.now = rng, people, net, now
        self.log = Log()
        persons = people.persons
        self.hubs = set(net.hubs)
        self.direct = [p.idx for p in persons if p.known_directly]
        cat_w = {"customer": 3, "partner": 3, "vendor": 2, "personal": 2}
        self.activity = {i: cat_w.get(persons[i].category, 1)
                         * min(rng.paretovariate(1.5), 6.0)
                         * (3 if persons[i].confirmed else 1) for i in self.direct}

    def _say(self, kind: str, i: int) -> str:
        p = self.people.persons[i]
        comp = self.people.companies[p.company].name if p.company >= 0 else ""
        return summary(self.rng, kind, p, comp)

    def _colleagues(self, i: int, allowed) -> list[int]:
        p = self.people.persons[i]
        if p.company < 0:
            return []
        members = self.people.companies[p.company].members
        return [j for j in members if j != i and j in allowed]

    def _touch(self, kind: str, i: int, at: datetime, allowed) -> None:
        who = [i]
        if kind == "meeting" and self.rng.random() < 0.3:
            mates = self._colleagues(i, allowed)
            if mates:
                who += self.rng.sample(mates, min(len(mates), self.rng.randint(1, 2)))
        direction = self.rng.choice(("in", "out")) if kind in ("call", "email") else None
        self.log.add(kind, at, self._say(kind, i), who, direction=direction)

    def older(self) -> None:
        """Before the last year: a few touches per person since we met; many with the 16."""
        rng, persons = self.rng, self.people.persons
        cutoff = self.now - timedelta(days=366)
        direct_set = set(self.direct)
        for i in self.direct:
            p = persons[i]
            if p.added_at >= cutoff:
                continue
            mean = 45.0 if i in self.hubs else _MEAN_OLD.get(p.category, 1.5)
            k = 1 + int(rng.expovariate(1.0 / max(mean - 1, 0.2)))
            for _ in range(k):
                self._touch(_OLD_KINDS.pick(rng), i, _when(rng, p.added_at, cutoff), direct_set)

    def window(self, start: datetime, end: datetime, factor: float, exact: bool) -> None:
        """One month of one-to-one work: calls, emails and other activities with a few
        dozen people, the 16 among them."""
        rng, persons = self.rng, self.people.persons
        target = shape.ONE_TO_ONE_30D
        act = shape.activity(len(persons)) * factor
        jitter = (lambda: 1.0) if exact else (lambda: rng.uniform(0.85, 1.15))
        n_people = max(1, round(target["people"] * act * jitter()))
        counts = {k: round(target[k] * act * jitter()) for k in ("call", "email", "other")}
        pool = [i for i in self.direct if persons[i].added_at < start]
        if not pool:
            return
        hubs = [i for i in pool if i in self.hubs]
        chosen = dict.fromkeys(rng.sample(hubs, min(len(hubs), round(n_people * 0.2))))
        others = Weighted(pool, [self.activity[i] for i in pool])
        tries = 0
        while len(chosen) < min(n_people, len(pool)) and tries < n_people * 50:
            chosen[others.pick(rng)] = None
            tries += 1
        people = list(chosen)
        kinds = ["call"] * counts["call"] + ["email"] * counts["email"]
        kinds += [_OTHER.pick(rng) for _ in range(counts["other"])]
        rng.shuffle(kinds)
        if len(kinds) < len(people):
            people = people[:len(kinds)]
        busy = Weighted(people, [8.0 if i in self.hubs else self.activity[i] for i in people])
        allowed = set(people)
        for n, kind in enumerate(kinds):
            i = people[n] if n < len(people) else busy.pick(rng)
            self._touch(kind, i, _when(rng, start, end), allowed)

    def last_year(self) -> None:
        now = self.now
        self.window(now - timedelta(days=30) + timedelta(minutes=1),
                    now - timedelta(minutes=5), 1.0, exact=True)
        end = now - timedelta(days=30)
        year_start = now - timedelta(days=365) + timedelta(minutes=1)
        while end > year_start:
            start = max(end - timedelta(days=30), year_start)
            days = (end - start).total_seconds() / 86400.0
            mid = start + (end - start) / 2
            self.window(start, end - timedelta(minutes=1),
                        _SEASON.get(mid.month, 1.0) * days / 30.0, exact=False)
            end = start


def make_history(rng: random.Random, people: People, net: Network, now: datetime) -> Log:
    h = History(rng, people, net, now)
    h.older()
    h.last_year()
    return h.log
