"""``collector_paused()``: the cyclic garbage collector off while a burst of small objects
is made (an import's records, a who-can built around a query).

Tens of thousands of new tuples, lists and sets make CPython's cyclic collector run again
and again, each full pass rescanning everything the process holds (the TUI's index, the
network): a third of an import, 40% of a who-can built at 100,000 contacts. Nothing these
bursts make holds a cycle, and reference counting still frees every object, so the pause
loses nothing. The switch is process-wide: nested or concurrent pauses (two threads) end
when the last one does, and the collector is turned back on only if it was on before the
first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_on = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_on
    with _lock:
        if _depth == 0:
            _was_on = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_on:
                gc.enable()
