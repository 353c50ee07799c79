"""SQLModel tables. The one schema, for SQLite and PostgreSQL alike.

Times are naive local wall-clock datetimes, as the person typed them (a team rolodex on
PostgreSQL shares one office clock). My last touch of each contact and my tie to them are
kept by the writer path in ``MyTie`` (core/db/my_ties.py), so the contact list never
aggregates the log and a team card shows no colleague's touches.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict, NaiveDatetime
from sqlalchemy import Column, Index, String, Text, UniqueConstraint, false, null, true
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from rolodex.core.text import clean_text, fold

CATEGORIES = ("customer", "vendor", "partner", "past employee", "personal", "organisation", "other")
KINDS = ("call", "email", "meeting", "message", "note", "other")
INTRO_STATUSES = ("asked", "made", "declined", "no-reply")
PAIR_STATUSES = ("open", "kept")


class CleanString(TypeDecorator):
    """A text column that stores only clean text (core.text.clean_text): every writer of
    the log and the ties (interactions, knows-edges, endorsements, introductions) passes
    through here, so a control sequence from a CLI argument or a TUI field never reaches
    the database. The contact tables (contact, emails, phones, skills, tags) are cleaned
    by the one mapping instead (``ContactIn.clean``, before names are folded and matched):
    a bind processor on their columns cost about 15% of a 34,257-contact bulk insert."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return clean_text(value) if isinstance(value, str) else value


class CleanText(TypeDecorator):
    """The same for multi-line text (notes, addresses, details): tab and newline kept."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return clean_text(value, multiline=True) if isinstance(value, str) else value


def clean_str(length: int, **kw):
    """A ``str`` field of at most ``length`` characters, stored clean."""
    return Field(max_length=length, sa_type=CleanString(length), **kw)


def login_field() -> Field:
    """The PostgreSQL login (a team member) who wrote a row: NULL on SQLite, where there is
    no team. The server default is NULL here; ``rolodex team init`` makes it
    ``current_user`` on a team database, so no writer passes it and nobody can pass
    another's (the row policies check it; core/team/schema.py)."""
    return Field(default=None, max_length=63, sa_column_kwargs={"server_default": null()})


def text_column() -> Column:
    """A multi-line text column (no length limit), stored clean."""
    return Column(CleanText, nullable=False, default="")


class Table(SQLModel):
    """The base of every table: pydantic builds a model's validator on first use, not when
    the class is defined. A table model is written and read through SQLAlchemy and never
    validated, so a command no longer builds at start the 15 schemas it does not use
    (3-11 ms, measured as whole processes)."""

    model_config = ConfigDict(defer_build=True)


class Meta(Table, table=True):
    """Key/value facts about the database itself (schema_version, created_by)."""

    __tablename__ = "rolodex_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(default="", max_length=255)


def text_fold(address: str, url: str, notes: str) -> str:
    """``contact.text_fold``: the address, URL and notes folded (core.text.fold), which a
    deep search looks in (core/search/oneshot.py). Every writer of those three columns sets
    it through here; ``rolodex check`` finds a row where it is not what this gives."""
    return fold(f"{address} {url} {notes}")


class Contact(Table, table=True):
    __tablename__ = "contact"
    __table_args__ = (Index("ix_contact_fold", "name_fold"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    name_fold: str = Field(default="", max_length=300)
    company: str = Field(default="", max_length=300)
    title: str = Field(default="", max_length=300)
    address: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    location: str = Field(default="", max_length=300)
    url: str = Field(default="", max_length=1000)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # text_fold(address, url, notes), kept by the writers: a deep search reads it in SQL
    text_fold: str = Field(default="", sa_column=Column(Text, nullable=False, default="",
                                                        server_default=""))
    category: str = Field(default="other", max_length=32)
    known_directly: bool = Field(default=True)
    closeness: int | None = Field(default=None)  # 0-5, manual
    cadence_days: int | None = Field(default=None)  # keep-in-touch cadence
    archived: bool = Field(default=False, index=True)
    birthday: str = Field(default="", max_length=32)  # ISO or partial (--MM-DD)
    met_on: date | None = Field(default=None)
    uid: str | None = Field(default=None, max_length=255, unique=True)
    extra: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))  # JSON
    # my last touch and my follow-up day are not on the card: they are mine (MyTie), not
    # the team's
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    updated_at: NaiveDatetime = Field(default_factory=datetime.now)
    # a team rolodex: who made the card; private: only they can see it at all
    owner: str | None = login_field()
    private: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class ContactEmail(Table, table=True):
    __tablename__ = "contact_email"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    value: str = Field(max_length=320)
    norm: str = Field(max_length=320, index=True)
    label: str = Field(default="", max_length=64)
    position: int = Field(default=0)
    # False: an import kept a value that does not parse. The server default is the
    # migration's too, so a new database and an upgraded one are the same.
    checked: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class ContactPhone(Table, table=True):
    __tablename__ = "contact_phone"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    value: str = Field(max_length=64)
    norm: str = Field(max_length=64, index=True)
    label: str = Field(default="", max_length=64)
    position: int = Field(default=0)
    # False: an import kept a value that does not parse. The server default is the
    # migration's too, so a new database and an upgraded one are the same.
    checked: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class Skill(Table, table=True):
    __tablename__ = "skill"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    key: str = Field(max_length=200, unique=True)


