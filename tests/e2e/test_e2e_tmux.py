"""End to end: the installed ``rolodex`` in tmux at 120x40 on a temporary rolodex. Filter,
log a call with ``c``, quit with ``q``, and check the database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

ROLODEX = Path(sys.executable).parent / "rolodex"


class Tmux:
    def __init__(self, tmp: Path, env: dict[str, str]):
        self.sock = f"rolodex-e2e-{uuid.uuid4().hex[:8]}"
        self.env = env
        self.tmp = tmp

    def run(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(["tmux", "-L", self.sock, *args], capture_output=True,
                             text=True, check=check, env=self.env)
        return out.stdout

    def start(self, command: str) -> None:
        self.run("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", command)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "e2e", check=False)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", "e2e", *(["-l"] if literal else []), *keys)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        end = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < end:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared on screen:\n{screen}")

    def alive(self) -> bool:
        return "e2e" in self.run("list-sessions", check=False)

    def kill(self) -> None:
        self.run("kill-server", check=False)


@pytest.fixture
def rolodex_env(tmp_path):
    from tui.conftest import build_small

    from rolodex.core.db.store import Store

    db = tmp_path / "e2e.db"
    store = Store(str(db))
    ids = build_small(store)
    store.close()
    # these walk the contact list; the start on Today has Pilot tests of its own
    (tmp_path / "config" / "rolodex").mkdir(parents=True)
    (tmp_path / "config" / "rolodex" / "config.toml").write_text('start = "contacts"\n')
    env = {**os.environ, "HOME": str(tmp_path / "home"), "ROLODEX_DB": str(db),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "xterm-256color"}
    return db, ids, env


def test_filter_log_a_call_and_quit(rolodex_env, tmp_path):
    from rolodex.core.db.store import Store
    from rolodex.core.records.interactions import list_interactions

    db, ids, env = rolodex_env
    assert ROLODEX.exists(), f"{ROLODEX} is not installed"
    tmux = Tmux(tmp_path, env)
    marker = tmp_path / "exited"
    tmux.start(f"{ROLODEX}; echo $? > {marker}; sleep 30")
    try:
        tmux.wait_for("Contacts 6")
        tmux.keys("/")
        tmux.keys("hopper", literal=True)
        tmux.wait_for("Contacts 1 of 6")
        tmux.keys("Enter")
        tmux.wait_for("Grace Hopper · Admiral, Navy")
        tmux.keys("c")
        tmux.wait_for("Log with Grace Hopper")
        tmux.keys("Talked about the e2e test", literal=True)
        tmux.keys("Enter")
        tmux.wait_for("Talked about the e2e test")
        screen = tmux.wait_for("last touch today")
        assert "Log with" not in screen
        tmux.keys("q")
        end = time.monotonic() + 15
        while not marker.exists() and time.monotonic() < end:
            time.sleep(0.1)
        assert marker.read_text().strip() == "0"
    finally:
        tmux.kill()
    store = Store(str(db))
    try:
        newest = list_interactions(store, ids["Grace Hopper"])[0]
        assert (newest.kind, newest.summary) == ("call", "Talked about the e2e test")
        assert [cid for cid, _n in newest.participants] == [ids["Grace Hopper"]]
    finally:
        store.close()


def test_keys_typed_in_one_burst_go_where_focus_was(rolodex_env, tmp_path):
    """A real terminal delivers a burst at once: `c` Burst 1 shift+tab -2d enter logs
    "Burst 1" two days ago; `/` gabriela, two backspaces, lla filters "gabriella"."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.interactions import list_interactions

    db, ids, env = rolodex_env
    tmux = Tmux(tmp_path, env)
    tmux.start(f"{ROLODEX}; sleep 30")
    try:
        tmux.wait_for("Contacts 6")  # the first frame: the index is still loading
        tmux.keys("/", "hoppxy", "BSpace", "BSpace", "er", "Enter")
        tmux.wait_for("Grace Hopper · Admiral, Navy")
        for i in (1, 2, 3):
            tmux.keys("c", f"Burst {i}", "BTab", "-2d", "Enter")
            end = time.monotonic() + 20
            while "Log with" in tmux.screen() or f"Burst {i}" not in tmux.screen():
                assert time.monotonic() < end, tmux.screen()
                time.sleep(0.1)
        screen = tmux.wait_for("Contacts 1 of 6")
        assert "│ hopper " in screen
    finally:
        tmux.kill()
    store = Store(str(db))
    try:
        got = [(i.summary, i.at.date()) for i in list_interactions(store, ids["Grace Hopper"])
               if i.summary.startswith("Burst")]
        two_days_ago = (store.now() - __import__("datetime").timedelta(days=2)).date()
        assert sorted(got) == [(f"Burst {i}", two_days_ago) for i in (1, 2, 3)]
    finally:
        store.close()
