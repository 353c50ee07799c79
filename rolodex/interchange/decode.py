"""Bytes to text: UTF-8 (with or without BOM), a declared CHARSET, then cp1252.

Returns the text and the name of the encoding used, so the summary can say it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from rolodex.core.errors import RolodexError

_CHARSET = re.compile(rb"CHARSET=\"?([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)

_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1252": "cp1252", "iso8859-1": "ISO-8859-1",
          "iso8859-15": "ISO-8859-15", "utf-8-sig": "UTF-8"}


@dataclass(frozen=True)
class Limits:
    """Ceilings that turn an absurd file into a clear error instead of a hang."""

    file_bytes: int = 256 * 1024 * 1024
    line_chars: int = 4 * 1024 * 1024     # one logical (unfolded) line
    card_chars: int = 8 * 1024 * 1024     # one vCard or CSV record
    records: int = 1_000_000
    photo_bytes: int = 2 * 1024 * 1024    # an embedded photo, as written (base64)


def pretty(enc: str) -> str:
    try:
        name = codecs.lookup(enc).name
    except LookupError:
        return enc
    return _NAMES.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The first CHARSET= parameter in the bytes that names a codec Python knows."""
    for m in _CHARSET.finditer(data[:1_000_000]):
        name = m.group(1).decode("ascii", "replace")
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        return name
    return None


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
    declared = declared_charset(data)
    if declared and pretty(declared) not in ("UTF-8",):
        try:
            return data.decode(declared), pretty(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    # cp1252 leaves five bytes undefined; map them through latin-1 so nothing is refused.
    return data.decode("cp1252", errors="latin1_fallback"), "cp1252"


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
