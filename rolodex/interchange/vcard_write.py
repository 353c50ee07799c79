"""Contacts to vCard 4.0 (or 3.0): folded at 75 octets, CRLF, our own fields as X-ROLODEX-*,
and the unknown properties an import kept written back verbatim."""

from __future__ import annotations

from rolodex import __version__
from rolodex.core.text import fold as fold_text

from .vcard_lines import build_line, escape, fold, split_escaped, split_line

_TEL_TYPES = {"home": "home", "work": "work", "mobile": "cell", "cell": "cell", "fax": "fax",
              "work fax": "work,fax", "home fax": "home,fax", "pager": "pager",
              "voice": "voice", "text": "text", "video": "video", "textphone": "textphone"}
_EMAIL_TYPES = {"home": "home", "work": "work"}


def card(c: dict, version: str = "4.0") -> str:
    v4 = version == "4.0"
    out = ["BEGIN:VCARD", f"VERSION:{version}", f"PRODID:-//rolodex//rolodex {__version__}//EN"]
    orig = c["extra"].get("vcard_orig", {}) if isinstance(c["extra"], dict) else {}
    if c["uid"]:
        out.append(f"UID:{escape(c['uid'])}")
    out.append(f"FN:{escape(c['name'])}")
    out.append(_n_line(c["name"], orig.get("N")))
    if c["company"]:
        o = orig.get("ORG")
        same = o and _first_component(o) == c["company"]
        out.append(o if same else f"ORG:{escape(c['company'])}")
    if c["title"]:
        out.append(f"TITLE:{escape(c['title'])}")
    item = 0
    for kind, values, types in (("EMAIL", c["emails"], _EMAIL_TYPES),
                                ("TEL", c["phones"], _TEL_TYPES)):
        for value, label in values:
            t = types.get(label.lower()) if label else None
            if label and t is None:
                item += 1
                out.append(f"item{item}.{kind}:{escape(value)}")
                out.append(f"item{item}.X-ABLabel:{escape(label)}")
            else:
                if kind == "EMAIL" and not v4:
                    t = f"internet,{t}" if t else "internet"
                out.append(f"{kind};TYPE={t.upper() if not v4 else t}:{escape(value)}" if t
                           else f"{kind}:{escape(value)}")
    if c["address"]:
        o = orig.get("ADR")
        out.append(o if o and _adr_text(o) == c["address"] else f"ADR:;;{escape(c['address'])};;;;")
    if c["location"]:
        out.append(f"X-ROLODEX-LOCATION:{escape(c['location'])}")
    if c["url"]:
        out.append(f"URL:{c['url']}")
    if c["birthday"]:
        out.append(_bday(c["birthday"], v4))
    if c["tags"]:
        out.append("CATEGORIES:" + ",".join(escape(t) for t in c["tags"]))
    if c["skills"]:
        out.append("X-ROLODEX-SKILLS:" + ",".join(escape(t) for t in c["skills"]))
    if c["category"] and c["category"] != "other":
        out.append(f"X-ROLODEX-CATEGORY:{c['category']}")
    if c["met_on"]:
        out.append(f"X-ROLODEX-MET-ON:{c['met_on'].isoformat()}")
    if c["closeness"] is not None:
        out.append(f"X-ROLODEX-CLOSENESS:{c['closeness']}")
    if c["cadence_days"] is not None:
        out.append(f"X-ROLODEX-CADENCE:{c['cadence_days']}")
    if not c["known_directly"]:
        out.append("X-ROLODEX-INDIRECT:1")
    if c["notes"]:
        out.append(f"NOTE:{escape(c['notes'])}")
    if isinstance(c["extra"], dict):
        out.extend(c["extra"].get("vcard", []))
        for col, value in c["extra"].get("csv", {}).items():
            out.append(build_line("", "X-ROLODEX-CSV", {"x-column": [col]}, escape(value)))
    if c["updated_at"]:
        out.append(f"REV:{c['updated_at']:%Y%m%dT%H%M%S}")
    out.append("END:VCARD")
    return "".join(fold(line) for line in out)


def _n_line(name: str, orig: str | None) -> str:
    """The source's N if it still spells the same name, else family = last word."""
    if orig:
        try:
            parts = split_escaped(split_line(orig)[3], ";") + [""] * 5
        except ValueError:
            parts = []
        if parts and sorted(fold_text(" ".join(parts[:3])).split()) == \
                sorted(fold_text(name).split()):
            return orig
    words = name.split()
    family = words[-1] if len(words) > 1 else ""
    given = " ".join(words[:-1]) if len(words) > 1 else name
    return f"N:{escape(family)};{escape(given)};;;"


def _first_component(line: str) -> str:
    try:
        return split_escaped(split_line(line)[3], ";")[0].strip()
    except ValueError:
        return ""


def _adr_text(line: str) -> str:
    try:
        parts = [p.strip() for p in split_escaped(split_line(line)[3], ";")]
    except ValueError:
        return ""
    return ", ".join(p.replace("\n", ", ") for p in parts if p)


def _bday(b: str, v4: bool) -> str:
    if v4:
        if len(b) == 10 and b[4] == "-":
            return f"BDAY:{b.replace('-', '')}"
        if b.startswith("--") and len(b) == 7:
            return f"BDAY:--{b[2:4]}{b[5:7]}"
        return f"BDAY:{b}"
    if b.startswith("--") and len(b) == 7:
        return f"BDAY;X-APPLE-OMIT-YEAR=1604:1604{b[1:]}"
    return f"BDAY:{b}"


__all__ = ["card"]
