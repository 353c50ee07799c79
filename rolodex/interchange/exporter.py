"""Export contacts to vCard or CSV: five column selects (no ORM objects), one file written
whole (a temporary file renamed over the target, so a failure leaves no half file)."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Skill,
    Tag,
)
from rolodex.core.errors import UsageError
from rolodex.core.files import check_target, write_bytes_new

_COLS = ("id", "name", "company", "title", "address", "location", "url", "notes", "category",
         "known_directly", "closeness", "cadence_days", "birthday", "met_on", "uid", "extra",
         "updated_at")


def load_contacts(store, contact_ids: list[int] | None = None) -> list[dict]:
    """Every contact (archived ones too: an export keeps everyone) as plain dicts."""
    wanted = set(contact_ids) if contact_ids is not None else None
    with store.read() as s:
        q = select(*[getattr(Contact, c) for c in _COLS]).order_by(Contact.name_fold, Contact.id)
        if wanted is not None:
            q = q.where(Contact.id.in_(wanted))
        rows = [dict(zip(_COLS, r, strict=True)) for r in s.execute(q)]
        emails, phones = defaultdict(list), defaultdict(list)
        for model, target in ((ContactEmail, emails), (ContactPhone, phones)):
            q = select(model.contact_id, model.value, model.label).order_by(
                model.contact_id, model.position, model.id)
            if wanted is not None:
                q = q.where(model.contact_id.in_(wanted))
            for cid, value, label in s.execute(q):
                target[cid].append((value, label))
        vocab = {}
        for link, model, col in ((ContactTag, Tag, "tag_id"), (ContactSkill, Skill, "skill_id")):
            got = defaultdict(list)
            q = select(link.contact_id, model.name).join(
                model, model.id == getattr(link, col)).order_by(link.contact_id, model.name)
            if wanted is not None:
                q = q.where(link.contact_id.in_(wanted))
            for cid, name in s.execute(q):
                got[cid].append(name)
            vocab[model] = got
    for r in rows:
        cid = r["id"]
        r["emails"], r["phones"] = emails.get(cid, []), phones.get(cid, [])
        r["tags"], r["skills"] = vocab[Tag].get(cid, []), vocab[Skill].get(cid, [])
        try:
            r["extra"] = json.loads(r["extra"]) if r["extra"] else {}
        except ValueError:
            r["extra"] = {}
    return rows


def export_file(store, fmt: str, path, *, contact_ids: list[int] | None = None,
                vcard_version: str = "4.0", force: bool = False) -> int:
    """Write the contacts to ``path`` ('-' = stdout); returns how many were written.

    An existing file is refused unless ``force`` (then replaced atomically)."""
    if fmt not in ("vcard", "csv"):
        raise UsageError(f"unknown export format '{fmt}': use vcard or csv")
    if vcard_version not in ("3.0", "4.0"):
        raise UsageError(f"vCard version '{vcard_version}': use 4.0 or 3.0")
    contacts = load_contacts(store, contact_ids)
    if str(path) != "-":
        check_target(Path(path).expanduser(), force)  # before the work, not after it
    if fmt == "vcard":
        from .vcard_write import card

        data = "".join(card(c, vcard_version) for c in contacts).encode("utf-8")
    else:
        from .csv_write import to_text

        data = to_text(contacts).encode("utf-8-sig")
    if str(path) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return len(contacts)
    write_bytes_new(path, data, force=force)
    return len(contacts)
