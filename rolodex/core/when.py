"""Parse the times a person types: ISO, '-2d', '-3w', 'yesterday 15:00', 'now', '14:30';
and the days ahead a follow-up is due: 'friday', 'in 2w', '2027-01-10' (``parse_due``)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from rolodex.core.errors import UsageError


class _Pattern:
    """A regular expression compiled when first used: compiling the patterns below costs
    more than ``rolodex show`` spends reading (it needs none of them)."""

    __slots__ = ("args", "compiled")

    def __init__(self, *args) -> None:
        self.args = args
        self.compiled = None

    def __getattr__(self, name: str):
        if self.compiled is None:
            self.compiled = re.compile(*self.args)
        return getattr(self.compiled, name)

_REL = _Pattern(r"^([+-]?)(\d+)\s*(m|min|h|d|w|mo|y)$", re.I)
_CLOCK = _Pattern(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.I)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DUE = _Pattern(r"^(?:in\s+|\+)?(\d+)\s*(d|days?|w|weeks?|mo|months?|y|years?)$", re.I)
_DUE_DAYS = {"d": 1, "w": 7, "mo": 30, "y": 365}
DUE_HELP = "friday, in 2w, +3d, tomorrow, next week, 2027-01-10"


def weekday(word: str) -> int | None:
    """0 (Monday) to 6 for a weekday's name or its first three letters ('fri')."""
    w = word.lower()
    for i, name in enumerate(_WEEKDAYS):
        if w == name or (len(w) >= 3 and name.startswith(w)):
            return i
    return None


def _clock(s: str) -> time:
    m = _CLOCK.match(s.strip())
    if not m:
        raise ValueError(s)
    hour, minute, ampm = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return time(hour, minute)


def parse_when(value: str | None, now: datetime) -> datetime:
    """A datetime from what a person typed, relative to ``now``; UsageError if unreadable.

    Accepted: ISO date or datetime ('2026-11-23', '2026-11-23 15:00', '2026-11-23T15:00'),
    relative ('-2d', '-3w', '-4h', '-30m', '-2mo', '-1y', '2d' means 2 days ago),
    'now', 'today', 'yesterday', 'tomorrow', a weekday ('monday' = the last one), each
    optionally followed by a clock time ('yesterday 15:00', 'friday 9am'), or a bare
    clock time ('14:30', today).
    """
    if value is None:
        return now.replace(microsecond=0)
    s = value.strip().lower()
    if not s or s == "now":
        return now.replace(microsecond=0)
    try:
        return _parse(s, now).replace(microsecond=0)
    except (ValueError, OverflowError):
        raise UsageError(
            f"bad time '{value}': use ISO (2026-11-23 15:00), -2d, -3w, yesterday 15:00"
        ) from None


def _parse(s: str, now: datetime) -> datetime:
    m = _REL.match(s)
    if m:
        sign, n, unit = m.group(1), int(m.group(2)), m.group(3).lower()
        factor = 1 if sign == "+" else -1
        if unit == "mo":
            return now + factor * timedelta(days=30 * n)
        if unit == "y":
            return now + factor * timedelta(days=365 * n)
        return now + factor * timedelta(**{_UNITS[unit]: n})
    head, _, rest = s.partition(" ")
    day: date | None = None
    if head in _DAYS:
        day = now.date() + timedelta(days=_DAYS[head])
    elif weekday(head) is not None:
        back = (now.weekday() - weekday(head)) % 7 or 7
        day = now.date() - timedelta(days=back)
    if day is not None:
        t = _clock(rest) if rest.strip() else (now.time() if head == "today" else time(12, 0))
        return datetime.combine(day, t)
    if _CLOCK.match(s):
        return datetime.combine(now.date(), _clock(s))
    return datetime.fromisoformat(s.replace("t", "T").upper().replace("Z", "+00:00")).replace(
        tzinfo=None
    )


def parse_day(value: str | None, now: datetime) -> date | None:
    if value is None or not value.strip():
        return None
    return parse_when(value, now).date()


def parse_due(value: str, today: date) -> date:
    """The day a follow-up is due, from what a person typed, always ahead of ``today``
    (or today itself): 'friday' or 'fri' (the next one, a week ahead on a Friday),
    'next friday' (the same), 'in 2w', '2w', '+3d', 'in 1 month', 'today', 'tomorrow',
    'next week' (7 days), 'next month' (30), or an ISO date ('2027-01-10', which may be
    past: it is what was typed). UsageError if unreadable."""
    s = " ".join(value.strip().lower().split())
    try:
        return _due(s, today)
    except (ValueError, OverflowError):
        raise UsageError(f"bad follow-up day '{value.strip()}': use {DUE_HELP}") from None


def _due(s: str, today: date) -> date:
    if s in ("today", "tomorrow"):
        return today + timedelta(days=_DAYS[s])
    if s in ("next week", "next month"):
        return today + timedelta(days=7 if s == "next week" else 30)
    m = _DUE.match(s)
    if m:
        unit = m.group(2)
        unit = "mo" if unit.startswith("mo") else unit[0]
        return today + timedelta(days=int(m.group(1)) * _DUE_DAYS[unit])
    day = weekday(s.removeprefix("next ").strip())
    if day is not None:
        return today + timedelta(days=(day - today.weekday()) % 7 or 7)
    return date.fromisoformat(s)


