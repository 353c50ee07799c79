"""The layers hold: `lint-imports` keeps the contracts in pyproject.toml (rolodex.core and
rolodex.interchange import no textual, rich, typer, rolodex.tui or rolodex.cli, and no
import cycle among their modules, not even one hidden in a function), and it would catch
a break of either."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def lint(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run([str(LINT), "--no-cache", "--config", str(cwd / "pyproject.toml")],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_the_import_contracts_are_kept():
    r = lint(ROOT, ROOT)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Contracts: 3 kept, 0 broken." in r.stdout


def test_the_contracts_catch_a_ui_import_and_a_hidden_cycle(tmp_path):
    shutil.copytree(ROOT / "rolodex", tmp_path / "rolodex",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    ties = tmp_path / "rolodex" / "core" / "ties.py"
    ties.write_text(ties.read_text() + "\n\ndef _ui():\n    import typer\n\n    return typer\n")
    paths = tmp_path / "rolodex" / "core" / "network" / "paths.py"
    paths.write_text(paths.read_text()
                     + "\n\ndef _hidden():\n    from . import graph\n\n    return graph\n")
    r = lint(tmp_path, tmp_path)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Contracts: 1 kept, 2 broken." in r.stdout
    assert "rolodex.core.ties -> typer" in r.stdout
    assert "- .paths -> .graph" in r.stdout.split(
        "No cycles are allowed in rolodex.core.network.")[1]
