"""Who is who on import: identity, not resemblance.

Two records are merged automatically only on evidence of identity:

- the same UID;
- the same profile URL (linkedin.com/in/..., x.com/..., a vCard X-SOCIALPROFILE);
- the same (checked) email address or phone number, **and** names that agree (fuzzy,
  accent- and order-insensitive; a record with no name agrees with any name), and no
  two companies (``companies_differ``: one address at two employers is a question);
- the same record again: every field present in both is equal (a file imported twice).

Identities that conflict never merge: different UIDs, different profile URLs, or emails
on both sides with none in common. A shared phone or email with names that disagree (a
switchboard, ``info@``) is no evidence at all. Resemblance without identity (a close name
at the same company, the same name with fields that differ) is a *possible duplicate*:
both are kept and the pair goes to review (``rolodex dupes``), unless UIDs or profile URLs
say they are two people.

The index is built once per import from a few column selects; every incoming record is
matched in memory (no query per record). Keys are contact ids for people already in the
rolodex and negative numbers for people added earlier in the same file.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlmodel import Session

from rolodex.core.db.models import Contact, ContactEmail, ContactPhone
from rolodex.core.records.contacts import ContactIn, valid_email, valid_phone
from rolodex.core.records.merge import merge_extra, notes_union  # noqa: F401  (re-exported)
from rolodex.core.text import fold, norm_email, norm_phone

NAME_CUTOFF = 90  # token_sort_ratio of two folded names that "agree"
MAX_SAME_NAME = 50  # same-name candidates looked at per record (common names repeat)
_LEGAL = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|gmbh|ag|sa|sas|sarl|bv|nv|plc|corp|corporation|"
    r"co|company|srl|spa|oy|ab|as|kk|pty|pte)\b\.?")
_PUNCT = re.compile(r"[^\w ]+")
# Legal forms written with dots ("S.A.", "Sp. z o.o.", "S.r.l."), once punctuation is gone.
_LEGAL_DOTTED = re.compile(
    r"(?:\s(?:s a|s a s|s p a|s r l|s l|s c|sp z o o|sp j|sp k|a s|a g|n v|b v|k k|"
    r"s de r l|s a de c v|ltda|oyj|kft|zrt|as|ab|sa|spa|srl)\b)+$")
_DIGITS = re.compile(r"\d+")
_PROFILE = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.|m\.|mobile\.|[a-z]{2}\.)?"
    r"(linkedin\.com/(?:in|pub)/|x\.com/|twitter\.com/|facebook\.com/|fb\.com/|github\.com/|"
    r"gitlab\.com/|instagram\.com/|xing\.com/profile/|medium\.com/@|bsky\.app/profile/|"
    r"threads\.net/@?|[a-z0-9.-]+/@)"
    r"([^/?#\s]+)")
_NOT_PEOPLE = {"company", "school", "groups", "pages", "share", "sharer", "intent", "home",
               "search", "hashtag", "orgs", "events", "about"}


@lru_cache(maxsize=16384)
def company_parts(company: str) -> tuple[str, str]:
    """(the name, its legal forms), folded: 'Doe Sp. z o.o.' -> ('doe', 'sp z o o');
    'Acme, Inc.' -> ('acme', 'inc'); 'ACME' -> ('acme', '')."""
    k = " ".join(_PUNCT.sub(" ", fold(company)).split())
    forms = []
    m = _LEGAL_DOTTED.search(k)
    if m:
        forms.append(m.group().strip())
        k = k[:m.start()]
    forms += _LEGAL.findall(k)
    return " ".join(_LEGAL.sub(" ", k).split()), " ".join(forms)


def company_key(company: str) -> str:
    """'Acme, Inc.', 'ACME' and 'Acme S.A.' -> 'acme'; 'Doe Sp. z o.o.' -> 'doe'."""
    return company_parts(company)[0]


def legal_form(company: str) -> str:
    """'Doe Sp. z o.o.' -> 'sp z o o'; 'Acme, Inc.' -> 'inc'; 'Acme' -> ''."""
    return company_parts(company)[1]


def companies_differ(a: Ident, b: Ident) -> bool:
    """Both name a company, and not the same one: other names once legal forms are set
    aside, or two legal forms of one name ('Doe S.A.' and 'Doe Sp. z o.o.' are two
    companies; 'Acme' and 'Acme, Inc.' are one)."""
    if not (a.ckey and b.ckey):
        return False
    if a.ckey != b.ckey:
        return True
    la, lb = legal_form(a.company), legal_form(b.company)
    return bool(la and lb and la != lb)


def phone_key(p: str) -> str:
    """The last nine digits (with and without the country code match); '' if too short."""
    d = norm_phone(p).lstrip("+")
    return d[-9:] if len(d) >= 7 else ""


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """'Doe, John' and 'John  Doé' -> 'doe john': folded, punctuation gone, words sorted."""
    return " ".join(sorted(_PUNCT.sub(" ", fold(name)).split()))


def names_agree(a: str, b: str) -> bool:
    """Two name keys (``name_key``) that may be one person: either is empty, or they are
    close (typos, initials aside) and carry the same numbers ('Person1' is not 'Person10')."""
    if not a or not b or a == b:
        return True
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    return fuzz.token_sort_ratio(a, b) >= NAME_CUTOFF


def profile_key(url: str) -> str:
    """A person's profile URL, normalised (scheme, www, trailing slash, case); '' for
    anything else (a company website, a LinkedIn company page)."""
    m = _PROFILE.match(url.strip().lower())
    if not m:
        return ""
    site, handle = m.group(1), m.group(2).lstrip("@")
    if not handle or handle in _NOT_PEOPLE:
        return ""
    site = {"twitter.com/": "x.com/", "fb.com/": "facebook.com/"}.get(site, site)
    return site + handle


def social_keys(extra: dict) -> list[str]:
    """Profile keys from the X-SOCIALPROFILE lines a vCard reader kept in ``extra``."""
    from .vcard_lines import split_line, unescape

    out = []
    for line in extra.get("vcard", []) if isinstance(extra, dict) else []:
        if "SOCIALPROFILE" not in line.upper():
            continue
        try:
            _group, name, params, value = split_line(line)
        except ValueError:
            continue
        if name.upper() != "X-SOCIALPROFILE":
            continue
        value = unescape(value).strip()
        key = profile_key(value)
        if not key and value:
            kind = ",".join(params.get("type", [])).lower()
            key = f"{kind}:{value.lower().rstrip('/')}"
        if key:
            out.append(key)
    return out


@dataclass(slots=True)
class Ident:
    """What identifies one person (a contact or a record added earlier in the file)."""

    name: str
    ckey: str
    uid: str = ""
    urls: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    title: str = ""
    location: str = ""
    birthday: str = ""
    company: str = ""

    def union(self, other: Ident) -> None:
        self.uid = self.uid or other.uid
        self.urls |= other.urls
        self.emails |= other.emails
        self.phones |= other.phones
        for f in ("name", "ckey", "title", "location", "birthday", "company"):
            if not getattr(self, f):
                setattr(self, f, getattr(other, f))


@lru_cache(maxsize=16384)
def _field_key(v: str) -> str:
    """A title or location as compared (``fold``); they repeat a lot, so cached."""
    return fold(v)


def ident_of(c: ContactIn) -> Ident:
    urls = set(social_keys(c.extra)) if c.extra and c.extra.get("vcard") else set()
    if c.url:
        k = profile_key(c.url)
        if k:
            urls.add(k)
    emails, phones = set(), set()
    for e in c.emails:
        if valid_email(e):
            emails.add(norm_email(e))
    for p in c.phones:
        if valid_phone(p):
            k = phone_key(p)
            if k:
                phones.add(k)
    return Ident(name_key(c.name), company_key(c.company), c.uid or "", urls, emails, phones,
                 _field_key(c.title), _field_key(c.location), c.birthday.strip(),
                 c.company.strip())


def hard_conflict(a: Ident, b: Ident) -> str:
    """Why ``a`` and ``b`` are certainly two people ('' if nothing says so)."""
    if a.uid and b.uid and a.uid != b.uid:
        return "different UIDs"
    if a.urls and b.urls and not a.urls & b.urls:
        return "different profile URLs"
    return ""


def conflict(a: Ident, b: Ident) -> str:
    """Why ``a`` and ``b`` may not be merged automatically ('' if nothing)."""
    why = hard_conflict(a, b)
    if why:
        return why
    if a.emails and b.emails and not a.emails & b.emails:
        return "different emails"
    if companies_differ(a, b):
        return "different companies"  # one address at two employers: ask, never guess
    return ""


_FIELDS = ("name", "ckey", "title", "location", "birthday")


def same_record(a: Ident, b: Ident) -> bool:
    """Every field present in both is equal, and they share more than a name (or carry
    exactly the same fields): what importing the same file again gives."""
    compared = 0
    for f in _FIELDS:
        x, y = getattr(a, f), getattr(b, f)
        if x and y:
            if x != y:
                return False
            compared += 1
    for f in ("emails", "phones", "urls"):
        x, y = getattr(a, f), getattr(b, f)
        if x and y:
            if x != y:
                return False
            compared += 1
    if compared >= 2:
        return True
    return compared == 1 and all(bool(getattr(a, f)) == bool(getattr(b, f))
                                 for f in _FIELDS + ("emails", "phones", "urls"))


def evidence(a: Ident, b: Ident) -> dict:
    """For and against ``a`` and ``b`` being one person, in words (a pair's review)."""
    pro, con = [], []
    if a.name and a.name == b.name:
        pro.append("same name")
    elif names_agree(a.name, b.name):
        pro.append("close names")
    else:
        con.append("different names")
    if a.ckey and b.ckey:
        if companies_differ(a, b):
            con.append(f"different companies: {a.company} / {b.company}")
        else:
            pro.append(f"same company {a.company or b.company}")
    x, y = a.emails, b.emails
    if x & y:
        pro.append(f"same email {sorted(x & y)[0]}")
    elif x and y:
        con.append(f"different emails: {sorted(x)[0]} / {sorted(y)[0]}")
    x, y = a.phones, b.phones  # phone keys (the last nine digits): named, not shown
    if x & y:
        pro.append("same phone")
    elif x and y:
        con.append("different phones")
    for f in ("title", "location", "birthday"):
        x, y = getattr(a, f), getattr(b, f)
        if x and y and x != y:
            con.append(f"different {f}s")
    why = hard_conflict(a, b)
    if why:
        con.append(why)
    return {"for": pro, "against": con}


@dataclass(slots=True)
class Match:
    """``key`` and ``how`` (uid, profile, email, phone, same record) when the record is
    someone already known; else possibly ``pair``: (key, evidence) to review."""

    key: int | None = None
    how: str = ""
    pair: tuple[int, dict] | None = None


class Index:
    def __init__(self) -> None:
        self.idents: dict[int, Ident] = {}
        self.uid: dict[str, int] = {}
        self.url: dict[str, list[int]] = defaultdict(list)
        self.email: dict[str, list[int]] = defaultdict(list)
        self.phone: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_company: dict[str, list[str]] = defaultdict(list)
        self.by_company_keys: dict[str, list[int]] = defaultdict(list)
        self._last: tuple | None = None
        self.uidless: set[int] = set()  # keys without a UID (the only ones a UID can join)
        self.urlless: set[int] = set()  # keys without a profile URL (likewise for a URL)

    @classmethod
    def load(cls, s: Session) -> Index:
        idx = cls()
        idents = idx.idents
        for cid, uid, name, company, title, location, birthday, url in s.execute(select(
                Contact.id, Contact.uid, Contact.name, Contact.company, Contact.title,
                Contact.location, Contact.birthday, Contact.url)):
            k = profile_key(url) if url else ""
            idents[cid] = Ident(name=name_key(name), ckey=company_key(company), uid=uid or "",
                                urls={k} if k else set(), title=fold(title),
                                location=fold(location), birthday=birthday or "",
                                company=company)
        aka: list[tuple[str, int]] = []  # UIDs of contacts merged into another one
        for cid, extra in s.execute(select(Contact.id, Contact.extra).where(
                Contact.extra.contains("SOCIALPROFILE") | Contact.extra.contains('"uids"'))):
            try:
                data = json.loads(extra)
            except ValueError:
                continue
            idents[cid].urls.update(social_keys(data))
            aka += [(u, cid) for u in data.get("uids", []) if isinstance(u, str)]
        for cid, norm in s.execute(select(ContactEmail.contact_id, ContactEmail.norm)
                                   .where(ContactEmail.checked == True)):  # noqa: E712
            idents[cid].emails.add(norm)
        for cid, value in s.execute(select(ContactPhone.contact_id, ContactPhone.value)
                                    .where(ContactPhone.checked == True)):  # noqa: E712
            k = phone_key(value)
            if k:
                idents[cid].phones.add(k)
        for cid, ident in idents.items():
            idx._register(ident, cid)
        for u, cid in aka:
            idx.uid.setdefault(u, cid)
        return idx

    def _register(self, ident: Ident, key: int, old: Ident | None = None) -> None:
        if ident.uid:
            self.uid.setdefault(ident.uid, key)
            self.uidless.discard(key)
        else:
            self.uidless.add(key)
        if ident.urls:
            self.urlless.discard(key)
        else:
            self.urlless.add(key)
        if old is None:
            for values, table in ((ident.urls, self.url), (ident.emails, self.email),
                                  (ident.phones, self.phone)):
                for v in values:
                    table[v].append(key)
        else:
            for values, seen, table in ((ident.urls, old.urls, self.url),
                                        (ident.emails, old.emails, self.email),
                                        (ident.phones, old.phones, self.phone)):
                for v in values:
                    if v not in seen:
                        table[v].append(key)
        if old is None or ident.name != old.name:
            self.by_name[ident.name].append(key)
        if ident.ckey and (old is None or ident.ckey != old.ckey or ident.name != old.name):
            self.by_company[ident.ckey].append(ident.name)
            self.by_company_keys[ident.ckey].append(key)

    def ident(self, c: ContactIn) -> Ident:
        """The record's identity, computed once per record (find and add share it)."""
        last = self._last
        if last is not None and last[0] is c:
            return last[1]
        ident = ident_of(c)
        self._last = (c, ident)
        return ident

    def forget(self, c: ContactIn) -> None:
        """``c`` was changed since ``find``: compute its identity again."""
        if self._last is not None and self._last[0] is c:
            self._last = None

    def add(self, c: ContactIn, key: int) -> None:
        """Record ``c`` as (part of) the person ``key``."""
        ident = self.ident(c)
        have = self.idents.get(key)
        if have is None:
            # Kept as it is (a later record of the same person unites into it): not
            # handed out again for ``c``.
            self._last = None
            self.idents[key] = ident
            self._register(ident, key)
            return
        before = Ident(**{f: getattr(have, f) for f in Ident.__slots__})
        before.urls, before.emails, before.phones = set(have.urls), set(have.emails), \
            set(have.phones)
        have.union(ident)
        self._register(have, key, before)

    def find(self, c: ContactIn) -> Match:
        me = self.ident(c)
        if me.uid and me.uid in self.uid:
            return Match(self.uid[me.uid], "uid")
        if me.uid and not self.uidless:
            return Match()  # everyone else has another UID: certainly someone else
        for u in me.urls:
            for key in self.url.get(u, ()):
                if not hard_conflict(me, self.idents[key]):
                    return Match(key, "profile")
        pair = None  # the one to ask about: first an email or phone held back by a conflict
        for attr, table, how in (("emails", self.email, "email"),
                                 ("phones", self.phone, "phone")):
            for v in getattr(me, attr):
                for key in table.get(v, ()):
                    other = self.idents[key]
                    if names_agree(me.name, other.name):
                        if not conflict(me, other):
                            return Match(key, how)
                        if pair is None and not hard_conflict(me, other):
                            pair = key
        if me.urls and not self.urlless:
            return Match()  # everyone else has another profile URL: someone else
        same = self.by_name.get(me.name, ()) if me.name else ()
        for key in same[:MAX_SAME_NAME]:
            other = self.idents[key]
            if hard_conflict(me, other):
                continue
            if not conflict(me, other) and same_record(me, other):
                return Match(key, "same record")
            if pair is None:
                pair = key
        if pair is None and me.ckey and me.name and self.by_company.get(me.ckey):
            names = self.by_company[me.ckey]
            for _n, _score, i in process.extract(me.name, names, scorer=fuzz.token_sort_ratio,
                                                 score_cutoff=NAME_CUTOFF, limit=5):
                key = self.by_company_keys[me.ckey][i]
                other = self.idents[key]
                if names_agree(me.name, other.name) and not hard_conflict(me, other):
                    pair = key
                    break
        if pair is not None:
            return Match(pair=(pair, evidence(self.idents[pair], me)))  # older first
        return Match()


# -- merging a record into one added earlier from the same file (in memory) ----------------
def merge_into_new(target: ContactIn, c: ContactIn) -> None:
    """The rules of ``rolodex merge`` (core/records/merge.py ``fill``) on two records in memory."""
    from rolodex.core.records.merge import fill

    fill(target.__dict__, c.__dict__)
    _union(target.emails, target.email_labels, c.emails, c.email_labels, norm_email)
    _union(target.phones, target.phone_labels, c.phones, c.phone_labels, phone_or_norm)
    for t in c.tags:
        if t not in target.tags:
            target.tags.append(t)
    for t in c.skills:
        if t not in target.skills:
            target.skills.append(t)


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
