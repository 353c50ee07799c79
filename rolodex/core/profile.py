"""One contact's whole profile, as ``rolodex show`` prints it (and ``--json`` returns it)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from rolodex.core.db import my_ties
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
)
from rolodex.core.db.store import Store
from rolodex.core.errors import NotFound
from rolodex.core.network.bands import colleague_bands, month_words
from rolodex.core.network.graph import my_view
from rolodex.core.records import cadence
from rolodex.core.records.links import knows_of
from rolodex.core.team.members import By, logged_by
from rolodex.core.ties import me_tie
from rolodex.core.when import ago_words


def _iso(d) -> str | None:
    return d.isoformat(sep=" ") if isinstance(d, datetime) else (d.isoformat() if d else None)


def _entry(iid, kind, at, summary, many, by: By | None) -> dict:
    """One entry of the log; on a team rolodex with who logged it ("by")."""
    out = {"id": iid, "kind": kind, "at": _iso(at), "summary": summary,
           "one_to_many": bool(many)}
    if by is not None:
        out["by"] = by.to_json()
    return out


def profile(store: Store, cid: int, *, interactions: int | None = 50) -> dict:
    """Everything about one contact: fields, lists, my tie, cadence, log, who they know.

    ``emails`` and ``phones`` are lists of strings; ``unchecked`` lists those of them an
    import kept although they do not parse (shown dimmed in the TUI)."""
    now = store.now()
    with store.read() as s:
        c = s.get(Contact, cid)
        if c is None:
            raise NotFound(f"no contact #{cid}")
        addr = {model: s.execute(select(model.value, model.checked)
                                 .where(model.contact_id == cid)
                                 .order_by(model.position, model.id)).all()
                for model in (ContactEmail, ContactPhone)}
        emails = [v for v, _ok in addr[ContactEmail]]
        phones = [v for v, _ok in addr[ContactPhone]]
        unchecked = [v for model in (ContactEmail, ContactPhone)
                     for v, ok in addr[model] if not ok]
        skills = list(s.scalars(select(Skill.name).join(ContactSkill,
                                                        ContactSkill.skill_id == Skill.id)
                                .where(ContactSkill.contact_id == cid).order_by(Skill.key)))
        tags = list(s.scalars(select(Tag.name).join(ContactTag, ContactTag.tag_id == Tag.id)
                              .where(ContactTag.contact_id == cid).order_by(Tag.key)))
        log = s.execute(
            select(Interaction.id, Interaction.kind, Interaction.at, Interaction.summary,
                   Interaction.one_to_many, Interaction.owner)
            .join(Participant, Participant.interaction_id == Interaction.id)
            .where(Participant.contact_id == cid)
            .order_by(Interaction.at.desc(), Interaction.id.desc())
        ).all()
        knows = knows_of(s, cid)
        endorsed = s.execute(
            select(Skill.name, Contact.name, Endorsement.note)
            .join(Skill, Skill.id == Endorsement.skill_id)
            .outerjoin(Contact, Contact.id == Endorsement.by_id)
            .where(Endorsement.contact_id == cid).order_by(Skill.key)
        ).all()
        team = colleague_bands(store, s, [cid])
        last = my_ties.last_touch(s, cid)
        by = logged_by(store, s, [row[5] for row in log])
    login = store.team_login()
    touches = [(k, at) for _i, k, at, _s, many, owner in log
               if not many and (login is None or owner == login)]
    known, closeness = my_view(login, c.known_directly, c.owner, c.closeness, bool(touches))
    tie = me_tie(touches, now, closeness) if known else None
    last_kind = next((k for k, at in touches if at == last), None)
    shown = log if interactions is None else log[:interactions]
    out = {
        "id": c.id, "name": c.name, "company": c.company, "title": c.title,
        "emails": emails, "phones": phones, "unchecked": unchecked, "skills": skills, "tags": tags,
        "tie": round(tie, 3) if tie is not None else None,
        "interactions": [_entry(i, k, at, summ, many, by.get(o))
                         for i, k, at, summ, many, o in shown],
        "knows": [{"id": o, "name": n, "strength": st, "how": how} for o, n, st, how in knows],
        "category": c.category, "known_directly": bool(c.known_directly),
        "closeness": c.closeness, "cadence_days": c.cadence_days,
        "cadence": cadence.status(last, c.cadence_days, now, c.created_at),
        "due_at": _iso(cadence.due_at(last, c.cadence_days, c.created_at)),
        "last_touch_at": _iso(last), "last_touch_kind": last_kind,
        "follow_up_due": _iso(c.follow_up_due),
        "interaction_count": len(log),
        "address": c.address, "location": c.location, "url": c.url, "notes": c.notes,
        "birthday": c.birthday, "met_on": _iso(c.met_on), "archived": bool(c.archived),
        "created_at": _iso(c.created_at), "private": bool(c.private),
        "team": [b.to_json() for b in sorted(team, key=lambda b: (b.name, b.login))],
    }
    if endorsed:
        out["endorsements"] = [{"skill": sk, "by": by, "note": note}
                               for sk, by, note in endorsed]
    return out


def render(p: dict, now: datetime) -> str:
    """The profile as text for a terminal."""
    lines = [f"{p['name']}  #{p['id']}" + ("  (archived)" if p["archived"] else "")]
    role = " · ".join(x for x in (p["title"], p["company"]) if x)
    if role:
        lines.append(role)
    facts = []
    if p["tie"] is not None:
        facts.append(f"tie {p['tie']:.2f}")
    else:
        facts.append("known only through others")
    last = datetime.fromisoformat(p["last_touch_at"]) if p["last_touch_at"] else None
    facts.append(f"last touch {ago_words(last, now)}"
                 + (f" ({p['last_touch_kind']})" if p["last_touch_kind"] else ""))
    if p["cadence_days"]:
        facts.append(f"every {p['cadence_days']}d: {p['cadence']}")
    if p.get("follow_up_due"):
        facts.append(f"follow up by {p['follow_up_due']}")
    lines.append(" · ".join(facts))
    unchecked = set(p.get("unchecked", ()))  # kept by an import though they do not parse
    for label, key in (("emails", "emails"), ("phones", "phones"), ("skills", "skills"),
                       ("tags", "tags")):
        if p[key]:
            shown = [f"{v} (unchecked)" if key in ("emails", "phones") and v in unchecked
                     else v for v in p[key]]
            lines.append(f"{label:<9} {', '.join(shown)}")
    for label in ("location", "address", "url", "birthday"):
        if p[label]:
            lines.append(f"{label:<9} {p[label]}")
    if p["knows"]:
        shown = [f"{k['name']} ({k['strength']}" + (f", {k['how']})" if k["how"] else ")")
                 for k in p["knows"][:10]]
        more = f" and {len(p['knows']) - 10} more" if len(p["knows"]) > 10 else ""
        lines.append(f"{'knows':<9} {'; '.join(shown)}{more}")
    for b in p.get("team", []):
        lines.append(f"{'team':<9} {b['name']}: {b['band']} tie, last touch "
                     f"{month_words(b['last_touch'])}")
    for e in p.get("endorsements", []):
        by = f" by {e['by']}" if e["by"] else ""
        lines.append(f"{'endorsed':<9} {e['skill']}{by}" + (f": {e['note']}" if e["note"] else ""))
    if p["notes"]:
        lines.append(f"{'notes':<9} {p['notes']}")
    lines.append("")
    if p["interactions"]:
        lines.append(f"interactions ({p['interaction_count']}, newest first)")
        for i in p["interactions"]:
            at = i["at"][:16]
            many = "  [one-to-many]" if i["one_to_many"] else ""
            by = f"  (by {i['by']['name']})" if "by" in i and not i["by"]["you"] else ""
            lines.append(f"  {at}  {i['kind']:<8} {i['summary']}{many}{by}")
    else:
        lines.append("no interactions yet")
    return "\n".join(lines)
