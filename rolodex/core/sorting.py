"""The contact list's sorts: by name (the index's own order), last touch (newest first),
tie strength (strongest first) and overdue first (the most urgent first).

An ``Order`` is computed once from the whole index (a few hundred milliseconds at
100,000 contacts, in a worker) and then applied to any filter result by a rank lookup:
moving the cursor or typing never sorts the whole list again. Inside every sort, equal
keys keep the name order. Contacts with nothing to sort on (never touched, no tie of my
own, no cadence and no follow-up) come last, in name order.

Overdue first ranks by days to spare: the fewer the more urgent (negative: late), the
sooner of the keep-in-touch deadline (core/records/cadence.py, from the last touch or the
day the card was made) and the earliest open follow-up (my ``my_tie.follow_up_due``).

Cheap to import (the names only): the config file's check of ``sort = …`` runs before the
first frame; what computes an order is imported when one is computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rolodex.core.search.rows import Rows

SORTS = ("name", "touch", "tie", "overdue")
LABELS = {"name": "by name", "touch": "by last touch", "tie": "by tie strength",
          "overdue": "overdue first"}
LAST = float("inf")
BROAD = 8  # matches above 1/BROAD of the list: picked out of the order, not sorted


class Order:
    """One sort of the whole list: ``ids`` in order, and each id's place in it."""

    def __init__(self, sort: str, ids: list[int]) -> None:
        self.sort = sort
        self.ids = ids
        self._rank = {cid: i for i, cid in enumerate(ids)}

    def apply(self, ids: Iterable[int]) -> list[int]:
        """``ids`` (a filter's matches) in this order; one the order has not seen yet (added
        since) goes last. Many matches (a broad word: "a", "ma") are picked out of the
        order by a set lookup, a few are sorted by their rank."""
        ids = list(ids)
        rank = self._rank
        if len(ids) * BROAD > len(rank):
            keep = set(ids)
            out = list(filter(keep.__contains__, self.ids))
            if len(out) < len(keep):
                out.extend(cid for cid in ids if cid not in rank)
            return out
        get, last = rank.get, len(rank)
        return sorted(ids, key=lambda cid: get(cid, last))


def compute(sort: str, rows: Rows, now: datetime, *,
            ties: Mapping[int, float] | None = None,
            follow_ups: Mapping[int, date] | None = None) -> Order | None:
    """The order ``sort`` of every row of the index (None for "name": the index's own).
    "tie" needs ``ties`` (core.network.strengths.my_ties), "overdue" ``follow_ups``
    (core.today.follow_ups); call holding the index's lock."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}: one of {', '.join(SORTS)}")
    if sort == "name":
        return None
    from rolodex.core.records.cadence import days_left
    from rolodex.core.search.rows import EPOCH, US

    times = list(rows.times())  # the name order: a stable sort keeps it inside equal keys
    if sort == "touch":
        keyed = [(-last if last is not None else LAST, cid) for cid, last, _c, _m in times]
    elif sort == "tie":
        strength = ties or {}
        keyed = [(-strength[cid] if cid in strength else LAST, cid) for cid, *_ in times]
    else:
        def spare(cid: int, last: int | None, cadence: int | None, made: int | None) -> float:
            """Days to spare before the contact is late (negative: late); LAST for none."""
            out = LAST
            if cadence and cadence > 0:
                base = last if last is not None else made
                if base is None:
                    out = -LAST  # a cadence and no start: overdue, as cadence.status says
                else:
                    out = days_left(EPOCH + base * US, cadence, naive)
            due = dues.get(cid)
            if due is not None:
                out = min(out, float((due - day).days))
            return out

        naive, day, dues = now.replace(tzinfo=None), now.date(), follow_ups or {}
        keyed = [(spare(*t), t[0]) for t in times]
    order = sorted(range(len(keyed)), key=lambda i: keyed[i][0])
    return Order(sort, [keyed[i][1] for i in order])

