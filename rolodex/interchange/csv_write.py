"""Contacts to CSV: one row each, columns by name (our generic import reads them back),
UTF-8 with a byte-order mark so spreadsheets show accents, and formula injection defused."""

from __future__ import annotations

import csv
import io

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIXED = ["Name", "Company", "Title"]
TAIL = ["Address", "Location", "URL", "Birthday", "Met On", "Category", "Tags", "Skills",
        "Closeness", "Cadence Days", "Known Directly", "Notes", "UID"]


def safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def write_csv(contacts: list[dict], out) -> int:
    n_email = max((len(c["emails"]) for c in contacts), default=1) or 1
    n_phone = max((len(c["phones"]) for c in contacts), default=1) or 1
    extra_cols: dict[str, None] = {}
    for c in contacts:
        for k in (c["extra"].get("csv", {}) if isinstance(c["extra"], dict) else {}):
            extra_cols.setdefault(k, None)
    header = list(FIXED)
    for i in range(1, n_email + 1):
        header += [f"Email {i}", f"Email {i} Label"]
    for i in range(1, n_phone + 1):
        header += [f"Phone {i}", f"Phone {i} Label"]
    fixed = set(h.lower() for h in header + TAIL)
    extras = [k for k in extra_cols if k.lower() not in fixed]
    header += TAIL + extras
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(header)
    for c in contacts:
        row = [c["name"], c["company"], c["title"]]
        for i in range(n_email):
            row += list(c["emails"][i]) if i < len(c["emails"]) else ["", ""]
        for i in range(n_phone):
            row += list(c["phones"][i]) if i < len(c["phones"]) else ["", ""]
        row += [c["address"], c["location"], c["url"], c["birthday"],
                c["met_on"].isoformat() if c["met_on"] else "", c["category"],
                "; ".join(c["tags"]), "; ".join(c["skills"]),
                "" if c["closeness"] is None else str(c["closeness"]),
                "" if c["cadence_days"] is None else str(c["cadence_days"]),
                "yes" if c["known_directly"] else "no", c["notes"], c["uid"] or ""]
        ex = c["extra"].get("csv", {}) if isinstance(c["extra"], dict) else {}
        row += [ex.get(k, "") for k in extras]
        w.writerow([safe(x) for x in row])
    return len(contacts)


def to_text(contacts: list[dict]) -> str:
    buf = io.StringIO()
    write_csv(contacts, buf)
    return buf.getvalue()
