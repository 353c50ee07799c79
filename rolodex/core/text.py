"""Text normalisation shared by search, resolution, dedupe and the vocabulary."""

from __future__ import annotations

import unicodedata

# Letters that do not decompose under NFKD but have an obvious ASCII fold.
_EXTRA = str.maketrans(
    {
        "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ß": "ss",
    }
)


# What never reaches a terminal from data: C0 controls but tab and newline, DEL, C1, and
# the bidirectional embeddings, overrides and isolates (which can reorder what is shown).
_UNSAFE = None


def printable(s: str) -> str:
    """``s`` with every character a terminal would act on escaped (``\\u001b``, ``\\u202e``),
    for human output; tab and newline are kept."""
    global _UNSAFE
    if s.isascii() and s.isprintable():
        return s
    if _UNSAFE is None:
        import re

        _UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    return _UNSAFE.sub(_escape, s)


def _escape(m) -> str:
    # One form for every character: \\u001b reads well and is also a valid escape inside
    # a JSON string (``--json`` output passes through here too).
    return f"\\u{ord(m.group()):04x}"


class SafeOutput:
    """A text stream that passes everything through :func:`printable` (the CLI's stdout and
    stderr: defence in depth behind the cleaning at the door). ``buffer`` stays the raw one
    (an export to ``-`` writes file bytes)."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        self._stream.write(printable(s))
        return len(s)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
            "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
_CLOSERS = {"\u202c", "\u2069"}
_DIRTY = None


def clean_text(s: str, multiline: bool = False) -> str:
    """Text as it may be stored: C0 and C1 controls and DEL removed (a tab or newline is kept
    in a multi-line field, else becomes a space), bidirectional embeddings, overrides and
    isolates kept only when paired with their closer, NFC. Everything else (every script,
    emoji and their joiners) is kept as it was."""
    global _DIRTY
    if not s or (s.isascii() and s.isprintable()):
        return s  # the common case, at C speed
    if _DIRTY is None:
        import re

        _DIRTY = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
    if _DIRTY.search(s) is not None:
        s = _drop_controls(s, multiline)
    if not s.isascii() and not unicodedata.is_normalized("NFC", s):
        s = unicodedata.normalize("NFC", s)
    return s


def _drop_controls(s: str, multiline: bool) -> str:
    out: list[str] = []
    opened: list[tuple[int, str]] = []  # (index in out, the closer it needs)
    for ch in s:
        o = ord(ch)
        if o < 0x20 or 0x7F <= o <= 0x9F:
            if ch in "\t\n":
                out.append(ch if multiline else " ")
            elif ch == "\r":
                if not multiline:
                    out.append(" ")
            continue
        if ch in _OPENERS:
            opened.append((len(out), _OPENERS[ch]))
            out.append(ch)
        elif ch in _CLOSERS:
            # A PDI also ends the embeddings opened inside its isolate (they were never
            # closed: they go); a PDF closes only an embedding or override.
            if ch == "\u2069" and any(c == ch for _, c in opened):
                while opened[-1][1] != ch:
                    out[opened.pop()[0]] = ""
            if opened and opened[-1][1] == ch:
                opened.pop()
                out.append(ch)
            # a closer with nothing open is dropped
        else:
            out.append(ch)
    for i, _ in opened:  # openers never closed
        out[i] = ""
    return "".join(out)


def count_of(count: int, one: str, many: str | None = None) -> str:
    """'1 contact', '2,310 contacts', '1 person' / '3 people': the one plural rule."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def names_in_short(names: list[str], most: int = 3) -> str:
    """'Ann', 'Ann and Bob', 'Ann, Bob and Carl', or '214 people: Ann, Bob, Carl…' (a
    newsletter's hundreds of names never fill a title)."""
    if len(names) <= most:
        return names[0] if len(names) == 1 else \
            ", ".join(names[:-1]) + (" and " + names[-1] if names else "")
    return f"{count_of(len(names), 'person', 'people')}: {', '.join(names[:most])}…"


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


_WORDS: dict[str, str] = {}  # folded non-ASCII words (a dict: functools costs 6 ms to import)


def _fold_word(w: str) -> str:
    if w.isascii():
        return w.lower()
    v = _WORDS.get(w)
    if v is None:
        if len(_WORDS) > 100_000:
            _WORDS.clear()
        v = _WORDS[w] = fold_slow(w)
    return v


def fold_slow(s: str) -> str:
    """The reference fold (one pass over the whole string); ``fold`` gives the same result."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s.casefold().translate(_EXTRA))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(s.casefold().translate(_EXTRA).split())


def norm_email(s: str) -> str:
    return s.strip().casefold()


def norm_phone(s: str) -> str:
    """Digits only, with a leading + kept: '+1 (555) 010-2000' -> '+15550102000'."""
    s = s.strip()
    if s.lower().startswith("tel:"):
        s = s[4:]
    q = s.replace(" ", "")
    if q[1:].isdigit() and q.isascii() and (s[:1] == "+" or q[:1].isdigit()):
        return q  # '+91 769 3669576' (most numbers): only spaces to take out
    if s.isascii():
        global _NOT_DIGIT
        if _NOT_DIGIT is None:
            import re

            _NOT_DIGIT = re.compile(r"[^0-9]+")
        digits = _NOT_DIGIT.sub("", s)  # for ASCII the same as str.isdigit, at C speed
    else:
        digits = "".join(filter(str.isdigit, s))
    return ("+" + digits) if s.startswith("+") else digits


_NOT_DIGIT = None


def vocab_key(s: str) -> str:
    """The key skills and tags are deduplicated on: folded, single-spaced."""
    return fold(s)
