"""``collector_paused()``: the cyclic garbage collector off while a burst of small objects
is made (an import's records, a who-can built around a query); ``for_a_screen()``: its
thresholds for a long-running interactive process (the TUI).

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


# A keystroke on the TUI makes some ten thousand short-lived tracked objects (Textual's
# strips, segments and styles, the filter's lists of ids). At CPython's default threshold
# (700) the youngest generation was collected about fifteen times a keystroke, each pass
# walking the 100,000-id lists a filter had just made, and what survived was promoted so
# fast that a full collection came every few keystrokes: 2.1 s of collections over the
# bench's 380 filter keystrokes at 100,000 contacts, some 40 ms at a time. Collected every
# 10,000 allocations instead, most of those objects are gone before a pass looks at them
# (bench/bench_tui.py: half the collection time; the p90 keystroke 2.9x -> 2.3x the
# cursor move). What waits for the larger pass is a few megabytes at most.
SCREEN_THRESHOLDS = (10_000, 10, 10)


def for_a_screen() -> None:
    """The collector's thresholds for an interactive process (see SCREEN_THRESHOLDS)."""
    gc.set_threshold(*SCREEN_THRESHOLDS)


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
