"""Duplicate matching (UID, then email or phone, then name + company) and merging.

The index is built once per import from a few column selects; every incoming record is
matched in memory (no query per record). Keys are contact ids for people already in the
rolodex and negative numbers for people added earlier in the same file.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlmodel import Session

from rolodex.core.contacts import ContactIn
from rolodex.core.models import Contact, ContactEmail, ContactPhone
from rolodex.core.text import fold, norm_email, norm_phone

NAME_CUTOFF = 90
_LEGAL = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|"
    r"co|company|srl|spa|oy|ab|as|kk|pty|pte)\b\.?")
_PUNCT = re.compile(r"[^\w ]+")


@lru_cache(maxsize=16384)
def company_key(company: str) -> str:
    """'Acme, Inc.' and 'ACME' -> 'acme'."""
    k = _PUNCT.sub(" ", fold(company))
    return " ".join(_LEGAL.sub(" ", k).split())


def phone_key(p: str) -> str:
    """The last nine digits (with and without the country code match); '' if too short."""
    d = norm_phone(p).lstrip("+")
    return d[-9:] if len(d) >= 7 else ""


class Index:
    def __init__(self) -> None:
        self.uid: dict[str, int] = {}
        self.email: dict[str, int] = {}
        self.phone: dict[str, int] = {}
        self.name_company: dict[tuple[str, str], int] = {}
        self.name_only: dict[str, int] = {}
        self.by_company: dict[str, list[str]] = defaultdict(list)
        self.by_company_keys: dict[str, list[int]] = defaultdict(list)
        self.uids_of: dict[int, str] = {}
        self._last: tuple | None = None

    @classmethod
    def load(cls, s: Session) -> Index:
        idx = cls()
        for cid, uid, name_fold, company in s.execute(
                select(Contact.id, Contact.uid, Contact.name_fold, Contact.company)):
            if uid:
                idx.uid.setdefault(uid, cid)
                idx.uids_of[cid] = uid
            idx._add_name(name_fold, company_key(company), cid)
        for cid, norm in s.execute(select(ContactEmail.contact_id, ContactEmail.norm)):
            idx.email.setdefault(norm, cid)
        for cid, value in s.execute(select(ContactPhone.contact_id, ContactPhone.value)):
            k = phone_key(value)
            if k:
                idx.phone.setdefault(k, cid)
        return idx

    def _add_name(self, name_fold: str, ckey: str, key: int) -> None:
        self.name_company.setdefault((name_fold, ckey), key)
        self.name_only.setdefault(name_fold, key)
        if ckey:
            self.by_company[ckey].append(name_fold)
            self.by_company_keys[ckey].append(key)

    def _keys(self, c: ContactIn) -> tuple[str, str, list[str], list[str]]:
        """(folded name, company key, email norms, phone keys), computed once per record."""
        last = self._last
        if last is not None and last[0] is c:
            return last[1]
        keys = (fold(c.name), company_key(c.company), [norm_email(e) for e in c.emails],
                [k for k in map(phone_key, c.phones) if k])
        self._last = (c, keys)
        return keys

    def add(self, c: ContactIn, key: int) -> None:
        name, ckey, emails, phones = self._keys(c)
        if c.uid:
            self.uid.setdefault(c.uid, key)
            self.uids_of.setdefault(key, c.uid)
        for e in emails:
            self.email.setdefault(e, key)
        for k in phones:
            self.phone.setdefault(k, key)
        self._add_name(name, ckey, key)

    def find(self, c: ContactIn) -> int | None:
        if c.uid and c.uid in self.uid:
            return self.uid[c.uid]
        name, ckey, emails, phones = self._keys(c)
        for e in emails:
            key = self.email.get(e)
            if key is not None and self._uid_ok(c, key):
                return key
        for k in phones:
            key = self.phone.get(k)
            if key is not None and self._uid_ok(c, key):
                return key
        key = self.name_company.get((name, ckey))
        if key is None and not ckey:
            key = self.name_only.get(name)
        elif key is None:
            # The same name without a company, else a close name at the same company.
            key = self.name_company.get((name, ""))
            if key is None and self.by_company.get(ckey):
                hit = process.extractOne(name, self.by_company[ckey],
                                         scorer=fuzz.token_sort_ratio, score_cutoff=NAME_CUTOFF)
                if hit is not None:
                    key = self.by_company_keys[ckey][hit[2]]
        if key is not None and self._uid_ok(c, key):
            return key
        return None

    def _uid_ok(self, c: ContactIn, key: int) -> bool:
        """Two different UIDs are two different people, whatever else they share."""
        other = self.uids_of.get(key)
        return not (c.uid and other and other != c.uid)


# -- merging ----------------------------------------------------------------------------------
_SCALARS = ("company", "title", "address", "location", "url", "birthday")


def merge_into_new(target: ContactIn, c: ContactIn) -> None:
    """Merge an incoming record into one added earlier from the same file (in memory)."""
    for f in _SCALARS:
        if not getattr(target, f) and getattr(c, f):
            setattr(target, f, getattr(c, f))
    for f in ("met_on", "closeness", "cadence_days"):
        if getattr(target, f) is None and getattr(c, f) is not None:
            setattr(target, f, getattr(c, f))
    if target.category == "other" and c.category != "other":
        target.category = c.category
    target.uid = target.uid or c.uid
    _union(target.emails, target.email_labels, c.emails, c.email_labels, norm_email)
    _union(target.phones, target.phone_labels, c.phones, c.phone_labels, phone_or_norm)
    for t in c.tags:
        if t not in target.tags:
            target.tags.append(t)
    for t in c.skills:
        if t not in target.skills:
            target.skills.append(t)
    target.notes = notes_union(target.notes, c.notes)
    target.extra = merge_extra(target.extra, c.extra)


def phone_or_norm(p: str) -> str:
    return phone_key(p) or norm_phone(p)


def _union(values, labels, new_values, new_labels, key) -> None:
    have = {key(v) for v in values}
    while len(labels) < len(values):
        labels.append("")
    for i, v in enumerate(new_values):
        if key(v) not in have:
            have.add(key(v))
            values.append(v)
            labels.append(new_labels[i] if i < len(new_labels) else "")


def notes_union(old: str, new: str) -> str:
    new = new.strip()
    if not new or new in old:
        return old
    return f"{old.rstrip()}\n\n{new}" if old.strip() else new


def merge_extra(old: dict, new: dict) -> dict:
    out = dict(old)
    for k, v in new.items():
        if k not in out:
            out[k] = v
        elif isinstance(out[k], list) and isinstance(v, list):
            out[k] = out[k] + [x for x in v if x not in out[k]]
        elif isinstance(out[k], dict) and isinstance(v, dict):
            out[k] = {**v, **out[k]}
    return out
