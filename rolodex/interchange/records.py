"""What every reader returns, and the checks every incoming contact passes before it is stored.

A reader never raises on a bad record: it collects ``(line, what is wrong)`` so the importer
can refuse the whole file (the default) or skip and report each one (``--skip-bad``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from rolodex.core.db.models import CATEGORIES
from rolodex.core.records.contacts import ContactIn
from rolodex.core.text import nfc
from rolodex.core.when import birthday_value

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
    blank: int = 0   # blank rows or empty cards skipped (counted for the summary)
    groups: int = 0  # group cards turned into tags on their members


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LIMITED = (("name", MAX["name"]), ("company", MAX["company"]), ("title", MAX["title"]),
            ("location", MAX["location"]), ("url", MAX["url"]), ("uid", MAX["uid"]),
            ("birthday", MAX["birthday"]))
_LIMITED_BUT_NAME = _LIMITED[1:]


def park(c: ContactIn, what: str, value: str) -> None:
    """Keep a value we cannot store in its field with the contact's extra columns
    (``extra["csv"]``: both exports write them back), under its field's name."""
    kept = c.extra.setdefault("csv", {})
    key, n = what, 1
    while key in kept and kept[key] != value:
        n += 1
        key = f"{what} {n}"
    kept[key] = value


def problem(c: ContactIn) -> str | None:
    """What makes an incoming contact impossible to store (one phrase), or None.

    Liberal: an email or phone that fails its check is kept as written (the store flags it
    unchecked); a value too long for its column, a category we do not know, an absurd
    closeness or cadence is parked in the contact's extra columns and the record kept.
    Only a contact with no name and no email, phone or organisation is refused.
    """
    c.name = nfc(c.name)
    if not c.name:
        c.name = c.company.strip() or next((e for e in c.emails if e.strip()), "") \
            or next((p for p in c.phones if p.strip()), "")
        if not c.name:
            return "no name, email, phone or organisation"
    if len(c.name) > MAX["name"]:
        park(c, "Name", c.name)
        c.name = c.name[:MAX["name"]].rstrip()
    for key, limit in _LIMITED_BUT_NAME:
        v = getattr(c, key) or ""
        if len(v) > limit:
            park(c, key.capitalize(), v)
            setattr(c, key, None if key == "uid" else "")
    if c.category not in CATEGORIES:
        park(c, "Category", c.category)
        c.category = "other"
    if c.emails or c.email_labels:
        _fit(c, c.emails, c.email_labels, "Email", MAX_EMAIL)
    if c.phones or c.phone_labels:
        _fit(c, c.phones, c.phone_labels, "Phone", MAX_PHONE)
    for labels in (c.email_labels, c.phone_labels):
        if labels and max(map(len, labels)) > MAX_LABEL:
            labels[:] = [lab[:MAX_LABEL] for lab in labels]
    for vocab, what in ((c.tags, "Tags"), (c.skills, "Skills")):
        if not vocab or max(map(len, vocab)) <= MAX_VOCAB:
            continue
        long = [t for t in vocab if len(t) > MAX_VOCAB]
        if long:
            vocab[:] = [t for t in vocab if len(t) <= MAX_VOCAB]
            for t in long:
                park(c, what, t)
    if c.closeness is not None and not 0 <= c.closeness <= 5:
        park(c, "Closeness", str(c.closeness))
        c.closeness = None
    if c.cadence_days is not None and c.cadence_days <= 0:
        park(c, "Cadence", str(c.cadence_days))
        c.cadence_days = None
    return None


def _fit(c: ContactIn, values: list[str], labels: list[str], what: str, limit: int) -> None:
    """Values as written (trimmed, control characters out); one longer than its column is
    parked. Whether a value passes valid_email/valid_phone is the store's business."""
    keep_v: list[str] = []
    keep_l: list[str] = []
    for i, v in enumerate(values):
        v = _CONTROL.sub("", v).strip() if not v.isprintable() else v.strip()
        lab = labels[i] if i < len(labels) else ""
        if not v:
            continue
        if len(v) > limit:
            park(c, f"{what} {lab}".strip() if lab else what, v)
            continue
        keep_v.append(v)
        keep_l.append(lab)
    if keep_v != values or len(labels) != len(values):
        values[:] = keep_v
        labels[:] = keep_l


_NONDIGIT = re.compile(r"\D+")


def phone_twin_key(p: str) -> str:
    """What two phones of one card are compared on: their digits, or, for a phone with
    none ("BusinessPhone", "ask reception"), its text, so two such are not one."""
    d = _NONDIGIT.sub("", p)
    return d if d else " " + p.strip().casefold()


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


EMPTY_DATES = {"0/0/00", "0/0/0000", "00/00/0000", "0.0.00", "00.00.0000", "0000-00-00"}


@lru_cache(maxsize=8192)
def birthday(raw: str, omit_year: str | None = None) -> str | None:
    """ISO 'YYYY-MM-DD', or partial '--MM-DD', 'YYYY-MM', 'YYYY', '---DD'; None if unreadable.

    Takes the forms a person may type (core.when.birthday_value: vCard basic and extended
    forms, Apple's X-APPLE-OMIT-YEAR placeholder year), a time part (dropped), and the
    dates exports write ('07 Nov 2023', '11/7/2023').
    """
    v = raw.strip()
    if not v or v in EMPTY_DATES:
        return ""
    v = v.split("T", 1)[0] if len(v) > 8 and "T" in v[8:] else v
    return birthday_value(v, omit_year) or _loose_date(v)


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
