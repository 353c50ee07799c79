"""Contacts: add, edit, archive, merge, read, and resolve a typed name to one person."""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlmodel import Session

from rolodex.core.db.models import (
    CATEGORIES,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Skill,
    Tag,
    text_fold,
)
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound, UsageError
from rolodex.core.records.lookup import resolve_on
from rolodex.core.text import clean_text, fold, nfc, norm_email, norm_phone, vocab_key
from rolodex.core.when import BIRTHDAY_FORMS, birthday_value


@dataclass
class ContactIn:
    """What a person (or an importer) gives us for a contact. Lists keep their order."""

    name: str
    company: str = ""
    title: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    email_labels: list[str] = field(default_factory=list)
    phone_labels: list[str] = field(default_factory=list)
    address: str = ""
    location: str = ""
    url: str = ""
    notes: str = ""
    category: str = "other"
    known_directly: bool = True
    closeness: int | None = None
    cadence_days: int | None = None
    skills: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    birthday: str = ""
    met_on: date | None = None
    uid: str | None = None
    extra: dict = field(default_factory=dict)
    private: bool = False  # a team rolodex: a personal card only its owner can see at all
    _cleaned: bool = field(default=False, init=False, repr=False, compare=False)

    def clean(self) -> int:
        """Every text in place made what the database stores (core.text.clean_text: no
        control characters, no unpaired bidi overrides, NFC); how many values changed.
        Done before names are folded and matched, so the folds are of the stored text.
        The contact tables have no cleaning of their own: this is their door. Once done it
        is not redone (an import cleans to count, then the mapping asks again); what is
        put into a cleaned record afterwards comes from other cleaned records."""
        if self._cleaned:
            return 0
        changed = 0
        # The common case in one look: when all the one-line texts and list values put
        # together are printable (so no control or bidi character) and in NFC (then so is
        # each of them), clean_text would return each of them unchanged.
        flat = "".join([getattr(self, f) or "" for f in _ONE_LINE]
                       + [v for f in _LISTS for v in getattr(self, f)])
        simple = flat.isprintable() and (flat.isascii()
                                         or unicodedata.is_normalized("NFC", flat))
        for f in _MULTILINE if simple else _LINES:
            v = getattr(self, f)
            if v:
                c = clean_text(v, multiline=f in _MULTILINE)
                if c != v:
                    setattr(self, f, c)
                    changed += 1
        for f in () if simple else _LISTS:
            values = getattr(self, f)
            for i, v in enumerate(values):
                c = clean_text(v)
                if c != v:
                    values[i] = c
                    changed += 1
        if self.extra:
            self.extra, n = _clean_json(self.extra)
            changed += n
        self._cleaned = True
        return changed


_LINES = ("name", "company", "title", "address", "location", "url", "notes", "category",
          "birthday", "uid")
_MULTILINE = ("address", "notes")
_ONE_LINE = tuple(f for f in _LINES if f not in _MULTILINE)
_LISTS = ("emails", "phones", "email_labels", "phone_labels", "skills", "tags")


def _clean_json(value) -> tuple[object, int]:
    """Strings anywhere inside the kept-as-is properties (``extra``), cleaned too: they are
    written back by the exports."""
    if isinstance(value, str):
        c = clean_text(value, multiline=True)
        return c, int(c != value)
    if isinstance(value, list):
        out, n = [], 0
        for v in value:
            c, k = _clean_json(v)
            out.append(c)
            n += k
        return out, n
    if isinstance(value, dict):
        out, n = {}, 0
        for k, v in value.items():
            c, m = _clean_json(v)
            out[k] = c
            n += m
        return out, n
    return value, 0


def validate(data: ContactIn, *, kept: frozenset[str] = frozenset()) -> None:
    """UsageError naming the field that is wrong (after cleaning ``data`` in place).

    ``kept``: emails, phones and the birthday the contact already has; an import may have
    kept them unchecked, and an edit of something else must not be refused for them.
    A birthday is stored in its ISO or partial form (core.when.birthday_value)."""
    data.clean()
    if not nfc(data.name):
        raise UsageError("name: a contact needs a name")
    if data.category not in CATEGORIES:
        raise UsageError(f"category: '{data.category}' is not one of {', '.join(CATEGORIES)}")
    if data.closeness is not None and not 0 <= data.closeness <= 5:
        raise UsageError(f"closeness: {data.closeness} is not between 0 and 5")
    if data.cadence_days is not None and data.cadence_days <= 0:
        raise UsageError(f"cadence: {data.cadence_days} days is not a positive number of days")
    for e in data.emails:
        if e not in kept and not valid_email(e):
            raise UsageError(f"email: '{e}' is not an email address")
    for p in data.phones:
        if p not in kept and not valid_phone(p):
            raise UsageError(f"phone: '{p}' is not a phone number")
    if data.birthday.strip() and data.birthday not in kept:
        day = birthday_value(data.birthday)
        if day is None:
            raise UsageError(f"birthday: '{data.birthday.strip()}' is not a date "
                             f"({BIRTHDAY_FORMS})")
        data.birthday = day
    elif not data.birthday.strip():
        data.birthday = ""


