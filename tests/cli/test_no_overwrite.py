"""No silent overwrite: export and backup refuse an existing file unless --force, and then
replace it whole (written beside, synced, renamed: never half a file)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.errors import RolodexError
from rolodex.core.files import write_new


def run(*args):
    r = CliRunner().invoke(app, [str(a) for a in args])
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "r.db"
    assert run("--db", path, "add", "Ann Smith", "--email", "ann@example.com")[0] == 0
    return path


@pytest.mark.parametrize("cmd", [["export", "vcard"], ["export", "csv"], ["backup"]])
def test_existing_file_is_refused_then_replaced_with_force(db, tmp_path, cmd):
    precious = tmp_path / "precious.vcf"
    precious.write_bytes(b"the only other copy\n")
    code, out, err = run("--db", db, *cmd, precious)
    assert code == 1
    assert err.strip() == f"rolodex: {precious}: already exists; nothing written (--force " \
                          "replaces it)"
    assert precious.read_bytes() == b"the only other copy\n"
    assert not list(tmp_path.glob(".*.part"))

    code, out, err = run("--db", db, *cmd, precious, "--force")
    assert code == 0, err
    data = precious.read_bytes()
    if cmd == ["backup"]:
        with sqlite3.connect(precious) as conn:
            assert conn.execute("SELECT name FROM contact").fetchall() == [("Ann Smith",)]
    else:
        assert b"Ann Smith" in data
    assert not list(tmp_path.glob(".*.part"))


def test_new_file_needs_no_force(db, tmp_path):
    assert run("--db", db, "export", "vcard", tmp_path / "new.vcf")[0] == 0
    assert b"BEGIN:VCARD" in (tmp_path / "new.vcf").read_bytes()
    assert run("--db", db, "backup", tmp_path / "new.db")[0] == 0


def test_a_failure_midway_leaves_the_old_file_and_no_part(tmp_path):
    dest = tmp_path / "out.txt"
    dest.write_text("old")

    def fill(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError(28, "No space left on device")

    with pytest.raises(RolodexError, match="No space left on device"):
        write_new(dest, fill, force=True)
    assert dest.read_text() == "old"
    assert not list(tmp_path.glob(".*.part"))


def test_folder_and_missing_folder(db, tmp_path):
    code, _, err = run("--db", db, "export", "csv", tmp_path)
    assert code == 1 and "is a folder" in err
    code, _, err = run("--db", db, "backup", tmp_path / "nope" / "b.db")
    assert code == 1 and "no such folder" in err
