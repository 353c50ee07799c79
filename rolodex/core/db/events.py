"""What a committed change tells its followers: one typed ``Change``, decoded once.

Writers call ``store.notify(kind, payload)`` after the commit; the Store turns the payload
into a ``Change`` here and hands that to every listener (the TUI's index and screens, the
who-knows-whom graph), so no follower parses payload shapes of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

# More contacts than this in one change (an import, a merge of many): followers reload.
BULK_EVENT = 200
# Changes no event describes in detail: followers reload everything.
RELOADS = frozenset({"demo", "reload", "external"})


@dataclass(frozen=True)
class Change:
    """``kind``: contact, interaction, knows, endorsement, intro, dupes, or one of RELOADS.
    ``contacts``: the people whose records changed; ``pair``: the two ends of a knows-edge
    or a duplicate pair; ``interaction`` / ``intro``: the id of the entry written."""

    kind: str
    contacts: tuple[int, ...] = ()
    pair: tuple[int, int] | None = None
    interaction: int | None = None
    intro: int | None = None

    @property
    def bulk(self) -> bool:
        """Too much, or too vague (it names nothing), to follow one by one: reload."""
        named = self.contacts or self.pair or self.interaction is not None or \
            self.intro is not None
        return self.kind in RELOADS or len(self.contacts) > BULK_EVENT or not named


def _ids(values) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(v) for v in values if isinstance(v, int)))


def decode(kind: str, payload: object = None) -> Change:
    """The ``Change`` of ``store.notify(kind, payload)``: ('contact', id or ids),
    ('interaction', (iid, ids)), ('knows' or 'dupes', (a, b)), ('endorsement', id),
    ('intro', intro_id), (a reload kind, None)."""
    if kind == "intro":
        return Change(kind, intro=payload if isinstance(payload, int) else None)
    if kind == "interaction" and isinstance(payload, tuple | list) and len(payload) == 2:
        iid, who = payload
        return Change(kind, contacts=_ids(who), interaction=iid if isinstance(iid, int) else None)
    if kind in ("knows", "dupes") and isinstance(payload, tuple | list) and len(payload) == 2:
        a, b = int(payload[0]), int(payload[1])
        return Change(kind, contacts=_ids((a, b)), pair=(a, b))
    if isinstance(payload, int):
        return Change(kind, contacts=(payload,))
    if isinstance(payload, tuple | list | set | frozenset):
        return Change(kind, contacts=_ids(payload))
    return Change(kind)