def valid_email(e: str) -> bool:
    e = e.strip()
    local, at, domain = e.rpartition("@")
    return bool(at and local and "." in domain and " " not in e and not domain.startswith("."))


_PHONE_CHARS = re.compile(r"[0-9+\-(). /xetl;:]*", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"\D+")


def valid_phone(p: str) -> bool:
    """3 to 20 digits, and only what phone numbers are written with (an import calls this
    for every number: no per-character Python loop). '+91 769 3669576', the common shape,
    is decided by string methods alone; any other by two regexes."""
    q = p.replace(" ", "")
    if q[:1] == "+":
        q = q[1:]
    if q.isdigit() and q.isascii():
        return 3 <= len(q) <= 20
    return _PHONE_CHARS.fullmatch(p) is not None and 3 <= len(_NOT_DIGIT.sub("", p)) <= 20


# -- vocabulary -------------------------------------------------------------------------------
def _vocab_ids(session: Session, model, names: list[str]) -> list[int]:
    """Ids for skill or tag names, creating the missing ones; duplicates folded together."""
    wanted: dict[str, str] = {}
    for n in names:
        n = nfc(clean_text(n))
        if n and vocab_key(n) not in wanted:
            wanted[vocab_key(n)] = n
    if not wanted:
        return []
    found = dict(session.execute(select(model.key, model.id).where(model.key.in_(wanted))).all())
    for key, name in wanted.items():
        if key not in found:
            row = model(name=name, key=key)
            session.add(row)
            session.flush()
            found[key] = row.id
    return [found[k] for k in wanted]


def skill_ids(session: Session, names: list[str]) -> list[int]:
    return _vocab_ids(session, Skill, names)


def tag_ids(session: Session, names: list[str]) -> list[int]:
    return _vocab_ids(session, Tag, names)


EMAIL_COLUMNS = PHONE_COLUMNS = ("contact_id", "value", "norm", "label", "position", "checked")


def address_values(cid: int, data: ContactIn) -> tuple[list[tuple], list[tuple]]:
    """The contact_email and contact_phone rows for ``data`` (tuples in ``EMAIL_COLUMNS``
    order): stripped, duplicates dropped, in the order given, with their labels;
    ``checked`` is whether the value parses (an import keeps one that does not,
    unchecked; a person typing is refused)."""
    def rows(values: list[str], labels: list[str], norm, valid) -> list[tuple]:
        if not values:
            return []
        kept = dict.fromkeys(x.strip() for x in values if x.strip())
        n = len(labels)
        return [(cid, v, norm(v), labels[i] if i < n else "", i, valid(v))
                for i, v in enumerate(kept)]

    return (rows(data.emails, data.email_labels, norm_email, valid_email),
            rows(data.phones, data.phone_labels, norm_phone, valid_phone))


def address_rows(cid: int, data: ContactIn) -> tuple[list[dict], list[dict]]:
    """``address_values`` as mappings (for SQLAlchemy statements)."""
    emails, phones = address_values(cid, data)
    return ([dict(zip(EMAIL_COLUMNS, r, strict=True)) for r in emails],
            [dict(zip(PHONE_COLUMNS, r, strict=True)) for r in phones])


def _write_children(session: Session, cid: int, data: ContactIn) -> None:
    emails, phones = address_rows(cid, data)
    for model, batch in ((ContactEmail, emails), (ContactPhone, phones)):
        if batch:
            session.execute(insert(model.__table__), batch)
    for sid in skill_ids(session, data.skills):
        session.add(ContactSkill(contact_id=cid, skill_id=sid))
    for tid in tag_ids(session, data.tags):
        session.add(ContactTag(contact_id=cid, tag_id=tid))


def new_uid() -> str:
    """Every contact's stable identity from its creation (written by both exports)."""
    return str(uuid.uuid4())


CONTACT_COLUMNS = ("name", "name_fold", "company", "title", "address", "location", "url",
                   "notes", "text_fold", "category", "known_directly", "closeness",
                   "cadence_days", "archived", "birthday", "met_on", "uid", "extra",
                   "created_at", "updated_at", "private")


def contact_values(data: ContactIn, now, as_date=None) -> tuple:
    """The contact table's columns for ``data``, in ``CONTACT_COLUMNS`` order (one mapping:
    single adds and bulk alike). ``now`` is stored as given; ``as_date``, if given,
    converts a ``met_on`` date (the bulk path binds values itself)."""
    data.clean()  # every text is NFC now: nfc() would only strip
    name = data.name.strip()
    met_on = data.met_on
    if as_date is not None and met_on is not None:
        met_on = as_date(met_on)
    address, url = data.address.strip(), data.url.strip()
    return (name, fold(name), data.company.strip(), data.title.strip(), address,
            data.location.strip(), url, data.notes, text_fold(address, url, data.notes),
            data.category, bool(data.known_directly), data.closeness, data.cadence_days,
            False, data.birthday, met_on, data.uid or new_uid(),
            json.dumps(data.extra, ensure_ascii=False) if data.extra else "", now, now,
            bool(data.private))


