"""Addresses, phone numbers, email domains and company names, by country."""

from __future__ import annotations

import random

from .names import ascii_slug
from .vocab import City

_TLD = {
    "United States": "com", "Canada": "ca", "United Kingdom": "co.uk", "Ireland": "ie",
    "Australia": "com.au", "New Zealand": "co.nz", "Germany": "de", "Austria": "at",
    "Switzerland": "ch", "France": "fr", "Belgium": "be", "Netherlands": "nl",
    "Luxembourg": "lu", "Spain": "es", "Portugal": "pt", "Italy": "it", "Sweden": "se",
    "Norway": "no", "Denmark": "dk", "Finland": "fi", "Iceland": "is", "Poland": "pl",
    "Czechia": "cz", "Hungary": "hu", "Slovakia": "sk", "Romania": "ro", "Greece": "gr",
    "Japan": "co.jp", "South Korea": "co.kr", "China": "cn", "Taiwan": "com.tw",
    "Brazil": "com.br", "Mexico": "com.mx", "Argentina": "com.ar", "India": "in",
}
_FORMS = {
    "United States": ("Inc.", "LLC", "Corp."), "Canada": ("Inc.", "Ltd."),
    "United Kingdom": ("Ltd", "plc", "LLP"), "Ireland": ("Ltd", "DAC"),
    "Germany": ("GmbH", "AG", "GmbH & Co. KG"), "Austria": ("GmbH", "AG"),
    "Switzerland": ("AG", "GmbH", "SA"), "France": ("SA", "SAS", "SARL"),
    "Belgium": ("NV", "SA", "BV"), "Netherlands": ("B.V.", "N.V."), "Spain": ("S.L.", "S.A."),
    "Portugal": ("Lda.", "S.A."), "Italy": ("S.r.l.", "S.p.A."), "Sweden": ("AB",),
    "Norway": ("AS", "ASA"), "Denmark": ("A/S", "ApS"), "Finland": ("Oy", "Oyj"),
    "Poland": ("Sp. z o.o.", "S.A."), "Japan": ("K.K.", "Co., Ltd."), "Brazil": ("Ltda.", "S.A."),
    "Mexico": ("S.A. de C.V.",), "India": ("Pvt. Ltd.", "Ltd."),
}
_PERSONAL = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me")
_PERSONAL_BY_COUNTRY = {
    "Germany": ("web.de", "gmx.de", "t-online.de"), "France": ("orange.fr", "free.fr"),
    "United Kingdom": ("btinternet.com",), "Sweden": ("telia.com",), "Italy": ("libero.it",),
    "Spain": ("telefonica.net",), "Japan": ("nifty.com",), "Brazil": ("uol.com.br",),
}
_TRANSLIT = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ы": "y", "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye",
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
})


def latin(s: str) -> str:
    """An ASCII rendering for email addresses ('' when there is none)."""
    slug = ascii_slug(s)
    if slug:
        return slug
    return ascii_slug(s.casefold().translate(_TRANSLIT))


def tld(country: str) -> str:
    return _TLD.get(country, "com")


def legal_form(rng: random.Random, country: str) -> str:
    return rng.choice(_FORMS.get(country, ("Ltd.",)))


def personal_domain(rng: random.Random, country: str) -> str:
    local = _PERSONAL_BY_COUNTRY.get(country)
    if local and rng.random() < 0.5:
        return rng.choice(local)
    return rng.choice(_PERSONAL)


def phone(rng: random.Random, city: City) -> str:
    cc = city.calling_code
    if cc == "1":
        return f"+1 ({rng.randint(201, 989)}) 555-{rng.randint(100, 199):04d}"
    area = rng.randint(10, 99) if rng.random() < 0.6 else rng.randint(100, 999)
    return f"+{cc} {area} {rng.randint(1000000, 9999999)}"


def address(rng: random.Random, city: City, surname: str) -> str:
    c, co, n = city.name, city.country, rng.randint(1, 220)
    lang = city.locale.split("_")[0]
    pc5 = f"{rng.randint(10000, 99999)}"
    pc4 = f"{rng.randint(1000, 9999)}"
    if not ascii_slug(surname):
        if lang == "ja":
            return f"{rng.randint(1, 5)}-{rng.randint(1, 30)}-{rng.randint(1, 20)}, {c}, {co}"
        surname = rng.choice(("Park", "Central", "Station", "Harbour", "Garden", "Market"))
    if lang == "de":
        street = "strasse" if co == "Switzerland" else "straße"
        pc = pc4 if co in ("Austria", "Switzerland") else pc5
        return f"{surname}{street} {n}, {pc} {c}, {co}"
    if lang == "fr":
        return f"{n} rue {surname}, {pc5} {c}, {co}"
    if lang == "es":
        return f"Calle de {surname} {n}, {pc5} {c}, {co}"
    if lang == "it":
        return f"Via {surname} {n}, {pc5} {c}, {co}"
    if lang == "pt":
        return f"Rua {surname}, {n}, {pc4}-{rng.randint(100, 999)} {c}, {co}"
    if lang == "nl":
        return f"{surname}straat {n}, {pc4} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}" \
               f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')} {c}, {co}"
    if lang == "sv":
        return f"{surname}gatan {n}, {pc5[:3]} {pc5[3:]} {c}, {co}"
    if lang in ("no", "da"):
        return f"{surname}{'gate' if lang == 'no' else 'vej'} {n}, {pc4} {c}, {co}"
    if lang == "fi":
        return f"{surname}inkatu {n}, {pc5} {c}, {co}"
    if lang == "pl":
        return f"ul. {surname} {n}, {pc5[:2]}-{pc5[2:]} {c}, {co}"
    kind = rng.choice(("Street", "Avenue", "Road", "Lane", "Drive", "Way"))
    if co == "United Kingdom":
        pc = f"{rng.choice('ENSW')}{rng.randint(1, 20)} {rng.randint(1, 9)}" \
             f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        return f"{n} {surname} {kind}, {c} {pc}, {co}"
    return f"{n} {surname} {kind}, {c} {pc5}, {co}"
