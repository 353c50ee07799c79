"""vCard content lines: unfolding (with quoted-printable soft breaks), splitting a line into
group, name, parameters and value, and value escaping. Shared by the reader and the writer.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterator, Mapping, Sequence
from types import MappingProxyType

from .decode import Limits, decode_part

_NEWLINE = re.compile(r"\r\n|\r|\n")
# A property name as real exports write them: RFC letters, digits and '-', but also
# "X-GOOGLE TALK" or "X-CUSTOM(1)". Kept verbatim; only control characters, ';', ':' and
# quotes are refused, and a name cannot start or end with a space.
_NAME = re.compile(r"[^\x00-\x20\x7f:;\"]([^\x00-\x1f\x7f:;\"]*[^\x00-\x20\x7f:;\"])?")
NO_PARAMS: Mapping[str, tuple[str, ...]] = MappingProxyType({})
# vCard 2.1 bare parameters that are encodings, not types.
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


class LineError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def logical_lines(text: str, limits: Limits) -> Iterator[tuple[int, str]]:
    """(line number of its first physical line, unfolded line); blank lines are skipped."""
    cur: list[str] | None = None
    size = 0
    start = 0
    qp = False
    for no, raw in enumerate(_NEWLINE.split(text), 1):
        if cur is not None:
            if qp and cur[-1].endswith("="):
                cur[-1] = cur[-1][:-1]
                cur.append(raw)
                size += len(raw)
                if size > limits.line_chars:
                    raise LineError(start, f"line is over {limits.line_chars:,} characters")
                continue
            if raw[:1] in (" ", "\t"):
                cur.append(raw[1:])
                size += len(raw)
                if size > limits.line_chars:
                    raise LineError(start, f"line is over {limits.line_chars:,} characters")
                continue
            yield start, "".join(cur) if len(cur) > 1 else cur[0]
            cur = None
        if not raw.strip():
            continue
        cur = [raw]
        size = len(raw)
        start = no
        if size > limits.line_chars:
            raise LineError(start, f"line is over {limits.line_chars:,} characters")
        head = raw.split(":", 1)[0]
        qp = "QUOTED-PRINTABLE" in head.upper()
    if cur is not None:
        yield start, "".join(cur) if len(cur) > 1 else cur[0]


def _split_quoted(s: str, sep: str) -> list[str]:
    if '"' not in s:
        return s.split(sep)
    out, buf, quoted = [], [], False
    for ch in s:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            out.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    out.append("".join(buf))
    return out


class Head:
    """What the part of a line before its value says: group, name as written, the name
    upper-cased (``key``), and the parameters (lower-case keys; read-only, shared by every
    line with the same head). ``label`` is a memo of the reader's (the TYPE words as a
    label), worked out once per head instead of once per line."""

    __slots__ = ("group", "name", "key", "params", "label", "_plain")

    def __init__(self, group: str, name: str, params: Mapping[str, tuple[str, ...]]):
        self.group = group
        self.name = name
        self.key = name.upper()
        self.params = params
        self.label: str | None = None
        self._plain: Mapping[str, tuple[str, ...]] | None = None

    @property
    def plain(self) -> Mapping[str, tuple[str, ...]]:
        """The parameters that still hold once the value is decoded (all but ENCODING and
        CHARSET): what a line kept as-is is written back with."""
        if self._plain is None:
            self._plain = MappingProxyType({k: v for k, v in self.params.items()
                                            if k not in ("encoding", "charset")})
        return self._plain


# Heads seen before (a file repeats a few dozen), by the text before the first ':': most
# lines cost one dict look-up (the card reader looks here before it calls split_head).
HEADS: dict[str, Head] = {}
_MAX_HEADS = 4096


def split_head(line: str) -> tuple[Head, str]:
    """A content line's ``Head`` and its value (as written); ValueError if it has none."""
    colon = line.find(":")
    if colon > 0:
        head = HEADS.get(line[:colon])
        if head is not None:
            return head, line[colon + 1:]
    group, name, params, value = _split_line(line)
    head = Head(group, name, params)
    written = line[:len(line) - len(value) - 1]
    if '"' not in written:  # with quotes the first ':' may be inside them: not cached
        if len(HEADS) >= _MAX_HEADS:
            HEADS.clear()
        HEADS[written] = head
    return head, value


def split_line(line: str) -> tuple[str, str, Mapping[str, tuple[str, ...]], str]:
    """'item1.tel;type=CELL:+1 555' -> ('item1', 'tel', {'type': ('CELL',)}, '+1 555').

    The name comes back as written: callers compare it upper-cased, kept lines keep it.
    The parameters are read-only (shared by the lines with the same head)."""
    head, value = split_head(line)
    return head.group, head.name, head.params, value


