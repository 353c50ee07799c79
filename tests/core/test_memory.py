"""The collector's policy per process (core/memory.py): off for a one-shot command and its
final passes skipped at exit, on for the TUI, pauses nesting inside either."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from rolodex.core import memory

# atexit runs handlers last-registered first: this one, registered before main(), runs
# after the command's own, so it sees what the interpreter's final passes would see
PROBE = """
import atexit, gc, sys
import rolodex.tui.launch as launch
launch.main = lambda db: 0
atexit.register(lambda: print("collector", gc.isenabled(), "frozen", gc.get_freeze_count() > 0))
from rolodex.__main__ import main
main(sys.argv[1:])
"""


def _probe(*args: str) -> str:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, timeout=60, check=False)
    return done.stdout.strip().splitlines()[-1]


def test_a_one_shot_command_runs_without_the_collector_and_skips_its_passes_at_exit(tmp_path):
    db = tmp_path / "r.db"
    assert _probe("--db", str(db), "add", "Ada Lovelace") == "collector False frozen True"
    assert _probe("--db", str(db), "search", "ada") == "collector False frozen True"


def test_the_tui_keeps_the_collector():
    assert _probe() == "collector True frozen False"


@pytest.fixture
def restore_collector():
    was, thresholds = gc.isenabled(), gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    (gc.enable if was else gc.disable)()


def test_a_screen_turns_the_collector_back_on_after_a_command_turned_it_off(
        restore_collector, monkeypatch):
    monkeypatch.setattr(memory.atexit, "register", lambda fn: None)  # not this test process
    memory.for_one_command()
    assert not gc.isenabled()
    with memory.collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the pause ends as it found the collector: off
    memory.for_a_screen()
    assert gc.isenabled() and gc.get_threshold() == memory.SCREEN_THRESHOLDS


def test_a_screen_opened_inside_a_pause_turns_the_collector_on_when_the_pause_ends(
        restore_collector, monkeypatch):
    monkeypatch.setattr(memory.atexit, "register", lambda fn: None)
    memory.for_one_command()
    with memory.collector_paused():
        memory.for_a_screen()
        assert not gc.isenabled()
    assert gc.isenabled()