class Tag(Table, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    key: str = Field(max_length=200, unique=True)


class ContactSkill(Table, table=True):
    __tablename__ = "contact_skill"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, index=True,
                          ondelete="CASCADE")


class ContactTag(Table, table=True):
    __tablename__ = "contact_tag"
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, index=True, ondelete="CASCADE")


class Interaction(Table, table=True):
    __tablename__ = "interaction"
    id: int | None = Field(default=None, primary_key=True)
    kind: str = clean_str(16, index=True)
    direction: str | None = clean_str(3, default=None)  # "in" | "out"
    at: NaiveDatetime = Field(index=True)
    summary: str = clean_str(500, default="")
    details: str = Field(default="", sa_column=text_column())
    project: str = clean_str(200, default="")
    follow_up: date | None = Field(default=None)  # follow up with its people by then
    one_to_many: bool = Field(default=False)  # newsletter, website: not a one-to-one touch
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
    # a team rolodex: who logged it; only they see it unless it is shared
    owner: str | None = login_field()
    shared: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class Participant(Table, table=True):
    __tablename__ = "interaction_participant"
    interaction_id: int = Field(foreign_key="interaction.id", primary_key=True,
                                ondelete="CASCADE")
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True,
                            ondelete="CASCADE")
    # a team rolodex: its interaction's owner and shared flag, copied by the
    # server (a trigger of core/team/schema.py) so that row security needs no sub-select
    owner: str | None = login_field()
    shared: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # this person's part of the entry's follow-up (core/records/follow_ups.py): marked done
    # without logging, or snoozed to a later day (None: the entry's own day)
    follow_up_done: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    follow_up_until: date | None = Field(default=None)


class MyTie(Table, table=True):
    """My relationship to one contact, derived from my own one-to-one log and kept by the
    writer path in the same transaction (core/db/my_ties.py): the newest touch and the tie
    model's decay accumulator (core/ties.py), and my earliest open follow-up with them
    (core/db/derived.py). A row exists while I have a touch or an open follow-up.
    ``owner`` is '' on SQLite (no team); on a team database the member's login (the
    server's default ``current_user``; row security shows and writes only one's own)."""

    __tablename__ = "my_tie"
    # my follow-ups (Today, the list's colours): my rows with a day, earliest first
    __table_args__ = (Index("ix_my_tie_owner_follow_up_due", "owner", "follow_up_due"),)
    owner: str = Field(default="", primary_key=True, max_length=63,
                       sa_column_kwargs={"server_default": ""})
    contact_id: int = Field(foreign_key="contact.id", primary_key=True, index=True,
                            ondelete="CASCADE")
    last_touch_at: NaiveDatetime | None = Field(default=None)  # None: no touch yet
    acc: float = Field(default=0.0)
    follow_up_due: date | None = Field(default=None)


class Knows(Table, table=True):
    """An undirected tie between two contacts, stored with a_id < b_id."""

    __tablename__ = "knows"
    # (b_id, a_id): the ties of a set of people are read from both ends by an index alone
    # (the unique (a_id, b_id) one and this), without a look-up of each row (schema 12)
    __table_args__ = (UniqueConstraint("a_id", "b_id"),
                      Index("ix_knows_b_id_a_id", "b_id", "a_id"))
    id: int | None = Field(default=None, primary_key=True)
    a_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    b_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    strength: int = Field(default=3)  # 1-5
    how: str = clean_str(300, default="")
    since: date | None = Field(default=None)
    recorded_by: str | None = login_field()  # a team rolodex: who recorded it


class Endorsement(Table, table=True):
    __tablename__ = "endorsement"
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skill.id", index=True, ondelete="CASCADE")
    by_id: int | None = Field(default=None, foreign_key="contact.id", ondelete="CASCADE")
    note: str = clean_str(500, default="")
    at: NaiveDatetime = Field(default_factory=datetime.now)
    recorded_by: str | None = login_field()  # a team rolodex: who recorded it


class Introduction(Table, table=True):
    __tablename__ = "introduction"
    id: int | None = Field(default=None, primary_key=True)
    introducer_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    target_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    for_what: str = clean_str(300, default="")
    note: str = clean_str(500, default="")
    status: str = clean_str(16, default="asked")
    asked_at: NaiveDatetime = Field(default_factory=datetime.now)
    closed_at: NaiveDatetime | None = Field(default=None)


class DuplicatePair(Table, table=True):
    """Two contacts that look alike with no identity in common: a question for the person.

    Stored with a_id < b_id; ``status`` is "open" (to review) or "kept" (both are people in
    their own right: never suggested again); ``evidence`` is JSON {"for": [...], "against":
    [...]}. A merge deletes one of the two, and the pair with it."""

    __tablename__ = "duplicate_pair"
    __table_args__ = (UniqueConstraint("a_id", "b_id"),)
    id: int | None = Field(default=None, primary_key=True)
    a_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    b_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    status: str = clean_str(8, default="open", index=True)
    evidence: str = Field(default="", sa_column=text_column())
    created_at: NaiveDatetime = Field(default_factory=datetime.now)
