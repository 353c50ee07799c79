"""Completion for the form fields: the last comma-separated item of a list field from a
vocabulary (skills, tags), and contact names from the index."""

from __future__ import annotations

from textual.suggester import Suggester

from rolodex.core.text import fold


class ListSuggester(Suggester):
    """Completes the item being typed after the last comma from ``words``."""

    def __init__(self, words: list[str] | None = None) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.set_words(words or [])

    def set_words(self, words: list[str]) -> None:
        self._words = sorted({(fold(w), w) for w in words if w.strip()})

    async def get_suggestion(self, value: str) -> str | None:
        return self.complete(value)

    def complete(self, value: str) -> str | None:
        head, sep, last = value.rpartition(",")
        typed = last.lstrip()
        if len(typed) < 1:
            return None
        key = fold(typed)
        have = {fold(x) for x in head.split(",")} if sep else set()
        for folded, word in self._words:
            if folded.startswith(key) and folded != key and folded not in have:
                return value + word[len(typed):]
        return None


class ContactSuggester(Suggester):
    """Completes a contact's name from the app's index (best match that starts alike)."""

    def __init__(self, app) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.app = app

    async def get_suggestion(self, value: str) -> str | None:
        index = self.app.index
        if index is None or len(value.strip()) < 2:
            return None
        key = fold(value)
        with self.app.index_lock:
            for cid in index.filter(value, limit=20):
                name = index.row(cid).name
                if fold(name).startswith(key) and len(name) > len(value):
                    return value + name[len(value):]
        return None
