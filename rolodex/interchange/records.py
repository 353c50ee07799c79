"""What every reader returns, and the checks every incoming contact passes before it is stored.

A reader never raises on a bad record: it collects ``(line, what is wrong)`` so the importer
can refuse the whole file (the default) or skip and report each one (``--skip-bad``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from rolodex.core.contacts import ContactIn, valid_email, valid_phone
from rolodex.core.models import CATEGORIES
from rolodex.core.text import nfc

# Column widths of the schema (PostgreSQL refuses longer strings; SQLite would keep them).
MAX = {"name": 300, "company": 300, "title": 300, "location": 300, "url": 1000, "uid": 255,
       "birthday": 32}
MAX_EMAIL, MAX_PHONE, MAX_LABEL, MAX_VOCAB = 320, 64, 64, 200


@dataclass
class Record:
    line: int
    contact: ContactIn


@dataclass
class Parsed:
    records: list[Record] = field(default_factory=list)
    bad: list[tuple[int, str]] = field(default_factory=list)


def problem(c: ContactIn) -> str | None:
    """What is wrong with an incoming contact (one phrase naming the field), or None."""
    c.name = nfc(c.name)
    if not c.name:
        return "no name"
    for key, limit in MAX.items():
        v = getattr(c, key) or ""
        if len(v) > limit:
            return f"{key} is {len(v)} characters, over the {limit} allowed"
    if c.category not in CATEGORIES:
        return f"category '{c.category}' is not one of {', '.join(CATEGORIES)}"
    for e in c.emails:
        if len(e) > MAX_EMAIL or not valid_email(e):
            return f"email '{e[:80]}' is not an email address"
    for p in c.phones:
        if len(p) > MAX_PHONE or not valid_phone(p):
            return f"phone '{p[:80]}' is not a phone number"
    for lab in c.email_labels + c.phone_labels:
        if len(lab) > MAX_LABEL:
            return f"label '{lab[:80]}' is over {MAX_LABEL} characters"
    for t in c.tags + c.skills:
        if len(t) > MAX_VOCAB:
            return f"tag or skill '{t[:80]}…' is over {MAX_VOCAB} characters"
    if c.closeness is not None and not 0 <= c.closeness <= 5:
        return f"closeness {c.closeness} is not between 0 and 5"
    if c.cadence_days is not None and c.cadence_days <= 0:
        return f"cadence {c.cadence_days} is not a positive number of days"
    return None


def add_unique(values: list[str], labels: list[str], value: str, label: str, key) -> int:
    """Append value (and its label) unless an equal one (by ``key``) is there; its index
    or -1."""
    value = value.strip()
    if not value:
        return -1
    if values:
        k = key(value)
        for v in values:
            if key(v) == k:
                return -1
    while len(labels) < len(values):
        labels.append("")
    values.append(value)
    labels.append(label[:MAX_LABEL])
    return len(values) - 1


EMPTY_DATES = {"0/0/00", "0/0/0000", "00/00/0000", "00.00.0000", "0000-00-00"}
_BDAY = re.compile(r"^(\d{4}|--)-?(\d\d)-?(\d\d)$")
_YM = re.compile(r"^(\d{4})-(\d\d)$")
_DAY_ONLY = re.compile(r"^---(\d\d)$")


@lru_cache(maxsize=8192)
def birthday(raw: str, omit_year: str | None = None) -> str | None:
    """ISO 'YYYY-MM-DD', or partial '--MM-DD', 'YYYY-MM', 'YYYY', '---DD'; None if unreadable.

    Takes vCard basic and extended forms, a time part (dropped), and Apple's
    X-APPLE-OMIT-YEAR (a placeholder year such as 1604 meaning "no year").
    """
    v = raw.strip()
    if not v or v in EMPTY_DATES:
        return ""
    v = v.split("T", 1)[0] if len(v) > 8 and "T" in v[8:] else v
    m = _BDAY.match(v)
    if m:
        y, mo, d = m.groups()
        if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
            return None
        if y == "--" or (omit_year and y == omit_year) or y in ("0000", "1604"):
            return f"--{mo}-{d}"
        try:
            date(int(y), int(mo), int(d))
        except ValueError:
            return None
        return f"{y}-{mo}-{d}"
    m = _YM.match(v)
    if m and 1 <= int(m.group(2)) <= 12:
        return v
    if re.fullmatch(r"\d{4}", v):
        return v
    m = _DAY_ONLY.match(v)
    if m and 1 <= int(m.group(1)) <= 31:
        return v
    return _loose_date(v)


def _loose_date(v: str) -> str | None:
    d = loose_date(v)
    return d.isoformat() if d else None


_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%m/%d/%Y", "%m/%d/%y", "%b %d, %Y",
            "%B %d, %Y", "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d")


@lru_cache(maxsize=8192)
def loose_date(v: str) -> date | None:
    """A date as exports write them: ISO, '07 Nov 2023', '11/7/2023', '7.11.2023'."""
    v = v.strip()
    if not v or v in EMPTY_DATES:
        return None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(v, fmt).date()
        except ValueError:
            continue
    return None


def human_label(raw: str) -> str:
    """Apple's '_$!<Mobile>!$_' -> 'mobile'; Google's '* Work' -> 'work'; others as given."""
    v = raw.strip()
    if v.startswith("_$!<") and v.endswith(">!$_"):
        return v[4:-4].lower()
    if v.startswith("* "):
        v = v[2:]
    return v.lower() if v.lower() in KNOWN_LABELS else v


KNOWN_LABELS = {"home", "work", "other", "mobile", "cell", "main", "fax", "pager", "iphone",
                "homepage", "school", "voice", "text", "video", "textphone", "car", "isdn",
                "bbs", "modem", "pcs", "msg", "internet", "work fax", "home fax"}
