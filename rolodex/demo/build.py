"""Build the demo rolodex into a store: generate, then write everything in one
transaction on the Core fast path (a failure leaves nothing behind)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import daily, shape
from .extras import closeness_and_cadence, endorsements, introductions
from .history import make_history
from .network import make_network
from .people import make_people
from .sends import make_sends
from .vocab import load_vocab

DEFAULT_CONTACTS = shape.ARTICLE_CONTACTS
DEFAULT_SEED = 2003
MIN_CONTACTS = 100

Progress = Callable[[int, int], None]


@dataclass
class DemoSummary:
    contacts: int
    confirmed: int
    knows: int
    interactions: int
    participants: int
    endorsements: int
    introductions: int
    seed: int
    seconds: float
    url: str


class _Steps:
    """Reports progress(done, total) in fixed steps: generation, then each table written."""

    TOTAL = 100

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.done = 0

    def to(self, done: int) -> None:
        self.done = max(self.done, min(done, self.TOTAL))
        if self.progress is not None:
            self.progress(self.done, self.TOTAL)


def generate(contacts: int, seed: int, now, to=lambda pct: None):
    """(people, network, log, endorsements, introductions) of the demo: the same seed and
    the same ``now`` give the same data."""
    vocab = load_vocab()
    people = make_people(random.Random(f"{seed}:people"), vocab, contacts, now)
    to(15)
    net = make_network(random.Random(f"{seed}:network"), people)
    to(22)
    log = make_history(random.Random(f"{seed}:history"), people, net, now)
    make_sends(random.Random(f"{seed}:sends"), people, log, now)
    closeness_and_cadence(random.Random(f"{seed}:cadence"), people, net, log, now)
    ends = endorsements(random.Random(f"{seed}:endorse"), people, net, now)
    intros = introductions(random.Random(f"{seed}:intros"), people, net, now)
    to(35)
    return people, net, log, ends, intros


def build_demo(store, contacts: int = DEFAULT_CONTACTS, seed: int = DEFAULT_SEED,
               progress: Progress | None = None, *, replace: bool = False) -> DemoSummary:
    """Generate a demo rolodex of ``contacts`` people into ``store`` (same seed and same
    ``store.now()`` give the same data). Refuses a store that has contacts unless
    ``replace``, which deletes them in the same transaction."""
    from rolodex.core.errors import RolodexError, UsageError
    from rolodex.core.records.contacts import count_contacts

    from .write import write_all

    if contacts < MIN_CONTACTS:
        raise UsageError(f"--contacts: a demo needs at least {MIN_CONTACTS} contacts")
    if not replace:
        have = count_contacts(store, include_archived=True)
        if have:
            plural = "s" if have != 1 else ""
            raise RolodexError(f"{store.where()} already has {have:,} contact{plural}; "
                               "the demo goes into an empty rolodex (--force replaces it)")
    t0 = time.perf_counter()
    steps = _Steps(progress)
    steps.to(0)
    now = store.now()
    people, net, log, ends, intros = generate(contacts, seed, now, steps.to)
    days = random.Random(f"{seed}:daily")
    born, follow = daily.birthdays(days, people), daily.follow_ups(days, log, now)
    counts = write_all(store, people, net, log, ends, intros, now, replace=replace,
                       step=lambda frac: steps.to(35 + round(65 * frac)),
                       birthdays=born, follow_ups=follow)
    steps.to(steps.TOTAL)
    store.notify("demo", None)
    return DemoSummary(
        contacts=len(people.persons), confirmed=sum(p.confirmed for p in people.persons),
        knows=len(net.edges), interactions=len(log), participants=counts["participants"],
        endorsements=len(ends), introductions=len(intros), seed=seed,
        seconds=round(time.perf_counter() - t0, 2), url=store.url,
    )
