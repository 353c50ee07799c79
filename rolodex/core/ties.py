"""The tie-strength model (DESIGN.md): one place, used by network, stats and the views.

me - contact:   s = 1 - exp(-sum(w_kind * 0.5 ** (age_days / 180)))
                lifted to at least closeness / 5; a card with no history gets 0.05.
contact-contact: knows strength / 5; a shared meeting adds 0.3; a shared company 0.15.
One-to-many sends (newsletters) are not ties and are left out by the callers.

The decay separates: sum(w * 0.5 ** ((now - t) / H)) = 0.5 ** ((now - t0) / H) * acc with
acc = sum(w * 2 ** ((t - t0) / H)) for any fixed epoch t0, so the database keeps one ``acc``
per (member, contact), updated in O(1) by the writer path (core/db/my_ties.py), and the tie
at any ``now`` is exact. A touch dated after ``now`` (a meeting booked ahead) counts a little
more than its weight rather than being clamped: that keeps the sum separable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta

KIND_WEIGHT = {
    "meeting": 1.0,
    "call": 0.7,
    "message": 0.4,
    "email": 0.3,
    "note": 0.1,
    "other": 0.2,
}
DEFAULT_WEIGHT = 0.2  # a kind not in the table
HALF_LIFE_DAYS = 180.0
NO_HISTORY_FLOOR = 0.05
SHARED_MEETING = 0.3
SHARED_COMPANY = 0.15


def _days(delta: timedelta) -> float:
    return delta.total_seconds() / 86400.0


def touch_weight(kind: str, at: datetime, now: datetime) -> float:
    return KIND_WEIGHT.get(kind, DEFAULT_WEIGHT) * 0.5 ** (_days(now - at) / HALF_LIFE_DAYS)


# The epoch of stored accumulators when the database names none (rolodex_meta
# 'tie_epoch'). A term is 2 ** (half-lives since the epoch): 1e16 in 2026, and a double
# holds 2 ** 1023, so the epoch drifts out of range after 1,000 half-lives (490 years);
# ``rolodex check --repair`` re-bases long before (REBASE_AFTER), multiplying every acc.
EPOCH = datetime(2000, 1, 1)
REBASE_AFTER = 256  # half-lives (126 years)


def acc_term(kind: str, at: datetime, epoch: datetime) -> float:
    """One touch's part of the accumulator: w_kind * 2 ** ((at - epoch) / H)."""
    return KIND_WEIGHT.get(kind, DEFAULT_WEIGHT) * 2.0 ** (_days(at - epoch) / HALF_LIFE_DAYS)


def acc_scale(epoch: datetime, now: datetime) -> float:
    """What every stored accumulator is multiplied by to give its sum of weights at ``now``."""
    return 0.5 ** (_days(now - epoch) / HALF_LIFE_DAYS)


def acc_total(acc: float, epoch: datetime, now: datetime) -> float:
    """The sum of touch weights at ``now`` from a stored accumulator."""
    return acc * acc_scale(epoch, now)


def rebase_factor(old: datetime, new: datetime) -> float:
    """Multiply every acc by this when the epoch moves from ``old`` to ``new``."""
    return 0.5 ** (_days(new - old) / HALF_LIFE_DAYS)


def strength_from_sum(total: float, closeness: int | None = None) -> float:
    s = 1.0 - math.exp(-total) if total > 0 else NO_HISTORY_FLOOR
    if closeness:
        s = max(s, min(closeness, 5) / 5.0)
    return max(s, NO_HISTORY_FLOOR)


def me_tie(touches: Iterable[tuple[str, datetime]], now: datetime,
           closeness: int | None = None) -> float:
    """Strength of my tie to one contact from their (kind, at) one-to-one touches."""
    return strength_from_sum(sum(touch_weight(k, at, now) for k, at in touches), closeness)


def knows_tie(strength: int) -> float:
    return max(1, min(int(strength), 5)) / 5.0


def combine(*parts: float) -> float:
    """Several reasons for one contact-contact tie add up, capped at 1."""
    return min(1.0, sum(parts))


# A team rolodex (core/team) shares a member's tie to a contact only as a band, the
# strongest whose floor it reaches; a colleague's path is ranked on the band's value.
BANDS = (("strong", 0.6), ("moderate", 0.3), ("weak", 0.0))
BAND_TIE = {"strong": 0.8, "moderate": 0.45, "weak": 0.15}


def band(s: float) -> str:
    """'strong', 'moderate' or 'weak' for a tie of strength ``s``."""
    return next(name for name, floor in BANDS if s >= floor)


def band_total(floor: float) -> float:
    """The sum of touch weights at which ``strength_from_sum`` reaches ``floor`` (no
    closeness): what the database compares when it computes bands from a member's log."""
    return -math.log(1.0 - floor) if floor > 0 else 0.0
