"""``rolodex erase``: a person asks to be forgotten.

In one transaction: the interactions where they were the only participant, every row of
every table that refers to them (found through the foreign keys of ``SQLModel.metadata``,
so a table added later is covered: emails, phones, skills and tags links, knows-edges,
endorsements given or received, introductions either way, their place in shared
interactions), the skills and tags nobody else has any more, then the contact. Shared
interactions stay, without them; their name, emails and phones in the text that stays
(summaries, details, other contacts' notes) become "(erased)".

On SQLite ``secure_delete`` is on for that transaction, so freed bytes are zeroed, and a
``wal_checkpoint(TRUNCATE)`` afterwards empties the WAL: the bytes are gone from the file
and its -wal. On PostgreSQL the touched tables are vacuumed. Backups and dumps made
before are files of their own and still hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, delete, exists, func, select, text, update
from sqlmodel import SQLModel

from rolodex.core.db.models import (
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSkill,
    ContactTag,
    Endorsement,
    Interaction,
    Participant,
    Skill,
    Tag,
    text_fold,
)
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound


@dataclass
class Erased:
    contact_id: int
    name: str
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows deleted
    wal_cleared: bool = True  # False: another program holds the rolodex open

    def line(self) -> str:
        parts = [f"{n} {t}" for t, n in self.rows.items() if n]
        return f"erased #{self.contact_id} {self.name}: " + (", ".join(parts) or "no rows")


def _referring_columns():
    """(table, column) for every foreign key to contact.id, children first."""
    target = Contact.__table__.c.id
    out = []
    for t in reversed(SQLModel.metadata.sorted_tables):
        for fk in t.foreign_keys:
            if fk.column is target:
                out.append((t, fk.parent))
    return out


def erase_contact(store: Store, cid: int) -> Erased:
    with store.tx() as s:
        conn = s.connection()
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        c = s.get(Contact, cid)
        if c is None:
            raise NotFound(f"no contact #{cid}")
        res = Erased(cid, c.name)
        others = select(Participant.interaction_id).where(Participant.contact_id != cid)
        alone = select(Participant.interaction_id).where(
            Participant.contact_id == cid, Participant.interaction_id.not_in(others))
        skills = list(s.scalars(select(ContactSkill.skill_id)
                                .where(ContactSkill.contact_id == cid)))
        tags = list(s.scalars(select(ContactTag.tag_id).where(ContactTag.contact_id == cid)))
        words = [c.name] + [v for m in (ContactEmail, ContactPhone)
                            for v in s.scalars(select(m.value).where(m.contact_id == cid))]
        res.rows["interactions"] = conn.execute(
            delete(Interaction).where(Interaction.id.in_(alone))).rowcount
        for table, col in _referring_columns():
            n = conn.execute(delete(table).where(col == cid)).rowcount
            res.rows[table.name] = res.rows.get(table.name, 0) + n
        res.rows["contact"] = conn.execute(delete(Contact).where(Contact.id == cid)).rowcount
        res.rows["skill"] = _drop_unused(conn, Skill, skills, ContactSkill.skill_id,
                                         Endorsement.skill_id)
        res.rows["tag"] = _drop_unused(conn, Tag, tags, ContactTag.tag_id)
        res.rows["mentions"] = _scrub(conn, words)
        if sqlite:
            conn.exec_driver_sql("PRAGMA secure_delete=OFF")
    if store.path is not None:
        raw = store.engine.raw_connection()  # no BEGIN: a checkpoint runs outside one
        try:
            busy = raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            raw.close()
        res.wal_cleared = not busy
    else:
        with store.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in {t.name for t, _c in _referring_columns()} | {
                    "contact", "interaction", "skill", "tag"}:
                conn.execute(text(f'VACUUM "{table}"'))
    res.rows = _readable(res.rows)
    store.notify("contact", cid)
    return res


MENTIONS = (Interaction.summary, Interaction.details, Contact.notes)
ERASED = "(erased)"


def _scrub(conn, words: list[str]) -> int:
    """Their name, emails and phones in the text that stays (shared interactions, other
    contacts' notes) become "(erased)". Returns the rows changed."""
    changed = 0
    noted: set[int] = set()  # contacts whose notes changed: their text_fold follows
    for col in MENTIONS:
        for w in dict.fromkeys(w for w in words if len(w.strip()) >= 3):
            where = col.contains(w, autoescape=True)
            if col is Contact.notes:
                noted.update(conn.execute(select(Contact.id).where(where)).scalars())
            changed += conn.execute(
                update(col.table).where(where)
                .values({col.name: func.replace(col, w, ERASED)})).rowcount
    if noted:
        rows = conn.execute(select(Contact.id, Contact.address, Contact.url, Contact.notes)
                            .where(Contact.id.in_(sorted(noted)))).all()
        conn.execute(update(Contact.__table__).where(Contact.__table__.c.id == bindparam("_id"))
                     .values(text_fold=bindparam("_f")),
                     [{"_id": cid, "_f": text_fold(a, u, n)} for cid, a, u, n in rows])
    return changed


def _drop_unused(conn, model, ids: list[int], *users) -> int:
    if not ids:
        return 0
    used = [exists().where(u == model.id) for u in users]
    q = delete(model).where(model.id.in_(ids), *[~u for u in used])
    return conn.execute(q).rowcount


NAMES = {"contact_email": "emails", "contact_phone": "phones", "contact_skill": "skill links",
         "contact_tag": "tag links", "interaction_participant": "shared interactions left",
         "knows": "knows-edges", "endorsement": "endorsements",
         "introduction": "introductions", "skill": "skills", "tag": "tags",
         "contact": "contact", "mentions": "mentions scrubbed", "my_tie": "my ties"}


def _readable(rows: dict[str, int]) -> dict[str, int]:
    return {NAMES.get(k, k): v for k, v in rows.items()}

