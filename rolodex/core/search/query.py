"""One search concept: a ``Query`` is what was typed and how many answers are wanted, run
by one engine (``ContactIndex``: the same words, fields, tiers and typo rule) for the TUI
filter, ``rolodex search`` and ``mutt-query`` alike. What differs is only where the
candidates come from: the TUI keeps every contact in memory; the one-shot commands let
the database pick the few rows that could match (``prefilter``, core/search/oneshot.py)
and rank those in a small index, so that results and scores agree with the TUI; the
pre-filter's parameters (``with_email``, ``deep``) say which rows it may leave out.

A word matches a contact when it is inside the folded name, company, title, an email, a
skill, a tag, the location or address, the URL or the notes (all words required; typos:
core/search/fuzzy.py); ranking: name > company and title > place > email, skill and tag >
URL and notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rolodex.core.text import fold

LIMIT = 20  # answers of `rolodex search` unless --limit says otherwise


@dataclass(frozen=True)
class Query:
    text: str
    limit: int | None = LIMIT  # None: every match
    with_email: bool = False  # only contacts with an email address (mutt's address book)
    deep: bool = True  # the pre-filter also reads the address, URL and notes (a scan that
    # folds every row with accents: mutt's completion leaves it out to stay fast)
    prefilter: bool = True  # let the database pick the candidates (SQLite; PostgreSQL for
    # with_email, where the address and notes are compared without folding accents)

    @property
    def words(self) -> list[str]:
        """The distinct folded words, in the order typed."""
        return list(dict.fromkeys(fold(self.text).split()))
