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

from rolodex.core.text import fold

LIMIT = 20  # answers of `rolodex search` unless --limit says otherwise


class Query:
    """What was typed, how many answers, and what the pre-filter may leave out. Immutable;
    a plain class (importing ``dataclasses`` costs ``mutt-query`` more than its query)."""

    __slots__ = ("text", "limit", "with_email", "deep", "prefilter")

    def __init__(self, text: str, limit: int | None = LIMIT, *, with_email: bool = False,
                 deep: bool = True, prefilter: bool = True) -> None:
        set_ = object.__setattr__
        set_(self, "text", text)
        set_(self, "limit", limit)  # None: every match
        set_(self, "with_email", with_email)  # only contacts with an email (mutt's book)
        # deep: the pre-filter also reads the address, URL and notes (their stored fold, a
        # scan of every contact: mutt's completion, name and email only, leaves it out)
        set_(self, "deep", deep)
        # prefilter: let the database pick the candidates (core/search/oneshot.py)
        set_(self, "prefilter", prefilter)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"a Query cannot be changed ({name})")

    def _key(self) -> tuple:
        return (self.text, self.limit, self.with_email, self.deep, self.prefilter)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Query) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return "Query(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"

    @property
    def words(self) -> list[str]:
        """The distinct folded words, in the order typed."""
        return list(dict.fromkeys(fold(self.text).split()))
