"""One-to-many sends: the monthly newsletter and the website announcements. They reach
many confirmed contacts at once and are logged with ``one_to_many=True``, so they count as
reach but never as a one-to-one touch or a tie."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from . import shape
from .history import Log
from .people import People
from .summaries import NEWSLETTER, WEBSITE

MONTH_DAYS = 30.44


def make_sends(rng: random.Random, people: People, log: Log, now: datetime) -> None:
    persons = people.persons
    confirmed = [p.idx for p in persons if p.confirmed]
    if not confirmed:
        return
    subscribers = sorted(rng.sample(confirmed, round(shape.NEWSLETTER_SHARE * len(confirmed))))
    for i in subscribers:
        persons[i].tags.append("newsletter")
    sub_set = set(subscribers)
    rest = [i for i in confirmed if i not in sub_set]
    audience = rng.sample(rest, min(len(rest), round(shape.WEB_AUDIENCE_SHARE * len(confirmed))))
    per_send = min(len(audience), round(shape.WEB_SEND_SHARE * len(confirmed)))

    for k in range(shape.NEWSLETTER_MONTHS):
        at = (now - timedelta(days=9 + round(MONTH_DAYS * k))).replace(
            hour=7, minute=30, second=0, microsecond=0)
        who = [i for i in subscribers if persons[i].added_at < at]
        if who:
            text = f"Newsletter {at:%B %Y}: {rng.choice(NEWSLETTER)}"
            log.add("email", at, text, who, one_to_many=True, direction="out")
    for k in range(shape.WEB_MONTHS):
        at = (now - timedelta(days=17 + round(MONTH_DAYS * k))).replace(
            hour=11, minute=0, second=0, microsecond=0)
        who = sorted(i for i in rng.sample(audience, per_send) if persons[i].added_at < at)
        if who:
            log.add("other", at, f"Website: {rng.choice(WEBSITE)}", who, one_to_many=True,
                    direction="out")