def contact_row(data: ContactIn, now: datetime) -> dict:
    """``contact_values`` as a mapping."""
    return dict(zip(CONTACT_COLUMNS, contact_values(data, now), strict=True))


def insert_contact(session: Session, data: ContactIn, now: datetime) -> int:
    """Add one contact inside an open transaction (importers and add_contact share it)."""
    validate(data)
    c = Contact(**contact_row(data, now))
    session.add(c)
    session.flush()
    _write_children(session, c.id, data)
    return c.id


def add_contact(store: Store, data: ContactIn, *, through: int | None = None,
                through_strength: int = 3, through_how: str = "") -> int:
    """Add a contact; with ``through``, someone I know only through that contact."""
    from rolodex.core.records.links import upsert_knows

    if through is not None:
        data.known_directly = False
    with store.tx() as s:
        cid = insert_contact(s, data, store.now())
        if through is not None:
            upsert_knows(s, cid, through, through_strength, through_how or "introduced me")
    store.notify("contact", cid)
    return cid


EDITABLE = {
    "name", "company", "title", "address", "location", "url", "notes", "category",
    "known_directly", "closeness", "cadence_days", "birthday", "met_on",
}


def edit_contact(store: Store, cid: int, *, through: int | None = None,
                 through_strength: int = 3, through_how: str = "", **changes) -> None:
    """Change fields; ``emails``, ``phones``, ``skills``, ``tags`` replace the lists.

    With ``through``: I know this person only through that contact (``known_directly``
    off and a knows-edge to them), in the same transaction as the edit."""
    if through is not None:
        changes["known_directly"] = False
    lists = {k: changes.pop(k) for k in ("emails", "phones", "skills", "tags") if k in changes}
    unknown = set(changes) - EDITABLE
    if unknown:
        raise UsageError(f"cannot edit {', '.join(sorted(unknown))}")
    with store.tx() as s:
        c = s.get(Contact, cid)
        if c is None:
            raise NotFound(f"no contact #{cid}")
        view = _contact_in(s, c)
        kept = frozenset(view.emails + view.phones + [view.birthday])
        for k, v in {**changes, **lists}.items():
            setattr(view, k, v)
        validate(view, kept=kept)  # cleans the view: what is written below is cleaned
        for k in changes:
            v = getattr(view, k)
            if isinstance(v, str) and k not in ("notes", "address"):
                v = nfc(v)
            setattr(c, k, v)
        c.name_fold = fold(c.name)
        c.text_fold = text_fold(c.address, c.url, c.notes)
        c.updated_at = store.now()
        if lists:
            for model, key in ((ContactEmail, "emails"), (ContactPhone, "phones"),
                               (ContactSkill, "skills"), (ContactTag, "tags")):
                if key in lists:
                    s.execute(delete(model).where(model.contact_id == cid))
            only = ContactIn(name=c.name, **{k: getattr(view, k) for k in lists})
            s.flush()
            _write_children(s, cid, only)
        if through is not None:
            from rolodex.core.records.links import upsert_knows

            s.flush()
            upsert_knows(s, cid, through, through_strength, through_how or "introduced me")
    store.notify("contact", cid)
    if through is not None:
        store.notify("knows", (min(cid, through), max(cid, through)))


def _contact_in(s: Session, c: Contact) -> ContactIn:
    return ContactIn(
        name=c.name, company=c.company, title=c.title, address=c.address,
        location=c.location, url=c.url, notes=c.notes, category=c.category,
        known_directly=c.known_directly, closeness=c.closeness, cadence_days=c.cadence_days,
        birthday=c.birthday, met_on=c.met_on,
        emails=list(s.scalars(select(ContactEmail.value).where(ContactEmail.contact_id == c.id)
                              .order_by(ContactEmail.position))),
        phones=list(s.scalars(select(ContactPhone.value).where(ContactPhone.contact_id == c.id)
                              .order_by(ContactPhone.position))),
    )


def archive_contact(store: Store, cid: int, archived: bool = True) -> None:
    with store.tx() as s:
        n = s.execute(update(Contact).where(Contact.id == cid)
                      .values(archived=archived, updated_at=store.now())).rowcount
        if not n:
            raise NotFound(f"no contact #{cid}")
    store.notify("contact", cid)


# -- resolving a typed name -------------------------------------------------------------------
def resolve(store: Store, query: str, *, include_archived: bool = False) -> int:
    """The one contact a typed name means (the rule: core/records/lookup.py), read on
    this store's own connection."""
    from rolodex.core.db.fastread import on_session

    with store.read() as s:
        return resolve_on(on_session(s), query, include_archived=include_archived)


def count_contacts(store: Store, *, include_archived: bool = False) -> int:
    with store.read() as s:
        q = select(func.count()).select_from(Contact)
        if not include_archived:
            q = q.where(Contact.archived == False)  # noqa: E712
        return s.execute(q).scalar_one()
