"""CSV to ContactIn records: LinkedIn, Google, Outlook and generic CSV (see csv_roles.py).

Columns are mapped by header name. Google's ``" ::: "`` multi-values become several emails,
phones or tags; a leading apostrophe that our export (or a spreadsheet) put before
= + - @ is taken off again. Columns we do not model are kept in the contact's extra data.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from rolodex.core.records.contacts import ContactIn

from .csv_roles import find_header, norm_header, role_of
from .decode import Limits, unify_newlines
from .records import (
    EMPTY_DATES,
    Parsed,
    Record,
    add_unique,
    birthday,
    human_label,
    loose_date,
    phone_twin_key,
    problem,
)

MULTI = " ::: "
_TAG_SPLIT = re.compile(r"\s*(?::::|;|,)\s*")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_DROP_TAGS = {"mycontacts"}
NAMES = {"linkedin": "LinkedIn", "google": "Google", "outlook": "Outlook", "csv": "CSV"}


def _rows(text: str, limits: Limits, out: Parsed):
    """(first line, cells) of every row; stops with a bad entry on a CSV syntax error."""
    first = text.split("\n", 1)[0]
    delim = ","
    if first.count(";") > first.count(",") and first.count(";") >= first.count("\t"):
        delim = ";"
    elif first.count("\t") > first.count(","):
        delim = "\t"
    old = csv.field_size_limit()
    csv.field_size_limit(limits.line_chars)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=False)
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
            if len(rows) > limits.records + 60:
                out.bad.append((line, f"more than {limits.records:,} rows in one file"))
                break
    except csv.Error as exc:
        out.bad.append((line, f"not readable as CSV ({exc})"))
    finally:
        csv.field_size_limit(old)
    return rows


def read_csv(fmt: str, text: str, limits: Limits | None = None) -> Parsed:
    limits = limits or Limits()
    out = Parsed()
    rows = _rows(unify_newlines(text), limits, out)
    if out.bad:
        return out
    found = find_header(rows, fmt)
    if found is None:
        if not rows:
            out.bad.append((1, "the file is empty"))
        else:
            out.bad.append((rows[0][0], f"no {NAMES[fmt]} header row naming a person "
                                        "(Name, First Name or Last Name)"))
        return out
    hi, header = found
    roles = [role_of(fmt, h) for h in header]
    for line, cells in rows[hi + 1:]:
        if _blank(cells, roles):
            out.blank += bool(cells)  # an empty line is no row; ",,," or a lone date is
            continue
        if sum(len(c) for c in cells) > limits.card_chars:
            out.bad.append((line, f"row is over {limits.card_chars:,} characters"))
            continue
        c = _contact(fmt, header, roles, cells)
        why = problem(c)
        if why:
            out.bad.append((line, why))
            continue
        out.records.append(Record(line, c))
    return out


_NOBODY = {"met_on", "birthday", "url"}


def _blank(cells: list[str], roles: list) -> bool:
    """No cell filled, or only dates and a profile URL (LinkedIn writes rows holding only
    "Connected On", or that and the URL, for members it no longer shows)."""
    for i, c in enumerate(cells):
        if c.strip() and (i >= len(roles) or roles[i] is None or roles[i][0] not in _NOBODY):
            return False
    return True


def _clean(v: str) -> str:
    v = v.strip()
    if len(v) > 1 and v[0] == "'" and v[1] in _FORMULA:
        return v[1:]
    return v


def _contact(fmt: str, header: list[str], roles: list, cells: list[str]) -> ContactIn:
    c = ContactIn(name="")
    parts: dict[str, str] = {}
    slots: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    plain_emails: list[tuple[str, str]] = []
    plain_phones: list[tuple[str, str]] = []
    extra: dict[str, str] = {}
    for i, raw in enumerate(cells):
        v = _clean(raw)
        if i >= len(roles):
            if v:  # more cells than the header names (an unquoted comma): kept as written
                extra[f"Column {i + 1}"] = v
            continue
        if not v:
            continue
        role = roles[i]
        if role is None:
            extra[header[i].strip()] = v
            continue
        kind = role[0]
        if kind == "extra_as":
            extra[role[1]] = v
        elif kind in ("name", "first", "middle", "last", "company", "title", "location",
                    "url", "uid", "category", "known", "closeness", "cadence"):
            if kind == "url" and parts.get("url"):
                extra[header[i].strip()] = v
            else:
                parts.setdefault(kind, v)
        elif kind in ("notes", "address"):
            v = v.replace("\r\n", "\n").replace("\r", "\n")
            parts[kind] = f"{parts[kind]}\n{v}" if kind in parts else v
        elif kind == "birthday":
            b = birthday(v)
            if b is None:
                extra[header[i].strip()] = v  # kept as written, not as a date
            else:
                c.birthday = c.birthday or b
        elif kind == "met_on":
            if v in EMPTY_DATES:
                continue
            d = loose_date(v)
            if d is None:
                extra[header[i].strip()] = v
            else:
                c.met_on = c.met_on or d
        elif kind in ("tags", "skills"):
            target = c.tags if kind == "tags" else c.skills
            for t in _TAG_SPLIT.split(v):
                t = t.strip()
                if t.startswith("* "):
                    t = t[2:]
                if t and t.lower().replace(" ", "") not in _DROP_TAGS and t not in target:
                    target.append(t)
        elif kind == "email":
            plain_emails.extend((e, role[1]) for e in _multi(v))
        elif kind == "phone":
            plain_phones.extend((p, role[1]) for p in _multi(v))
        elif kind == "adr":
            slots[("adr", role[1])][role[2]] = v
        elif kind.endswith("_value") or kind.endswith("_label"):
            what, field = kind.rsplit("_", 1)
            slots[(what, role[1])][field] = v
    _name(c, parts)
    c.company, c.title = parts.get("company", ""), parts.get("title", "")
    c.notes, c.address = parts.get("notes", ""), parts.get("address", "")
    c.location, c.url, c.uid = parts.get("location", ""), parts.get("url", ""), parts.get("uid")
    _scalars(c, parts, extra)
    for e, lab in plain_emails:
        add_unique(c.emails, c.email_labels, e, lab, str.lower)
    for p, lab in plain_phones:
        add_unique(c.phones, c.phone_labels, p, lab, phone_twin_key)
    for (what, _n), d in sorted(slots.items(), key=lambda kv: (kv[0][0], _num(kv[0][1]))):
        label = human_label(d.get("label", "")) if d.get("label") else ""
        if label.lower() in ("smtp", "ex"):
            label = ""
        if what in ("email", "phone"):
            key = str.lower if what == "email" else phone_twin_key
            vals, labs = (c.emails, c.email_labels) if what == "email" else (c.phones,
                                                                             c.phone_labels)
            for one in _multi(d.get("value", "")):
                add_unique(vals, labs, one, label, key)
        elif what == "website":
            for one in _multi(d.get("value", "")):
                if not c.url:
                    c.url = one
                elif one != c.url:
                    extra[f"Website {_n} {label}".strip()] = one
        elif what == "adr":
            _address(c, d, extra, _n)
    if not c.name:
        c.name = c.company or (c.emails[0] if c.emails else "")
    if extra:
        c.extra["csv"] = extra
    return c


def _num(n: str) -> tuple[int, str]:
    return (int(n), "") if n.isdigit() else (0, n)


def _multi(v: str) -> list[str]:
    return [x.strip() for x in v.split(MULTI)] if MULTI in v else [v.strip()]


def _name(c: ContactIn, parts: dict[str, str]) -> None:
    if parts.get("name"):
        c.name = parts["name"]
        return
    c.name = " ".join(parts[k] for k in ("first", "middle", "last") if parts.get(k))


def _scalars(c: ContactIn, parts: dict[str, str], extra: dict[str, str]) -> None:
    if "category" in parts:
        c.category = parts["category"].strip().lower()
    for key, attr, what in (("closeness", "closeness", "Closeness"),
                            ("cadence", "cadence_days", "Cadence")):
        if key in parts:
            try:
                setattr(c, attr, int(parts[key]))
            except ValueError:
                extra[what] = parts[key]  # not a whole number: kept as written
    if "known" in parts:
        c.known_directly = parts["known"].strip().lower() not in ("no", "false", "0", "n")


def _address(c: ContactIn, d: dict[str, str], extra: dict[str, str], n: str) -> None:
    if d.get("formatted"):
        text = ", ".join(x.strip() for x in d["formatted"].splitlines() if x.strip())
    else:
        order = ("pobox", "extended", "street", "street2", "street3", "city", "region", "code",
                 "country")
        text = ", ".join(d[k] for k in order if d.get(k))
    if not text:
        return
    if not c.address:
        c.address = text
        if not c.location:
            c.location = ", ".join(d[k] for k in ("city", "country") if d.get(k))
    else:
        extra[f"Address {n}".strip()] = text


__all__ = ["read_csv", "norm_header"]
