"""What the demo gives Today to show: birthdays and follow-ups, from a random stream of
their own (the rest of the demo is the same with or without them).

- birthdays: 1% of the people known directly (15% of the personal ones), three in five
  with the year, the rest partial (``--MM-DD``, as phones export them);
- follow-ups: about one in three one-to-one calls, emails and meetings of the last three
  weeks asks for one, 3 to 14 days after it (those followed by a later entry are closed, as in
  real use: the writer's own rule decides).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from .history import Log
from .people import People

BIRTHDAY_SHARE = 0.01
PERSONAL_BIRTHDAY_SHARE = 0.15
FOLLOW_UP_SHARE = 0.3
FOLLOW_UP_WINDOW = timedelta(days=21)


def birthdays(rng: random.Random, people: People) -> dict[int, str]:
    """person index -> birthday ('YYYY-MM-DD' or '--MM-DD')."""
    out = {}
    for p in people.persons:
        share = PERSONAL_BIRTHDAY_SHARE if p.category == "personal" else BIRTHDAY_SHARE
        if not p.known_directly or rng.random() >= share:
            continue
        day = date(2001, 1, 1) + timedelta(days=rng.randrange(365))
        if rng.random() < 0.6:
            out[p.idx] = f"{rng.randint(1950, 1999)}-{day:%m-%d}"
        else:
            out[p.idx] = f"--{day:%m-%d}"
    return out


def follow_ups(rng: random.Random, log: Log, now: datetime) -> dict[int, date]:
    """log index -> the day to follow up by."""
    out = {}
    since = now - FOLLOW_UP_WINDOW
    for k, at in enumerate(log.at):
        if (at >= since and not log.one_to_many[k] and log.kind[k] in ("call", "email", "meeting")
                and rng.random() < FOLLOW_UP_SHARE):
            out[k] = at.date() + timedelta(days=rng.choice((3, 5, 7, 10, 14)))
    return out
