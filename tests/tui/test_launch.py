"""``rolodex`` and ``rolodex --db X`` open the TUI without typer; the rest goes to typer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rolodex.__main__ import _tui_db

PROBE = """
import sys
import rolodex.tui.launch as launch
launch.main = lambda db: print(repr(db), "typer" in sys.modules) or 0
from rolodex.__main__ import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize("args, expected", [
    ([], (True, None)),
    (["--db", "/tmp/x.db"], (True, "/tmp/x.db")),
    (["--db=sqlite:///x.db"], (True, "sqlite:///x.db")),
    (["--db", "--help"], (False, None)),
    (["--db"], (False, None)),
    (["--db="], (False, None)),
    (["--help"], (False, None)),
    (["--version"], (False, None)),
    (["--db", "x.db", "list"], (False, None)),
    (["list"], (False, None)),
    (["demo"], (False, None)),
])
def test_which_arguments_open_the_tui_directly(args, expected):
    assert _tui_db(args) == expected


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                          text=True, timeout=60)


def test_plain_rolodex_opens_the_tui_without_typer():
    out = _run("--db", "/tmp/elsewhere.db")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["'/tmp/elsewhere.db'", "False"]
    assert _run().stdout.split() == ["None", "False"]


def test_help_version_and_errors_still_go_to_typer():
    assert "Usage" in _run("--help").stdout
    version = _run("--version")
    assert version.returncode == 0 and version.stdout.startswith("rolodex ")
    bad = _run("--no-such-option")
    assert bad.returncode == 2 and "No such option" in bad.stderr


def test_a_failure_to_open_is_one_line_and_the_exit_code(monkeypatch, capsys):
    from rolodex.core.errors import StoreError
    from rolodex.tui import app as tui_app
    from rolodex.tui import launch

    def broken(db):
        raise StoreError(f"cannot open {db}: disk on fire")

    monkeypatch.setattr(tui_app, "run", broken)
    assert launch.main("/tmp/x.db") == StoreError.exit_code
    err = capsys.readouterr().err
    assert err == "rolodex: cannot open /tmp/x.db: disk on fire\n"
