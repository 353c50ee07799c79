"""Bytes to text: UTF-8 (with or without BOM), UTF-16 (with or without BOM), the CHARSET
each vCard line declares, Shift_JIS by its byte pattern, then cp1252.

Returns the text and the name of the encoding used, so the summary can say it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rolodex.core.errors import RolodexError

_CHARSET = re.compile(rb"CHARSET=\"?([A-Za-z0-9_.-]{1,40})", re.IGNORECASE)

_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1252": "cp1252", "utf-8-sig": "UTF-8",
          "shift_jis": "Shift_JIS", "cp932": "Shift_JIS", "euc_jp": "EUC-JP",
          "iso2022_jp": "ISO-2022-JP", "gb2312": "GB2312", "gbk": "GBK", "big5": "Big5",
          "euc_kr": "EUC-KR", "koi8-r": "KOI8-R"}
_LINE = re.compile(rb"\r\n|\r|\n")
_CR = re.compile(r"\r\n?")
_HIGH = bytes(range(0x80, 0x100))
_SJIS_LEADS = bytes(range(0x81, 0xA0))
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff9f]+")
_CP1251_LETTERS = bytes(range(0xC0, 0x100)) + b"\xa8\xb8"  # А..я, Ё, ё
_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")
# a Cyrillic word: its letters not joined to Latin ones or digits
_CYRILLIC_WORD = re.compile(r"(?<![^\W_])[\u0400-\u04ff]+(?![^\W_])")


def unify_newlines(text: str) -> str:
    """LF, CRLF, CR CR LF (iOS 6) and bare CR (classic Mac), mixed as they come, to LF:
    each of them ends one line."""
    if "\r" not in text:
        return text
    text = text.replace("\r\n", "\n")  # CR CR LF is left as CR LF, one line end
    return _CR.sub("\n", text) if "\r" in text else text


@dataclass(frozen=True)
class Limits:
    """Ceilings that turn an absurd file into a clear error instead of a hang."""

    file_bytes: int = 100 * 1024 * 1024  # read whole: a 100 MB file stays under 400 MB
    line_chars: int = 4 * 1024 * 1024     # one logical (unfolded) line
    card_chars: int = 8 * 1024 * 1024     # one vCard or CSV record
    records: int = 1_000_000
    photo_bytes: int = 2 * 1024 * 1024    # an embedded photo, as written (base64)


def pretty(enc: str) -> str:
    try:
        name = codecs.lookup(enc).name
    except LookupError:
        return enc
    if name.startswith("iso8859-"):
        return "ISO-8859-" + name[8:]
    return _NAMES.get(name, name)


def _codec(raw: bytes) -> str | None:
    name = raw.decode("ascii", "replace")
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def declared_charsets(data: bytes) -> list[str]:
    """The distinct CHARSET= parameters in the bytes that name a codec Python knows, in
    the order they first appear."""
    seen: dict[str, str] = {}
    for m in _CHARSET.finditer(data[:1_000_000]):
        name = _codec(m.group(1))
        if name and pretty(name) not in seen:
            seen[pretty(name)] = name
    return list(seen.values())


def declared_charset(data: bytes) -> str | None:
    """The first CHARSET= parameter in the bytes that names a codec Python knows."""
    found = declared_charsets(data)
    return found[0] if found else None


def decode_bytes(data: bytes, where: str = "input") -> tuple[str, str]:
    """(text, encoding name). UTF-8 first, then the declared CHARSET, then cp1252.

    NUL characters are dropped (PostgreSQL refuses them and no contact field holds one);
    a file that is mostly NULs in alternate bytes is UTF-16 without its byte-order mark.
    """
    text, enc = _decode(data, where)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text, enc


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _decode(data: bytes, where: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8):].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            raise RolodexError(f"{where}: starts with a UTF-8 mark but is not UTF-8 "
                               f"(byte {exc.start + 3})") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise RolodexError(f"{where}: starts with a UTF-16 mark but is not UTF-16") from None
    wide = _utf16_without_bom(data)
    if wide:
        try:
            return data.decode(wide), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    declared = [c for c in declared_charsets(data) if pretty(c) not in ("UTF-8", "UTF-16")]
    if len(declared) == 1:
        try:
            return data.decode(declared[0]), pretty(declared[0])
        except (UnicodeDecodeError, LookupError):
            pass
    if declared:
        return _by_line(data, declared[0])
    if _looks_shift_jis(data):
        return data.decode("shift_jis"), "Shift_JIS"
    if _looks_cp1251(data):
        return data.decode("cp1251"), "cp1251"
    # cp1252 leaves five bytes undefined; map them through latin-1 so nothing is refused.
    return data.decode("cp1252", errors="latin1_fallback"), "cp1252"


def _by_line(data: bytes, first: str) -> tuple[str, str]:
    """A vCard file whose cards declare different charsets (or whose bytes do not all fit
    the one declared): each line in the CHARSET it names; a folded line in that of the
    line it continues; a line naming none in UTF-8 if it is, else the last charset named."""
    parts = _LINE.split(data)
    seps = _LINE.findall(data)
    out: list[str] = []
    used: dict[str, None] = {}
    current = last = first
    for i, raw in enumerate(parts):
        if raw[:1] not in (b" ", b"\t"):
            head = raw.split(b":", 1)[0]
            m = _CHARSET.search(head) if b"=" in head else None
            named = _codec(m.group(1)) if m else None
            if named:
                last = current = named
            else:
                current = "utf-8" if _is_utf8(raw) else last
        if raw.isascii():
            out.append(raw.decode("ascii"))
        else:
            text, enc = _one_line(raw, current)
            used.setdefault(enc, None)
            out.append(text)
        if i < len(seps):
            out.append(seps[i].decode("ascii"))
    return "".join(out), ", ".join(used) or pretty(first)


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _one_line(raw: bytes, enc: str) -> tuple[str, str]:
    for one in (enc, "utf-8"):
        try:
            return raw.decode(one), pretty(one)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", errors="latin1_fallback"), "cp1252"


def _decoded_if(data: bytes, codec: str, of: bytes, *, share: float, least: int) -> str | None:
    """``data`` decoded with ``codec`` when its first 200,000 bytes hold at least ``least``
    high bytes (0x80-0xFF) and at least ``share`` of them are among ``of``; else None."""
    sample = data[:200_000]
    high = len(sample) - len(sample.translate(None, _HIGH))
    if high < least or len(sample) - len(sample.translate(None, of)) < share * high:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _looks_shift_jis(data: bytes) -> bool:
    """Undeclared Shift_JIS (a CSV saved by Excel in Japan): it decodes, a good share of its
    high bytes are the lead bytes of kana and common kanji (in cp1252 rare punctuation), and
    it decodes to Japanese words: runs of Japanese characters, not a lone character inside
    a Latin word (which is what cp1252's 'Š' or '“' before a letter decode to)."""
    text = _decoded_if(data, "shift_jis", _SJIS_LEADS, share=0.25, least=2)
    if text is None:
        return False
    head = text[:100_000]
    wide = sum(1 for ch in head if ord(ch) > 0x7F)
    runs = [len(r) for r in _JAPANESE.findall(head)]
    japanese = sum(runs)
    in_words = sum(n for n in runs if n >= 2)
    return japanese >= max(2, 0.8 * wide) and in_words >= 0.6 * japanese


def _looks_cp1251(data: bytes) -> bool:
    """Undeclared Windows-1251 (Outlook's CSV on a Russian Windows): nearly all its high
    bytes are those of Cyrillic letters (0xC0-0xFF, Ё and ё), decoded they make whole words
    of two letters or more, and vowels are about two in five of those letters, as in
    Russian. cp1252's accented letters decode to one Cyrillic letter inside a Latin word
    ('Hélène' -> 'Hйlиne') or alone ('à')."""
    text = _decoded_if(data, "cp1251", _CP1251_LETTERS, share=0.9, least=4)
    if text is None:
        return False
    text = text[:200_000]
    letters = sum(map(len, _CYRILLIC_RUN.findall(text)))
    whole = sum(len(w) for w in _CYRILLIC_WORD.findall(text) if len(w) >= 2)
    vowels = sum(map(text.lower().count, "аеёиоуыэюя"))
    return letters > 0 and whole >= 0.8 * letters and vowels >= 0.25 * letters


def _latin1_fallback(exc: UnicodeDecodeError):
    bad = exc.object[exc.start:exc.end]
    return bad.decode("latin-1"), exc.end


codecs.register_error("latin1_fallback", _latin1_fallback)


def decode_part(raw: bytes, charset: str | None, fallback: str) -> str:
    """Bytes of one quoted-printable value in the charset its property names."""
    for enc in (charset, fallback, "utf-8"):
        if not enc:
            continue
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", errors="latin1_fallback")


def read_limited(path, limits: Limits) -> bytes:
    """The file's bytes, refusing a folder, a missing file or one over the size limit."""
    from pathlib import Path

    from rolodex.core.errors import UsageError

    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p}: no such file")
    if p.is_dir():
        raise UsageError(f"{p}: is a folder, not a file")
    try:
        size = p.stat().st_size
        if size > limits.file_bytes:
            raise RolodexError(f"{p}: {size:,} bytes is over the {limits.file_bytes:,}-byte "
                               "limit for one import")
        with open(p, "rb") as fh:
            data = fh.read(limits.file_bytes + 1)
    except OSError as exc:
        raise RolodexError(f"{p}: cannot read ({exc.strerror})") from None
    if len(data) > limits.file_bytes:
        raise RolodexError(f"{p}: over the {limits.file_bytes:,}-byte limit for one import")
    return data
