"""One contact's whole profile, as ``rolodex show`` prints it (and ``--json`` returns it).

Plain SQL through a ``fastread`` connection: ``rolodex show`` reads it without loading
SQLAlchemy (core/db/fastread.py), and ``profile(store, ...)`` runs the same reads on the
Store's own session connection (the TUI)."""

from __future__ import annotations

from datetime import datetime

from rolodex.core.db.fastread import to_day, to_dt
from rolodex.core.db.schema import my_tie_join
from rolodex.core.errors import NotFound
from rolodex.core.network.bands import month_words, my_view, shared_bands
from rolodex.core.records import cadence
from rolodex.core.records.lookup import knows_on
from rolodex.core.team.by import By, logged_by
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


def profile(store, cid: int, *, interactions: int | None = 50) -> dict:
    """``read_profile`` on a Store's own connection, at the store's "now"."""
    from rolodex.core.db.fastread import on_session

    with store.read() as s:
        return read_profile(on_session(s), cid, now=store.now(), login=store.team_login(),
                            interactions=interactions)


CONTACT = ("SELECT c.id, c.name, c.company, c.title, c.known_directly, c.owner, c.closeness, "
           "t.last_touch_at, c.category, c.cadence_days, c.created_at, t.follow_up_due, "
           "c.address, c.location, c.url, c.notes, c.birthday, c.met_on, c.archived, "
           "c.private FROM contact c {join} WHERE c.id = ?")  # my last touch and follow-up: my_tie


def read_profile(conn, cid: int, *, now: datetime, login: str | None,
                 interactions: int | None = 50) -> dict:
    """Everything about one contact: fields, lists, my tie, cadence, log, who they know,
    read through ``conn`` (a ``fastread.ReadConn``); ``login``: my team login, if any.

    ``emails`` and ``phones`` are lists of strings; ``unchecked`` lists those of them an
    import kept although they do not parse (shown dimmed in the TUI)."""
    with conn.snapshot():
        c = conn.one(CONTACT.format(join=my_tie_join(conn.kind)), (cid,))
        if c is None:
            raise NotFound(f"no contact #{cid}")
        addr = {table: conn.rows(f"SELECT value, checked FROM {table} WHERE contact_id = ? "
                                 "ORDER BY position, id", (cid,))
                for table in ("contact_email", "contact_phone")}
        skills = [r[0] for r in conn.rows(
            "SELECT s.name FROM skill s JOIN contact_skill cs ON cs.skill_id = s.id "
            "WHERE cs.contact_id = ? ORDER BY s.key", (cid,))]
        tags = [r[0] for r in conn.rows(
            "SELECT t.name FROM tag t JOIN contact_tag ct ON ct.tag_id = t.id "
            "WHERE ct.contact_id = ? ORDER BY t.key", (cid,))]
        log = [(i, k, to_dt(at), summ, many, owner) for i, k, at, summ, many, owner in conn.rows(
            "SELECT i.id, i.kind, i.at, i.summary, i.one_to_many, i.owner FROM interaction i "
            "JOIN interaction_participant p ON p.interaction_id = i.id WHERE p.contact_id = ? "
            "ORDER BY i.at DESC, i.id DESC", (cid,))]
        knows = knows_on(conn, cid)
        endorsed = conn.rows(
            "SELECT s.name, c.name, e.note FROM endorsement e JOIN skill s ON s.id = e.skill_id "
            "LEFT OUTER JOIN contact c ON c.id = e.by_id WHERE e.contact_id = ? "
            "ORDER BY s.key", (cid,))
        team = shared_bands(conn, login, [cid]) if login is not None else []
        by = logged_by(conn, login, [row[5] for row in log])
    (_id, name, company, title, direct, owner, card_closeness, last_touch, category, cadence_days,
     created, follow_up, address, location, url, notes, birthday, met_on, archived,
     private) = c
    last_touch, created = to_dt(last_touch), to_dt(created)
    emails = [v for v, _ok in addr["contact_email"]]
    phones = [v for v, _ok in addr["contact_phone"]]
    unchecked = [v for table in ("contact_email", "contact_phone")
                 for v, ok in addr[table] if not ok]
    touches = [(k, at) for _i, k, at, _s, many, own in log
               if not many and (login is None or own == login)]
    known, lift = my_view(login, bool(direct), owner, card_closeness, bool(touches))
    tie = me_tie(touches, now, lift) if known else None
    last_kind = next((k for k, at in touches if at == last_touch), None)
    shown = log if interactions is None else log[:interactions]
    out = {
        "id": cid, "name": name, "company": company, "title": title,
        "emails": emails, "phones": phones, "unchecked": unchecked, "skills": skills, "tags": tags,
        "tie": round(tie, 3) if tie is not None else None,
        "interactions": [_entry(i, k, at, summ, many, by.get(o))
                         for i, k, at, summ, many, o in shown],
        "knows": [{"id": o, "name": n, "strength": st, "how": how} for o, n, st, how in knows],
        "category": category, "known_directly": bool(direct),
        "closeness": card_closeness, "cadence_days": cadence_days,
        "cadence": cadence.status(last_touch, cadence_days, now, created),
        "due_at": _iso(cadence.due_at(last_touch, cadence_days, created)),
        "last_touch_at": _iso(last_touch), "last_touch_kind": last_kind,
        "follow_up_due": _iso(to_day(follow_up)),
        "interaction_count": len(log),
        "address": address, "location": location, "url": url, "notes": notes,
        "birthday": birthday, "met_on": _iso(to_day(met_on)), "archived": bool(archived),
        "created_at": _iso(created), "private": bool(private),
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