_FOLLOW = _Pattern(r"[\s,;.(—–-]*\b(?:follow[\s-]?up|f/u)\b\s*:?\s*(?:by\s+|on\s+)?"
                     r"(?P<when>[^,;:()]+?)\s*\)?\s*$", re.I)


def follow_up_in(summary: str, today: date) -> tuple[str, date | None]:
    """(the summary without it, the day) when a summary ends in a follow-up: "Sent the
    deck, follow up: friday", "… follow up in 2w", "… (f/u 2027-01-10)". A tail that is
    no day ("follow up: pricing") is the summary's own text: (summary, None)."""
    m = _FOLLOW.search(summary)
    if m is None:
        return summary, None
    try:
        day = parse_due(m.group("when"), today)
    except UsageError:
        return summary, None
    return summary[:m.start()].rstrip(" ,;.—–-"), day


def ago(then: datetime | None, now: datetime) -> str:
    """'today', '3d', '5w', '4mo', '2y' — the age column of the contact list."""
    if then is None:
        return "never"
    days = (now - then).days
    if days < 1:
        return "today"
    if days < 14:
        return f"{days}d"
    if days < 70:
        return f"{days // 7}w"
    if days < 720:  # 24 months: from there on, years
        return f"{days // 30}mo"
    return f"{max(2, days // 365)}y"


def ago_words(then: datetime | None, now: datetime) -> str:
    """'4 days ago', 'today', 'never' — for sentences."""
    if then is None:
        return "never"
    days = (now - then).days
    if days < 1:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    if days < 720:
        return f"{days // 30} months ago"
    return f"{max(2, days // 365)} years ago"


_BDAY = _Pattern(r"^(\d{4}|--)-?(\d\d)-?(\d\d)$")
_YEAR_MONTH = _Pattern(r"^(\d{4})-(\d\d)$")
_DAY_ONLY = _Pattern(r"^---(\d\d)$")
BIRTHDAY_FORMS = "YYYY-MM-DD, or --MM-DD without the year"


def birthday_value(raw: str, omit_year: str | None = None) -> str | None:
    """A birthday as stored: ISO 'YYYY-MM-DD', or partial '--MM-DD', 'YYYY-MM', 'YYYY',
    '---DD' (vCard basic forms such as '19800415' and '--0415' too); None if ``raw`` is
    none of these. ``omit_year`` is a placeholder year meaning "no year" (Apple's
    X-APPLE-OMIT-YEAR; 0000 and 1604 always are)."""
    v = raw.strip()
    m = _BDAY.match(v)
    if m:
        y, mo, d = m.groups()
        if not (1 <= int(mo) <= 12 and 1 <= int(d) <= 31):
            return None
        if y == "--" or (omit_year and y == omit_year) or y in ("0000", "1604"):
            try:
                date(2000, int(mo), int(d))  # a leap year: --02-29 is a birthday
            except ValueError:
                return None
            return f"--{mo}-{d}"
        try:
            date(int(y), int(mo), int(d))
        except ValueError:
            return None
        return f"{y}-{mo}-{d}"
    m = _YEAR_MONTH.match(v)
    if m:
        return v if 1 <= int(m.group(2)) <= 12 else None
    if re.fullmatch(r"\d{4}", v):
        return v
    m = _DAY_ONLY.match(v)
    if m:
        return v if 1 <= int(m.group(1)) <= 31 else None
    return None


def birthday_words(birthday: str) -> str:
    """'15 April 1980', '15 April' (a partial '--04-15'), 'April 1980' ('1980-04'), or the
    stored text as it is."""
    b = (birthday or "").strip()
    try:
        if b.startswith("--") and len(b) == 7:
            d = date(2000, int(b[2:4]), int(b[5:7]))
            return f"{d.day} {d:%B}"
        if len(b) == 7 and b[4] == "-":
            return f"{date(int(b[:4]), int(b[5:7]), 1):%B %Y}"
        d = date.fromisoformat(b)
        return f"{d.day} {d:%B %Y}"
    except ValueError:
        return b


def birthday_in(birthday: str, start: date, days: int = 7) -> date | None:
    """The day in [start, start + days) on which a birthday ('YYYY-MM-DD' or '--MM-DD')
    falls, or None. 29 February is the 28th in a year without it."""
    b = (birthday or "").strip()
    try:
        if b.startswith("--") and len(b) == 7:
            month, dom = int(b[2:4]), int(b[5:7])
        elif len(b) == 10 and b[4] == "-" and b[7] == "-":
            month, dom = int(b[5:7]), int(b[8:10])
        else:
            return None
    except ValueError:
        return None
    for year in (start.year, start.year + 1):
        try:
            day = date(year, month, dom)
        except ValueError:
            if (month, dom) != (2, 29):
                return None
            day = date(year, 2, 28)
        if 0 <= (day - start).days < days:
            return day
    return None
