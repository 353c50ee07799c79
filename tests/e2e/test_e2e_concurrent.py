"""The TUI open while scripts write: the real app (Pilot, in this process) and the real
``rolodex`` command (subprocesses) on one file, both writing and reading, many rounds.

Every row is there exactly once, no dialog ever shows an error, the -wal is never pulled
from under the open TUI, and the TUI ends up showing what the scripts wrote.
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

from tui.conftest import SIZE, fixed_clock, press, select_contact, settle, type_text

from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.tui.app import make_app
from rolodex.tui.config import Config
from rolodex.tui.dialogs.error import ErrorScreen
from rolodex.tui.dialogs.log_modal import LogModal
from rolodex.tui.widgets.interaction_log import InteractionLog

ROLODEX = Path(sys.executable).parent / "rolodex"
ROUNDS = 8
LOOP = 12  # calls logged by the background script while the rounds run


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLODEX), *args, "--db", str(db)], capture_output=True,
                          text=True, timeout=120)


def _summaries(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [s for (s,) in con.execute("SELECT summary FROM interaction ORDER BY id")]
    finally:
        con.close()


def test_tui_and_cli_write_one_file_at_once(tmp_path):
    db = tmp_path / "shared.db"
    seed = Store(str(db))
    ann = add_contact(seed, ContactIn(name="Ann Alder"))
    seed.close()
    wal = Path(str(db) + "-wal")

    async def scenario():
        app = make_app(str(db), clock=fixed_clock, build_network=False,
                       config=Config(path=tmp_path / "config.toml"))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await select_contact(pilot, ann)
            loop = subprocess.Popen(
                ["sh", "-c", f'for i in $(seq 1 {LOOP}); do "{ROLODEX}" log call "#{ann}" '
                             f'-m "loop-$i" --db "{db}" || exit 1; done'],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(ROUNDS):
                await press(pilot, "c")
                assert isinstance(app.screen, LogModal)
                await type_text(pilot, f"tui-{n}")
                await press(pilot, "enter")
                assert not isinstance(app.screen, (LogModal, ErrorScreen)), (
                    n, str(app.screen.query_one("#log-error").render())
                    if isinstance(app.screen, LogModal) else app.screen)
                assert wal.exists(), f"round {n}: the -wal is gone"
                r = await asyncio.to_thread(_cli, db, "show", f"#{ann}")
                assert r.returncode == 0, r.stderr
                r = await asyncio.to_thread(_cli, db, "log", "email", f"#{ann}", "-m",
                                            f"cli-{n}")
                assert r.returncode == 0, r.stderr
                assert wal.exists(), f"round {n}: the CLI removed the -wal"
            _, err = await asyncio.to_thread(loop.communicate, timeout=300)
            assert loop.returncode == 0, err
            want = 2 * ROUNDS + LOOP
            log = app.screen.query_one(InteractionLog)
            for _ in range(150):  # the watch's next looks bring in the scripts' rows
                if len(log.items) == want:
                    break
                await pilot.pause(0.1)
            await settle(pilot)
            assert not isinstance(app.screen, ErrorScreen)
            shown = sorted(i.summary for i in log.items)
            assert wal.exists()
            app.close_store()
            return shown

    shown = asyncio.run(scenario())
    want = sorted([f"tui-{n}" for n in range(ROUNDS)] + [f"cli-{n}" for n in range(ROUNDS)]
                  + [f"loop-{i}" for i in range(1, LOOP + 1)])
    assert sorted(_summaries(db)) == want  # each exactly once
    assert shown == want
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
