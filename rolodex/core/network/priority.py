"""Queries first: a long build in one thread gives way while a query runs in another.

CPython runs one thread's bytecode at a time, so a query answered while the whole network
is still loading (the TUI's who-can right after start-up: ``build_around``, a fraction of
the work) would otherwise share the interpreter half and half with that load and take about
twice as long, or more. The query holds ``asking()`` while it runs; the build calls
``give_way()`` between steps (every few thousand rows), which waits until no query is
running. A query never waits for the build: the build only pauses, then resumes where it
was; a build with no query running pays one uncontended lock a call.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
STEP = 2000  # rows between two give_way() calls while a build reads


class Priority:
    def __init__(self) -> None:
        self._idle = threading.Condition()
        self._asking = 0

    @contextmanager
    def asking(self) -> Iterator[None]:
        """Hold while a query runs: builds calling ``give_way`` wait until it ends."""
        with self._idle:
            self._asking += 1
        try:
            yield
        finally:
            with self._idle:
                self._asking -= 1
                if not self._asking:
                    self._idle.notify_all()

    @property
    def busy(self) -> bool:
        return self._asking > 0

    def give_way(self) -> None:
        """Return once no query is running (at once when none is)."""
        with self._idle:
            while self._asking:
                self._idle.wait()

    def paced(self, rows: Iterable[T], step: int = STEP) -> Iterator[T]:
        """``rows``, giving way every ``step`` of them."""
        for i, row in enumerate(rows):
            if i % step == 0:
                self.give_way()
            yield row
