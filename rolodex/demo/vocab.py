"""The shipped vocabularies under ``data/`` (found with rolodex.core.paths.data_dir())."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from rolodex.core.paths import data_dir


@dataclass
class City:
    name: str
    country: str
    locale: str
    calling_code: str
    weight: float


@dataclass
class Vocab:
    skills: dict[str, list[str]] = field(default_factory=dict)  # domain -> skills
    titles: dict[str, list[str]] = field(default_factory=dict)  # domain -> titles
    industries: list[tuple[str, list[str]]] = field(default_factory=list)  # (name, domains)
    tags: list[str] = field(default_factory=list)
    cities: list[City] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)

    @property
    def all_skills(self) -> list[str]:
        return [s for group in self.skills.values() for s in group]


def _lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _grouped(path: Path) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    current = None
    for line in _lines(path):
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1], [])
        elif current is None:
            raise ValueError(f"{path}: '{line}' comes before any [domain] line")
        elif line not in current:
            current.append(line)
    return groups


def load_vocab(folder: Path | None = None) -> Vocab:
    folder = folder or data_dir()
    v = Vocab()
    v.skills = _grouped(folder / "skills.txt")
    v.titles = _grouped(folder / "titles.txt")
    for line in _lines(folder / "industries.txt"):
        name, _, domains = line.partition("|")
        v.industries.append((name, [d for d in domains.split(";") if d in v.titles]))
    v.tags = _lines(folder / "tags.txt")
    v.companies = _lines(folder / "companies.txt")
    with open(folder / "cities.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            v.cities.append(City(row["city"], row["country"], row["locale"],
                                 row["calling_code"], float(row["weight"])))
    return v