def _split_line(line: str) -> tuple[str, str, Mapping[str, tuple[str, ...]], str]:
    colon = line.find(":")
    if colon < 0:
        raise ValueError("no ':' between the property name and its value")
    head = line[:colon]
    if ";" not in head and "." not in head and '"' not in head:  # 'FN:Ana' (most lines)
        if not _NAME.fullmatch(head):
            raise ValueError(f"'{head[:40]}' is not a property name")
        return "", head, NO_PARAMS, line[colon + 1:]
    if '"' in head:
        # A quoted parameter value may hold ':'; find the first colon outside quotes.
        quoted = False
        for i, ch in enumerate(line):
            if ch == '"':
                quoted = not quoted
            elif ch == ":" and not quoted:
                colon = i
                break
        else:
            raise ValueError("no ':' between the property name and its value")
        head = line[:colon]
    value = line[colon + 1:]
    parts = _split_quoted(head, ";") if ";" in head else [head]
    name = parts[0].strip()
    group = ""
    if "." in name:
        group, name = name.rsplit(".", 1)
    if not _NAME.fullmatch(name):
        raise ValueError(f"'{name[:40]}' is not a property name")
    params: dict[str, list[str]] = {}
    for p in parts[1:]:
        if not p:
            continue
        k, eq, v = p.partition("=")
        if not eq:
            bare = k.strip().upper()
            key = "encoding" if bare in _ENCODINGS else "type"
            params.setdefault(key, []).append(bare)
            continue
        key = k.strip().lower()
        vals = params.setdefault(key, [])
        for item in _split_quoted(v, ","):
            item = item.strip()
            if len(item) >= 2 and item[0] == '"' and item[-1] == '"':
                item = item[1:-1]
            vals.append(item)
    if not params:
        return group, name, NO_PARAMS, value
    return group, name, MappingProxyType({k: tuple(v) for k, v in params.items()}), value


def decode_value(value: str, params: Mapping[str, tuple[str, ...]], file_encoding: str) -> str:
    """Undo quoted-printable (decoding the bytes in the property's CHARSET)."""
    if "encoding" not in params:
        return value
    enc = params["encoding"]
    if enc and enc[0].upper() == "QUOTED-PRINTABLE":
        try:
            raw = value.encode(file_encoding if file_encoding != "UTF-16" else "utf-8")
        except (UnicodeEncodeError, LookupError):
            raw = value.encode("utf-8")
        charset = (params.get("charset") or [None])[0]
        return decode_part(quopri.decodestring(raw), charset, file_encoding)
    return value


_ESC = re.compile(r"\\(.)", re.S)
_BS, _SEP = "\ue000", "\ue001"  # placeholders while splitting


def _unesc(m: re.Match) -> str:
    ch = m.group(1)
    return "\n" if ch in "nN" else ch


def unescape(v: str) -> str:
    """vCard text escapes: \\n -> newline, \\, -> ',', \\; -> ';', \\\\ -> backslash."""
    if "\\" not in v:
        return v
    if "\\\\" not in v:  # each backslash then starts its own pair: the common ones at C speed
        r = v.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\N", "\n")
        if "\\" not in r:
            return r
    return _ESC.sub(_unesc, v)


def split_escaped(v: str, sep: str) -> list[str]:
    """Split on ``sep`` not escaped by a backslash, then unescape each part."""
    if "\\" not in v:
        return v.split(sep)
    if _BS in v or _SEP in v:
        return _split_slow(v, sep)
    hidden = v.replace("\\\\", _BS).replace("\\" + sep, _SEP)
    return [unescape(p.replace(_SEP, "\\" + sep).replace(_BS, "\\\\")) if "\\" in p
            or _SEP in p or _BS in p else p for p in hidden.split(sep)]


def _split_slow(v: str, sep: str) -> list[str]:
    out, buf, i, n = [], [], 0, len(v)
    while i < n:
        ch = v[i]
        if ch == "\\" and i + 1 < n:
            buf.append(v[i:i + 2])
            i += 2
            continue
        if ch == sep:
            out.append(unescape("".join(buf)))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append(unescape("".join(buf)))
    return out


def escape(v: str, structured: bool = False) -> str:
    v = v.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    v = v.replace(",", "\\,")
    return v.replace(";", "\\;")


def fold(line: str, limit: int = 75) -> str:
    """Fold one content line at ``limit`` octets (UTF-8), never inside a character; CRLF."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return line + "\r\n"
    out, pos, width = [], 0, limit
    while pos < len(data):
        end = min(pos + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # back off to a character boundary
        out.append(data[pos:end].decode("utf-8"))
        pos = end
        width = limit - 1  # continuation lines start with one space
    return "\r\n ".join(out) + "\r\n"


def build_line(group: str, name: str, params: Mapping[str, Sequence[str]], value: str) -> str:
    """A content line from its parts (parameter values quoted where they must be)."""
    head = f"{group}.{name}" if group else name
    for k, vals in params.items():
        shown = []
        for v in vals:
            shown.append(f'"{v}"' if any(c in v for c in ':;,') else v)
        head += f";{k.upper()}={','.join(shown)}"
    return f"{head}:{value}"
