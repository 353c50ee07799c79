"""``rolodex team import FILE.db``: my personal SQLite rolodex into the team rolodex I am
connected to, in one transaction.

Cards are matched to the team's cards by the import's own dedupe (profile, email, phone,
the same record: interchange/importer.py; not my UIDs, which name cards of my rolodex
only) against what my login can see; a match keeps the team's
card as it is (my copy adds nothing to a card colleagues share), the others become new
team cards, or personal ones with ``private``. My log comes along as mine alone (the
server gives each row my login; nothing is shared), and so do my knows-edges,
endorsements and introduction asks, mapped onto the cards; my bands are refreshed if I
share ties.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from rolodex.core.db import my_ties
from rolodex.core.db.derived import refresh_follow_ups
from rolodex.core.db.models import (
    Contact,
    Endorsement,
    Interaction,
    Introduction,
    Knows,
    Participant,
    Skill,
)
from rolodex.core.db.store import Store
from rolodex.core.errors import UsageError
from rolodex.core.records.contacts import ContactIn, skill_ids
from rolodex.core.team.bands import refresh_bands
from rolodex.core.team.schema import require_server

from .exporter import load_contacts
from .importer import ImportSummary, _plan_and_write
from .records import Record

_LOG = ("id", "kind", "direction", "at", "summary", "details", "project", "follow_up",
        "one_to_many", "created_at")
CHUNK = 5000


@dataclass
class TeamImport:
    added: int
    matched: int
    interactions: int
    knows: int
    endorsements: int
    introductions: int

    def line(self) -> str:
        return (f"imported into the team: {self.added:,} new card(s), {self.matched:,} "
                f"matched to team cards (kept as they are); {self.interactions:,} "
                f"interaction(s), private to you; {self.knows:,} knows-edge(s), "
                f"{self.endorsements:,} endorsement(s), {self.introductions:,} introduction(s)")


def _contact_in(r: dict, private: bool) -> ContactIn:
    return ContactIn(
        name=r["name"], company=r["company"], title=r["title"],
        emails=[v for v, _ in r["emails"]], email_labels=[lab for _, lab in r["emails"]],
        phones=[v for v, _ in r["phones"]], phone_labels=[lab for _, lab in r["phones"]],
        address=r["address"], location=r["location"], url=r["url"], notes=r["notes"],
        category=r["category"], known_directly=bool(r["known_directly"]),
        closeness=r["closeness"], cadence_days=r["cadence_days"], skills=r["skills"],
        tags=r["tags"], birthday=r["birthday"], met_on=r["met_on"],
        extra=r["extra"], private=private)  # no UID: mine names a card of my rolodex only


def import_personal(store: Store, path: str | Path, *, private: bool = False) -> TeamImport:
    """Bring the SQLite rolodex at ``path`` into ``store`` (a team rolodex, as its member)."""
    login = store.team_login()
    if login is None:
        require_server(store.url)
        raise UsageError(f"team import: {store.where()} is not a team rolodex you are a "
                         "member of (connect as your own login)")
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    src = Store(f"sqlite:///{path.resolve()}", create=False)
    if src.team_login() is not None or not src.url.startswith("sqlite"):
        raise UsageError(f"{path}: not a personal SQLite rolodex")
    try:
        rows = load_contacts(src)
        with src.read() as s:
            archived = set(s.scalars(select(Contact.id).where(Contact.archived == True)))  # noqa: E712
            log = [dict(zip(_LOG, r, strict=True)) for r in s.execute(
                select(*[getattr(Interaction, c) for c in _LOG]).order_by(Interaction.id))]
            who: dict[int, list[int]] = defaultdict(list)
            for iid, cid in s.execute(select(Participant.interaction_id, Participant.contact_id)):
                who[iid].append(cid)
            knows = s.execute(select(Knows.a_id, Knows.b_id, Knows.strength, Knows.how,
                                     Knows.since)).all()
            ends = s.execute(select(Endorsement.contact_id, Skill.name, Endorsement.by_id,
                                    Endorsement.note, Endorsement.at)
                             .join(Skill, Skill.id == Endorsement.skill_id)).all()
            intros = s.execute(select(Introduction.introducer_id, Introduction.target_id,
                                      Introduction.for_what, Introduction.note,
                                      Introduction.status, Introduction.asked_at,
                                      Introduction.closed_at)).all()
    finally:
        src.close()
    records = [Record(0, _contact_in(r, private)) for r in rows]
    summary = ImportSummary()
    with store.tx() as s:
        _plan_and_write(s, store.now(), records, summary, "skip", None, True)
        to = {r["id"]: cid for r, cid in zip(rows, summary.record_ids, strict=True)}
        added = set(summary.ids)
        gone = [to[c] for c in archived if to[c] in added]
        if gone:
            s.execute(update(Contact).where(Contact.id.in_(gone)).values(archived=True))
        n_log = _write_log(s, log, who, to)
        edges = {}
        for a, b, k, how, since in knows:
            a, b = sorted((to[a], to[b]))
            if a != b:
                edges.setdefault((a, b), {"a_id": a, "b_id": b, "strength": k, "how": how,
                                          "since": since})
        if edges:
            s.execute(pg_insert(Knows.__table__).on_conflict_do_nothing(
                index_elements=["a_id", "b_id"]), list(edges.values()))
        names = sorted({n for _, n, *_ in ends})
        skills = dict(zip(names, skill_ids(s, names), strict=True)) if names else {}
        if ends:
            s.execute(insert(Endorsement.__table__), [
                {"contact_id": to[c], "skill_id": skills[n], "by_id": to.get(by), "note": note,
                 "at": at} for c, n, by, note, at in ends])
        if intros:
            s.execute(insert(Introduction.__table__), [
                {"introducer_id": to[a], "target_id": to[b], "for_what": f, "note": note,
                 "status": st, "asked_at": asked, "closed_at": closed}
                for a, b, f, note, st, asked, closed in intros])
        refresh_bands(store, s, set(to.values()))
    store.notify("reload", None)
    return TeamImport(len(added), len(rows) - len(added), n_log, len(edges), len(ends),
                      len(intros))


def _write_log(s, log: list[dict], who: dict[int, list[int]], to: dict[int, int]) -> int:
    """My interactions and their participants on the team's cards; my ties and my
    follow-up days follow. The rows are mine by the server's default (no owner is
    written)."""
    it = Interaction.__table__
    done = 0
    promised: set[int] = set()  # the cards of entries with a follow-up day
    for a in range(0, len(log), CHUNK):
        chunk = [r for r in log[a:a + CHUNK] if who.get(r["id"])]
        if not chunk:
            continue
        ids = [r[0] for r in s.execute(
            insert(it).returning(it.c.id, sort_by_parameter_order=True),
            [{k: v for k, v in r.items() if k != "id"} for r in chunk])]
        parts = []
        touches = []
        for r, iid in zip(chunk, ids, strict=True):
            people = dict.fromkeys(to[c] for c in who[r["id"]])
            parts += [{"interaction_id": iid, "contact_id": c} for c in people]
            if r.get("follow_up") is not None:
                promised.update(people)
            if not r["one_to_many"]:
                touches += [(c, r["kind"], r["at"]) for c in people]
        s.execute(insert(Participant.__table__), parts)
        my_ties.add(s, touches)
        done += len(chunk)
    refresh_follow_ups(s, promised)
    return done
