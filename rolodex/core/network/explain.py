"""Why a tie is as strong as it is, read from the store on demand (the graph keeps only the
weight and its parts), as structured reasons: ``MyTie`` (me - contact) and ``PairTie``
(contact - contact). ``words`` is the one place that words them, for the CLI, the TUI and
the who-can JSON alike: '8 calls and a meeting, last call 3 days ago'; "knows (strength 4,
'ex-colleagues at Acme'); both at Acme"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from rolodex.core.db.models import Contact, Interaction, Knows
from rolodex.core.db.models import Participant as P
from rolodex.core.db.store import Store
from rolodex.core.network.bands import my_view
from rolodex.core.network.graph import ME, Network
from rolodex.core.ties import KIND_WEIGHT
from rolodex.core.when import ago_words

__all__ = ["MyTie", "PairTie", "my_ties", "reasons", "words", "last_words", "explain",
           "explain_many"]

PLURAL = {"call": "calls", "email": "emails", "meeting": "meetings", "message": "messages",
          "note": "notes", "other": "other touches"}
ONE = {"call": "a call", "email": "an email", "meeting": "a meeting", "message": "a message",
       "note": "a note", "other": "one other touch"}


@dataclass(frozen=True)
class MyTie:
    """Why my tie to one contact is what it is, as of ``now``."""

    known: bool  # known directly (else I have no tie of my own)
    touches: tuple[tuple[str, int], ...] = ()  # (kind, how many) one-to-one, most first
    last_kind: str | None = None
    last_at: datetime | None = None
    closeness: int | None = None  # set only where closeness is what holds the tie up
    now: datetime | None = None


@dataclass(frozen=True)
class PairTie:
    """Why two contacts are tied: the parts of the tie."""

    knows: int = 0  # knows strength 1-5, 0 for none
    how: str = ""
    meetings: int = 0  # shared meetings of 2-12 people
    company: str | None = None  # the shared employer (None: not a part); "" name unknown


def my_ties(store: Store, strengths: dict[int, float], now: datetime) -> dict[int, MyTie]:
    """The reasons for my ties to these contacts (id -> the tie's strength)."""
    if not strengths:
        return {}
    with store.read() as s:
        info = _contacts(s, strengths)
        return _my_ties(s, strengths, info, now, store.team_login())


def _contacts(s, ids) -> dict[int, tuple]:
    """id -> (id, known_directly, closeness, company, owner) for these contacts."""
    return {r[0]: r for r in s.execute(select(
        Contact.id, Contact.known_directly, Contact.closeness, Contact.company, Contact.owner)
        .where(Contact.id.in_(list(ids))))} if ids else {}


def _my_ties(s, strengths: dict[int, float], info: dict, now: datetime,
             login: str | None = None) -> dict[int, MyTie]:
    """On a team rolodex (``login``) my touches are those I logged (bands.my_view)."""
    kinds: dict[int, list] = {}
    if strengths:
        q = (select(P.contact_id, Interaction.kind, func.count(), func.max(Interaction.at))
             .join(Interaction, Interaction.id == P.interaction_id)
             .where(P.contact_id.in_(list(strengths)),
                    Interaction.one_to_many == False)  # noqa: E712
             .group_by(P.contact_id, Interaction.kind))
        if login is not None:
            q = q.where(P.owner == login)
        for cid, kind, n, last in s.execute(q):
            kinds.setdefault(cid, []).append((kind, n, last))
    out = {}
    for cid, strength in strengths.items():
        row = info.get(cid)
        known, closeness = (my_view(login, row[1], row[4], row[2], cid in kinds)
                            if row is not None else (False, None))
        if not known:
            out[cid] = MyTie(False, now=now)
            continue
        got = sorted(kinds.get(cid, []), key=lambda x: (-x[1], -KIND_WEIGHT.get(x[0], 0.2)))
        last = max(got, key=lambda x: x[2]) if got else (None, 0, None)
        holds = bool(closeness) and closeness / 5.0 >= strength - 1e-9
        out[cid] = MyTie(True, tuple((k, n) for k, n, _ in got), last[0], last[2],
                         closeness if holds else None, now)
    return out


def reasons(network: Network, pairs) -> dict:
    """(a, b) -> MyTie or PairTie for each pair; ``me`` is ``ME``."""
    pairs = list(dict.fromkeys(pairs))
    mine = {b if a == ME else a for a, b in pairs if ME in (a, b)}
    cc = {(min(a, b), max(a, b)) for a, b in pairs if ME not in (a, b)}
    how: dict[tuple[int, int], tuple[int, str]] = {}
    with network.store.read() as s:
        info = _contacts(s, mine | {x for p in cc for x in p})
        me = _my_ties(s, {c: network.tie(ME, c) for c in mine}, info, network.now,
                      network.login)
        if cc:
            for a, b, k, text in s.execute(select(Knows.a_id, Knows.b_id, Knows.strength,
                                                  Knows.how)
                                           .where(or_(*[and_(Knows.a_id == a, Knows.b_id == b)
                                                        for a, b in cc]))):
                how[(a, b)] = (k, text)  # OR of pairs: one (a_id, b_id) index seek each
    out = {}
    for a, b in pairs:
        if ME in (a, b):
            out[(a, b)] = me[a if b == ME else b]
            continue
        k, m, c = network.parts(a, b)
        k, text = how.get((min(a, b), max(a, b)), (k, "")) if k else (0, "")
        company = (info[a][3] if a in info else "") if c else None
        out[(a, b)] = PairTie(k, text or "", m, company or ("" if c else None))
    return out


@dataclass(frozen=True)
class BandTie:
    """A colleague's tie to a contact on a team rolodex: all they share is its band and
    the month of the last touch (core/team/bands.py)."""

    colleague: str  # their name
    band: str
    month: str  # 'Nov 2026'


def words(reason: MyTie | PairTie | BandTie, *, counts: bool = True) -> str:
    """The one wording of a tie's reason (without the strength); without ``counts`` my
    touches are only the last one ('last call 4 days ago; closeness 4/5')."""
    if isinstance(reason, BandTie):
        return f"{reason.colleague}'s {reason.band} tie, last touch {reason.month}"
    if isinstance(reason, PairTie):
        parts = []
        if reason.knows:
            k, text = reason.knows, reason.how
            parts.append(f"knows (strength {k}, '{text}')" if text else f"knows (strength {k})")
        if reason.meetings:
            m = reason.meetings
            parts.append("a shared meeting" if m == 1 else f"{m} shared meetings")
        if reason.company is not None:
            parts.append(f"both at {reason.company}" if reason.company else "same company")
        return "; ".join(parts) or "no tie"
    if not reason.known:
        return "not known directly"
    parts = [s for s in (last_touch(reason, counts=counts),) if s]
    if reason.closeness:
        parts.append(f"closeness {reason.closeness}/5")
    return "; ".join(parts) or "no logged contact yet"


def last_touch(reason: MyTie, *, counts: bool = False) -> str:
    """'last call 4 days ago' ('8 calls and a meeting, last call ...' with ``counts``); ''
    when nothing was logged."""
    if not reason.touches:
        return ""
    kind = "other touch" if reason.last_kind == "other" else reason.last_kind
    last = f"last {kind} {ago_words(reason.last_at, reason.now)}"
    if not counts:
        return last
    got = reason.touches
    said = [ONE[k] if n == 1 else f"{n} {PLURAL[k]}" for k, n in got[:3]]
    if len(got) > 3:
        said.append(f"{sum(n for _, n in got[3:])} more")
    return f"{_and(said)}, {last}"


def last_words(reason: MyTie | PairTie | BandTie) -> str:
    """The short reason: 'last call 4 days ago' and the closeness holding it up, if any."""
    return words(reason, counts=False)


def explain_many(network: Network, pairs, *, bodies: bool = False) -> dict:
    """(a, b) -> '0.72: 8 calls and a meeting, last call 3 days ago' for each pair; with
    ``bodies`` the '0.72: ' prefix is left off."""
    got = reasons(network, pairs)
    return {p: words(r) if bodies else f"{network.tie(*p):.2f}: {words(r)}"
            for p, r in got.items()}


def explain(network: Network, a, b) -> str:
    """'0.72: 8 calls and a meeting, last call 3 days ago'; "0.80: knows (strength 4,
    'ex-colleagues at Acme')"."""
    return explain_many(network, [(a, b)])[(a, b)]


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
