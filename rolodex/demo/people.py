"""The people of the demo rolodex: companies, then contacts with names in many scripts,
titles and skills that fit their industry, and details complete for the confirmed ones."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from . import places, shape
from .names import Names
from .pick import Weighted, zipf
from .vocab import City, Vocab

SPECIAL_TAGS = ("newsletter", "inner circle", "keep warm")
_REGION = {
    "United States": "North America", "Canada": "North America", "Mexico": "Latin America",
    "Brazil": "Latin America", "Argentina": "Latin America", "Chile": "Latin America",
    "Colombia": "Latin America", "Peru": "Latin America", "Germany": "DACH",
    "Austria": "DACH", "Switzerland": "DACH", "Sweden": "Nordics", "Norway": "Nordics",
    "Denmark": "Nordics", "Finland": "Nordics", "Iceland": "Nordics", "Netherlands": "Benelux",
    "Belgium": "Benelux", "Luxembourg": "Benelux", "Spain": "Iberia", "Portugal": "Iberia",
    "United Kingdom": "UK and Ireland", "Ireland": "UK and Ireland", "Japan": "Asia Pacific",
    "China": "Asia Pacific", "South Korea": "Asia Pacific", "Taiwan": "Asia Pacific",
    "Singapore": "Asia Pacific", "India": "Asia Pacific", "Australia": "Asia Pacific",
    "New Zealand": "Asia Pacific", "Israel": "Middle East",
    "United Arab Emirates": "Middle East", "Egypt": "Middle East", "Kenya": "Africa",
    "Nigeria": "Africa", "South Africa": "Africa",
}


@dataclass(slots=True)
class Company:
    name: str
    industry: str
    domains: list[str]
    city: City
    email_domain: str
    members: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    idx: int
    name: str
    first: str
    last: str
    city: City
    company: int  # index into companies, -1 for none
    title: str
    domain: str
    category: str
    met_on: date | None
    added_at: datetime
    known_directly: bool = True
    confirmed: bool = False
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    address: str = ""
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    closeness: int | None = None
    cadence_days: int | None = None
    notes: str = ""
    email_local: str = ""
    street: str = ""
    company_name: str = ""


@dataclass
class People:
    persons: list[Person]
    companies: list[Company]


def _companies(rng: random.Random, vocab: Vocab, names: Names, cities: Weighted,
               count: int) -> list[Company]:
    industries = Weighted(vocab.industries, zipf(len(vocab.industries), 0.5, 3))
    curated = list(vocab.companies)
    rng.shuffle(curated)
    out: list[Company] = []
    seen: set[str] = set()
    while len(out) < count:
        industry, domains = industries.pick(rng)
        city = cities.pick(rng)
        if curated and rng.random() < 0.5:
            name = curated.pop()
        else:
            pool = names.pool(city.locale)
            surname = pool.name(rng)[2]
            if not places.latin(surname):
                surname = names.pool("en_US").name(rng)[2]
            word = industry.split(" and ")[0]
            name = f"{surname} {word} {places.legal_form(rng, city.country)}"
        if name in seen:
            continue
        seen.add(name)
        slug = places.latin(name.split(" ", 1)[0] + (name.split(" ")[1] if " " in name else ""))
        out.append(Company(name, industry, domains, city,
                           f"{slug or 'firm'}.{places.tld(city.country)}"))
    return out


def _met_on(rng: random.Random, today: date) -> date:
    start = date(shape.FIRST_YEAR, 1, 2)
    span = (today - start).days - 1
    return start + timedelta(days=int(span * rng.random() ** 0.8))


def _skills(rng: random.Random, vocab: Vocab, domain: str, by_domain: dict[str, Weighted],
            any_skill: Weighted) -> list[str]:
    k = rng.choice((2, 3, 3, 4, 4, 5, 6))
    own = by_domain.get(domain)
    out = dict.fromkeys(own.sample(rng, k) if own else ())
    while len(out) < k + 1 and rng.random() < 0.35:
        out[any_skill.pick(rng)] = None
    if rng.random() < 0.25:
        out[rng.choice(vocab.skills["languages"])] = None
    return list(out)


def _details(rng: random.Random, p: Person, comp: Company | None, have: tuple[bool, bool, bool]
             ) -> None:
    want_email, want_phone, want_addr = have
    local = p.email_local or f"contact{p.idx}"
    if want_email:
        if comp is not None and rng.random() < 0.8:
            p.emails.append(f"{local}@{comp.email_domain}")
            if rng.random() < 0.15:
                p.emails.append(f"{local}{rng.randint(1, 99)}@"
                                f"{places.personal_domain(rng, p.city.country)}")
        else:
            p.emails.append(f"{local}{rng.randint(1, 999)}@"
                            f"{places.personal_domain(rng, p.city.country)}")
    if want_phone:
        p.phones.append(places.phone(rng, p.city))
        if rng.random() < 0.2:
            p.phones.append(places.phone(rng, p.city))
    if want_addr:
        p.address = places.address(rng, p.city, p.street)


def _email_local(rng: random.Random, first: str, last: str, pool) -> str:
    f, la = places.latin(first), places.latin(last)
    if not (f and la) and pool.romanised is not None:
        _, rf, rl = pool.romanised.name(rng)
        f, la = places.latin(rf), places.latin(rl)
    return f"{f}.{la}" if f and la else (f or la)


_PARTIAL = ((True, False, False), (True, True, False), (True, False, True),
            (False, True, False), (False, True, True), (False, False, False))


def make_people(rng: random.Random, vocab: Vocab, n: int, now: datetime) -> People:
    names = Names()
    cities = Weighted(vocab.cities, [c.weight for c in vocab.cities])
    companies = _companies(rng, vocab, names, cities, max(3, n // 7))
    company_pick = Weighted(list(range(len(companies))), zipf(len(companies), 0.8, 3))
    categories = Weighted([c for c, _ in shape.CATEGORY_WEIGHTS],
                          [w for _, w in shape.CATEGORY_WEIGHTS])
    by_domain = {d: Weighted(s, zipf(len(s), 0.6, 2)) for d, s in vocab.skills.items()}
    any_skill = Weighted(vocab.all_skills, [1.0] * len(vocab.all_skills))
    title_domains = list(vocab.titles)
    tags = [t for t in vocab.tags if t not in SPECIAL_TAGS]
    tag_pick = Weighted(tags, zipf(len(tags), 0.7, 2))
    today = now.date()

    persons: list[Person] = []
    n_indirect = round(n * shape.INDIRECT_SHARE)
    for i in range(n):
        category = categories.pick(rng)
        ci = -1
        if category != "personal" or rng.random() < 0.3:
            ci = company_pick.pick(rng)
        comp = companies[ci] if ci >= 0 else None
        if comp is not None and rng.random() < 0.75:
            city = comp.city
        else:
            city = cities.pick(rng)
        pool = names.pool(city.locale)
        full, first, last = pool.name(rng)
        if comp is not None and comp.domains and rng.random() < 0.9:
            domain = comp.domains[min(int(rng.random() ** 1.6 * len(comp.domains)),
                                      len(comp.domains) - 1)]
        else:
            domain = rng.choice(title_domains)
        met = _met_on(rng, today)
        added = datetime.combine(met, datetime.min.time()).replace(
            hour=rng.randint(8, 19), minute=rng.randint(0, 59))
        p = Person(i, full, first, last, city, ci, rng.choice(vocab.titles[domain]), domain,
                   category, met, min(added, now - timedelta(hours=1)))
        p.email_local = _email_local(rng, first, last, pool)
        p.street = pool.name(rng)[2]
        p.skills = _skills(rng, vocab, domain, by_domain, any_skill)
        p.tags = list(dict.fromkeys(tag_pick.pick(rng) for _ in range(rng.choice((0, 1, 1, 2, 3)))))
        region = _REGION.get(city.country)
        if region and rng.random() < 0.3:
            p.tags.append(region)
        persons.append(p)

    # Oldest first, so contact ids follow the order they were added.
    persons.sort(key=lambda p: (p.added_at, p.idx))
    for i, p in enumerate(persons):
        p.idx = i
        if p.company >= 0:
            companies[p.company].members.append(i)

    # Known only through someone: their own details are sparse, and they have no met_on.
    indirect = rng.sample(range(n), n_indirect)
    for i in indirect:
        p = persons[i]
        p.known_directly = False
        p.met_on = None
        if p.category not in ("customer", "partner", "other"):
            p.category = "other"
    direct = [p.idx for p in persons if p.known_directly]
    confirmed = set(rng.sample(direct, min(len(direct), round(n * shape.CONFIRMED_SHARE))))
    for p in persons:
        comp = companies[p.company] if p.company >= 0 else None
        p.confirmed = p.idx in confirmed
        _details(rng, p, comp, (True, True, True) if p.confirmed else rng.choice(_PARTIAL))
    return People(persons, companies)
