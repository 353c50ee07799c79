"""Name pools from Faker's locale data, read once and combined (Faker is slow per call).

Each pool holds the given names (by gender) and family names of one locale; a name is a
random combination, written in the locale's order ("Yamada Tarō" style for CJK and
Hungarian). Email addresses need ASCII, so a pool also has a romanised fallback.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass

from rolodex.core.text import fold

# Family name first, and how the two parts are joined.
_FAMILY_FIRST = {"ja_JP": " ", "zh_CN": "", "zh_TW": "", "ko_KR": "", "hu_HU": " "}


@dataclass
class NamePool:
    locale: str
    male: list[str]
    female: list[str]
    last_male: list[str]
    last_female: list[str]
    romanised: NamePool | None = None

    def name(self, rng: random.Random) -> tuple[str, str, str]:
        """(full name, given name, family name)."""
        female = rng.random() < 0.5
        first = rng.choice(self.female if female else self.male)
        last = rng.choice(self.last_female if female else self.last_male)
        sep = _FAMILY_FIRST.get(self.locale)
        full = f"{last}{sep}{first}" if sep is not None else f"{first} {last}"
        return full, first, last


def _seq(value) -> list[str]:
    if not value or not isinstance(value, (tuple, list, dict)):
        return []
    return [str(x) for x in (value.keys() if isinstance(value, dict) else value)]


def _provider(locale: str):
    for name in (locale, locale.split("_")[0], "en_US"):
        try:
            return importlib.import_module(f"faker.providers.person.{name}").Provider
        except ImportError:
            continue
    raise RuntimeError("faker has no person data")  # pragma: no cover


def _pool(locale: str) -> NamePool:
    p = _provider(locale)
    first = _seq(getattr(p, "first_names", None))
    male = _seq(getattr(p, "first_names_male", None)) or first
    female = _seq(getattr(p, "first_names_female", None)) or first
    last = _seq(getattr(p, "last_names", None))
    last_male = _seq(getattr(p, "last_names_male", None)) or last
    last_female = _seq(getattr(p, "last_names_female", None)) or last
    if not (male and female and last_male and last_female):
        return _pool("en_US")
    pool = NamePool(locale, male, female, last_male, last_female)
    rom_first = _seq(getattr(p, "first_romanized_names", None))
    rom_last = _seq(getattr(p, "last_romanized_names", None))
    if rom_first and rom_last:
        pool.romanised = NamePool("en_US", rom_first, rom_first, rom_last, rom_last)
    return pool


class Names:
    """Pools per locale, built on first use."""

    def __init__(self) -> None:
        self._pools: dict[str, NamePool] = {}

    def pool(self, locale: str) -> NamePool:
        if locale not in self._pools:
            self._pools[locale] = _pool(locale)
        return self._pools[locale]


def ascii_slug(s: str) -> str:
    """'Zoë Ångström' -> 'zoeangstrom'; empty when the name has no Latin letters."""
    return "".join(ch for ch in fold(s) if ch.isascii() and ch.isalnum())
