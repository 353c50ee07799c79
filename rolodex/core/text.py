"""Text normalisation shared by search, resolution, dedupe and the vocabulary."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters that do not decompose under NFKD but have an obvious ASCII fold.
_EXTRA = str.maketrans(
    {
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ß": "ss",
    }
)
_SPACE = re.compile(r"\s+")


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s).strip()


def fold(s: str | None) -> str:
    """Case- and accent-insensitive form: 'Zoë Ångström' -> 'zoe angstrom'.

    Scripts without a Latin fold (Cyrillic, CJK...) are kept, casefolded. Words are folded
    one at a time through a cache (names repeat a lot), and ASCII takes a short cut.
    """
    if not s:
        return ""
    if s.isascii():
        return " ".join(s.lower().split())
    return " ".join(filter(None, map(_fold_word, s.split())))


@lru_cache(maxsize=1 << 16)
def _fold_word(w: str) -> str:
    if w.isascii():
        return w.lower()
    return fold_slow(w)


def fold_slow(s: str) -> str:
    """The reference fold (one pass over the whole string); ``fold`` gives the same result."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s.casefold().translate(_EXTRA))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return _SPACE.sub(" ", s.casefold().translate(_EXTRA)).strip()


def norm_email(s: str) -> str:
    return s.strip().casefold()


def norm_phone(s: str) -> str:
    """Digits only, with a leading + kept: '+1 (555) 010-2000' -> '+15550102000'."""
    s = s.strip()
    if s.lower().startswith("tel:"):
        s = s[4:]
    digits = "".join(ch for ch in s if ch.isdigit())
    return ("+" + digits) if s.startswith("+") else digits


def vocab_key(s: str) -> str:
    """The key skills and tags are deduplicated on: folded, single-spaced."""
    return fold(s)
