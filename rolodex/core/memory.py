"""``collector_paused()``: the cyclic garbage collector off while a burst of small objects
is made (an import's records, a who-can built around a query); ``for_one_command()``: off
for a whole one-shot command; ``for_a_screen()``: on, at thresholds for a long-running
interactive process (the TUI).

Tens of thousands of new tuples, lists and sets make CPython's cyclic collector run again
and again, each full pass rescanning everything the process holds (the TUI's index, the
network): a third of an import, 40% of a who-can built at 100,000 contacts. Nothing these
bursts make holds a cycle, and reference counting still frees every object, so the pause
loses nothing. The switch is process-wide: nested or concurrent pauses (two threads) end
when the last one does, and the collector is turned back on only if it was on before the
first.
"""

from __future__ import annotations

import atexit
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
    """The collector on, at the thresholds for an interactive process (SCREEN_THRESHOLDS),
    whatever the command that opened the screen set (``rolodex demo`` builds, then opens
    the TUI); a pause in progress turns it on when it ends."""
    global _was_on
    gc.set_threshold(*SCREEN_THRESHOLDS)
    with _lock:
        if _depth:
            _was_on = True
        else:
            gc.enable()


# A one-shot command (every ``rolodex`` command but the TUI) imports SQLAlchemy, pydantic
# and SQLModel, some 300,000 objects, and the collector kept walking them: 163 young, 15
# middle and one full pass while ``rolodex log`` ran (49 ms of its 370 ms, by gc.callbacks),
# then the interpreter's final passes at exit (60 ms more: `python -c "import sqlmodel"`
# takes 296 ms, 242 ms with ``gc.freeze()`` at exit). Reference counting still frees every
# object that is not in a cycle; what is in one waits for the exit, which frees the whole
# process, and a command's bursts run without the collector already (collector_paused).
def for_one_command() -> None:
    """The collector off for the rest of this process, and its final passes at exit
    skipped (``gc.freeze()`` from atexit: the objects it holds then are never walked)."""
    global _was_on
    with _lock:
        if _depth:
            _was_on = False
        else:
            gc.disable()
    atexit.register(gc.freeze)


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
