"""Why a tie is as strong as it is, read from the store on demand (the graph keeps only
the weight): '0.72: 8 calls and a meeting, last call 3 days ago'; "0.95: knows (strength 4,
'ex-colleagues at Acme'); both at Acme"."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from .models import Contact, Interaction, Knows
from .models import Participant as P
from .network import ME, Network
from .ties import KIND_WEIGHT
from .when import ago_words

PLURAL = {"call": "calls", "email": "emails", "meeting": "meetings", "message": "messages",
          "note": "notes", "other": "other touches"}
ONE = {"call": "a call", "email": "an email", "meeting": "a meeting", "message": "a message",
       "note": "a note", "other": "one other touch"}


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def explain_many(network: Network, pairs, *, bodies: bool = False) -> dict:
    """(a, b) -> '0.72: 8 calls and a meeting, last call 3 days ago' for each pair; ``me``
    is ``ME``. With ``bodies`` the '0.72: ' prefix is left off."""
    pairs = list(dict.fromkeys(pairs))
    mine = {b if a == ME else a for a, b in pairs if ME in (a, b)}
    cc = {(min(a, b), max(a, b)) for a, b in pairs if ME not in (a, b)}
    people = mine | {x for p in cc for x in p}
    how: dict[tuple[int, int], tuple[int, str]] = {}
    kinds: dict[int, list] = {}
    with network.store.read() as s:
        info = {r[0]: r for r in s.execute(select(
            Contact.id, Contact.known_directly, Contact.closeness, Contact.company)
            .where(Contact.id.in_(people)))} if people else {}
        if mine:
            for cid, kind, n, last in s.execute(
                    select(P.contact_id, Interaction.kind, func.count(), func.max(Interaction.at))
                    .join(Interaction, Interaction.id == P.interaction_id)
                    .where(P.contact_id.in_(mine), Interaction.one_to_many == False)  # noqa: E712
                    .group_by(P.contact_id, Interaction.kind)):
                kinds.setdefault(cid, []).append((kind, n, last))
        if cc:
            for a, b, k, text in s.execute(select(Knows.a_id, Knows.b_id, Knows.strength,
                                                  Knows.how)
                                           .where(or_(*[and_(Knows.a_id == a, Knows.b_id == b)
                                                        for a, b in cc]))):
                how[(a, b)] = (k, text)  # OR of pairs: one (a_id, b_id) index seek each
    out = {}
    for a, b in pairs:
        if ME in (a, b):
            body = _me_words(network, a if b == ME else b, info, kinds)
        else:
            body = _pair_words(network, a, b, info, how)
        out[(a, b)] = body if bodies else f"{network.tie(a, b):.2f}: {body}"
    return out


def _me_words(network: Network, cid: int, info: dict, kinds: dict) -> str:
    row = info.get(cid)
    if row is None or not row[1]:
        return "not known directly"
    got = sorted(kinds.get(cid, []), key=lambda x: (-x[1], -KIND_WEIGHT.get(x[0], 0.2)))
    parts = []
    if got:
        counts = [ONE[k] if n == 1 else f"{n} {PLURAL[k]}" for k, n, _ in got[:3]]
        if len(got) > 3:
            counts.append(f"{sum(n for _, n, _ in got[3:])} more")
        kind, _, last = max(got, key=lambda x: x[2])
        kind = "other touch" if kind == "other" else kind
        parts.append(f"{_and(counts)}, last {kind} {ago_words(last, network.now)}")
    closeness = row[2]
    if closeness and closeness / 5.0 >= network.tie(ME, cid) - 1e-9:
        parts.append(f"closeness {closeness}/5")
    return "; ".join(parts) or "no logged contact yet"


def _pair_words(network: Network, a: int, b: int, info: dict, how: dict) -> str:
    d = network.G._adj.get(a, {}).get(b)
    if not d:
        return "no tie"
    parts = []
    k, text = how.get((min(a, b), max(a, b)), (d["k"], ""))
    if d["k"]:
        parts.append(f"knows (strength {k}, '{text}')" if text else f"knows (strength {k})")
    if d["m"]:
        parts.append("a shared meeting" if d["m"] == 1 else f"{d['m']} shared meetings")
    if d["c"]:
        parts.append(f"both at {info[a][3]}" if a in info else "same company")
    return "; ".join(parts)
