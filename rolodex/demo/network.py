"""Who knows whom: the 16 closest ties, colleagues, people known only through others.

The network is laid out in zones around the 16 people I am closest to (the "hubs"):
ring (knows a hub), second (knows someone in the ring) and outside. Every edge joins
two people of the same or neighbouring zones, so the 16 reach exactly the ring and the
second zone within two hops; the zones are drawn at random towards the article's share,
and ``rolodex stats`` counts the reach from the edges it finds in the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import shape
from .people import People
from .pick import Weighted

HUB, RING, SECOND, OUTSIDE = 0, 1, 2, 3
_EVENTS = ("CeBIT", "COMDEX", "Hannover Messe", "Web Summit", "a customer dinner",
           "a user group", "a trade show", "a conference", "a workshop", "a charity gala")
_HOW = ("former colleagues", "studied together", "neighbours", "worked together on a project",
        "on a board together", "same sailing club", "same running club", "old friends",
        "business partners", "in the same mastermind group", "alumni network")
_THROUGH = ("friend", "former colleague", "brother-in-law", "business partner", "neighbour",
            "ex-colleague", "client of theirs", "their accountant", "their lawyer")


@dataclass
class Network:
    edges: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    hubs: list[int] = field(default_factory=list)
    zone: list[int] = field(default_factory=list)
    degree3: list[int] = field(default_factory=list)

    def add(self, u: int, v: int, strength: int, how: str) -> bool:
        if u == v:
            return False
        key = (u, v) if u < v else (v, u)
        if key in self.edges:
            return False
        self.edges[key] = (strength, how)
        return True


def _pick_hubs(rng: random.Random, people: People, count: int) -> list[int]:
    comps = people.companies
    ok = [p.idx for p in people.persons
          if p.known_directly and p.confirmed
          and (p.company < 0 or len(comps[p.company].members) <= 6)]
    early = [i for i in ok if people.persons[i].added_at.year < 2010]
    pool = early if len(early) >= count else ok
    return sorted(rng.sample(pool, min(count, len(pool))))


def _assign_zones(rng: random.Random, people: People, hubs: list[int], n: int) -> list[int]:
    zone = [OUTSIDE] * n
    hub_set = set(hubs)
    for h in hubs:
        zone[h] = HUB
    ring_t = round(shape.RING_SHARE * n)
    reach_t = max(round(shape.REACH_SHARE * n), ring_t)
    target = {RING: ring_t, SECOND: reach_t - ring_t, OUTSIDE: n - len(hubs) - reach_t}
    have = {RING: 0, SECOND: 0, OUTSIDE: 0}
    units: list[list[int]] = []
    forced: list[list[int]] = []
    for c in people.companies:
        members = [i for i in c.members if i not in hub_set]
        if not members:
            continue
        (forced if any(i in hub_set for i in c.members) else units).append(members)
    units += [[p.idx] for p in people.persons if p.company < 0 and p.idx not in hub_set]
    for members in forced:  # a hub's colleagues are one hop from the hub
        for i in members:
            zone[i] = RING
        have[RING] += len(members)
    rng.shuffle(units)
    units.sort(key=len, reverse=True)
    for members in units:
        gaps = [(z, target[z] - have[z]) for z in (RING, SECOND, OUTSIDE)]
        total = sum(max(g, 0) for _, g in gaps)
        if total <= 0:
            z = max(gaps, key=lambda t: t[1])[0]
        else:
            r = rng.random() * total
            z = OUTSIDE
            for zone_id, g in gaps:
                r -= max(g, 0)
                if r < 0:
                    z = zone_id
                    break
        for i in members:
            zone[i] = z
        have[z] += len(members)
    return zone


def make_network(rng: random.Random, people: People) -> Network:
    persons = people.persons
    n = len(persons)
    net = Network()
    net.hubs = _pick_hubs(rng, people, min(shape.TOP_TIES, max(1, n // 25)))
    net.zone = zone = _assign_zones(rng, people, net.hubs, n)
    indirect = [p.idx for p in persons if not p.known_directly]
    outside_indirect = [i for i in indirect if zone[i] == OUTSIDE]
    d3 = set(rng.sample(outside_indirect, min(len(outside_indirect),
                                              round(len(indirect) * shape.DEGREE3_OF_INDIRECT))))
    net.degree3 = sorted(d3)
    members_of = {z: [i for i in range(n) if zone[i] == z and i not in d3]
                  for z in (RING, SECOND, OUTSIDE)}

    # The inner circle: they know each other, and each person in the ring knows one of them.
    for a in net.hubs:
        for b in net.hubs:
            if a < b and rng.random() < 0.3:
                net.add(a, b, rng.randint(4, 5), rng.choice(_HOW))
    if net.hubs:
        for i in members_of[RING]:
            for _ in range(2 if rng.random() < 0.25 else 1):
                net.add(rng.choice(net.hubs), i, rng.randint(2, 5), rng.choice(_HOW))

    # Colleagues at the same company.
    for c in people.companies:
        m = [i for i in c.members if i not in d3]
        if len(m) < 2:
            continue
        how = f"colleagues at {c.name}"
        for u in m:
            for _ in range(min(len(m) - 1, rng.choice((1, 2, 2, 3, 3, 4)))):
                net.add(u, rng.choice(m), rng.randint(2, 4), how)

    # People known only through someone: a direct colleague, else someone in their zone.
    direct_by_zone = {z: [i for i in members_of[z] if persons[i].known_directly]
                      for z in members_of}
    d2_outside = [i for i in indirect if i not in d3 and zone[i] == OUTSIDE]
    d2_second = [i for i in indirect if i not in d3 and zone[i] == SECOND]
    for i in indirect:
        p = persons[i]
        if i in d3:
            pool = d2_outside or d2_second
        else:
            comp = people.companies[p.company] if p.company >= 0 else None
            pool = [j for j in comp.members if persons[j].known_directly] if comp else []
            pool = pool or direct_by_zone.get(zone[i]) or net.hubs
        if not pool:
            continue
        through = rng.choice(pool)
        net.add(i, through, rng.randint(2, 4), rng.choice(_THROUGH))
        p.notes = f"Known through {persons[through].name}."

    # Everyone in the second zone knows someone in the ring.
    ring = members_of[RING] or net.hubs
    for i in members_of[SECOND]:
        net.add(i, rng.choice(ring), rng.randint(1, 3), f"met at {rng.choice(_EVENTS)}")

    # The rest: acquaintances, most of them within a zone; some people know many.
    social = {z: Weighted(members_of[z], [rng.paretovariate(2.0) for _ in members_of[z]])
              for z in members_of if members_of[z]}
    everyone = Weighted([i for z in social for i in social[z].items],
                        [w for z in social for w in _weights(social[z])])
    target = round(shape.KNOWS_PER_CONTACT * n)
    tries = 0
    while len(net.edges) < target and tries < target * 4:
        tries += 1
        u = everyone.pick(rng)
        zu = zone[u]
        zv = zu if rng.random() < 0.7 else zu + rng.choice((-1, 1))
        if zv not in social:
            zv = zu
        how = rng.choice(_HOW) if rng.random() < 0.6 else f"met at {rng.choice(_EVENTS)}"
        net.add(u, social[zv].pick(rng), rng.choice((1, 1, 2, 2, 2, 3, 3, 4)), how)
    return net


def _weights(w: Weighted) -> list[float]:
    prev, out = 0.0, []
    for c in w.cum:
        out.append(c - prev)
        prev = c
    return out
