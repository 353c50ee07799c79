"""A full disk or a read-only file: one clear line, exit 1, nothing lost or half-written.

The full disk is a tiny tmpfs (needs root and permission to mount; skipped with the reason
otherwise). The read-only file is run as the user 'nobody' in a subprocess (needs root to
switch users; skipped otherwise). What the rolodex holds is compared with ``dump``.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sample_rolodex import fill
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.admin.dump import dump
from rolodex.core.db.store import Store

runner = CliRunner()
NOBODY = 65534


@pytest.fixture
def tiny_fs(tmp_path):
    """A 2 MB filesystem; ``fill_up(leave_kb)`` leaves only that much free."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()[:120]}")

    def fill_up(leave_kb: int) -> None:
        free = shutil.disk_usage(mnt).free
        with open(mnt / "filler", "wb") as fh:
            fh.write(b"\0" * max(0, free - leave_kb * 1024))

    fill_up.path = mnt
    yield fill_up
    gc.collect()  # close the engines the CLI runs left behind
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def content(db: Path, tmp: Path) -> bytes:
    s = Store(f"sqlite:///{db}")
    out = tmp / f"content-{len(list(tmp.glob('content-*')))}.jsonl"
    try:
        dump(s, out)
    finally:
        s.close()
    return out.read_bytes()


def _one_line(r) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.exit_code == 1, r.output
    assert len(lines) == 1, lines
    return lines[0]


def test_a_full_disk_saves_nothing_and_says_so(tiny_fs, tmp_path):
    db = tiny_fs.path / "rolodex.db"
    s = Store(f"sqlite:///{db}")
    fill(s)
    s.close()
    before = content(db, tmp_path)
    tiny_fs(60)
    line = _one_line(runner.invoke(app, ["--db", str(db), "add", "Big Note",
                                         "--note", "x" * 100_000]))
    assert str(db) in line and "disk is full" in line and "not saved" in line
    (tiny_fs.path / "filler").unlink()
    assert content(db, tmp_path) == before
    r = runner.invoke(app, ["--db", str(db), "check"])
    assert r.exit_code == 0, r.output


def test_a_restore_onto_a_full_disk_leaves_an_empty_rolodex(tiny_fs, tmp_path):
    src = Store(f"sqlite:///{tmp_path / 'src.db'}")
    fill(src)
    for i in range(60):  # a dump too big for the space left
        from rolodex.core.records.contacts import ContactIn, add_contact

        add_contact(src, ContactIn(name=f"Person {i}", notes="n" * 2000))
    dump(src, tmp_path / "d.jsonl")
    src.close()
    db = tiny_fs.path / "rolodex.db"
    Store(f"sqlite:///{db}").close()
    tiny_fs(60)
    line = _one_line(runner.invoke(app, ["--db", str(db), "restore",
                                         str(tmp_path / "d.jsonl")]))
    assert "disk is full" in line
    (tiny_fs.path / "filler").unlink()
    s = Store(f"sqlite:///{db}")
    from rolodex.core.admin.dump import is_empty

    assert is_empty(s)
    s.close()


def test_a_dump_onto_a_full_disk_keeps_the_old_dump_whole(tiny_fs, tmp_path):
    s = Store(f"sqlite:///{tmp_path / 'r.db'}")
    fill(s)
    s.close()
    out = tiny_fs.path / "d.jsonl"
    out.write_text("the old dump\n")
    tiny_fs(2)
    line = _one_line(runner.invoke(app, ["--db", str(tmp_path / "r.db"), "dump", str(out),
                                         "--force"]))
    assert str(out) in line and "No space left on device" in line
    assert "nothing was written" in line
    assert out.read_text() == "the old dump\n"
    assert sorted(p.name for p in tiny_fs.path.iterdir()) == ["d.jsonl", "filler"]


RUN_AS_NOBODY = """
import os, sys
# everything the commands import lazily, loaded while root can still read the venv
import rolodex.cli.app, rolodex.core.records.contacts, rolodex.core.records.interactions
import rolodex.core.profile
import rolodex.core.admin.check, rolodex.core.admin.dump, rolodex.core.admin.erase
import rapidfuzz.fuzz, rapidfuzz.process, sqlalchemy.dialects.sqlite.pysqlite
os.setgroups([]); os.setgid(%d); os.setuid(%d)
from rolodex.cli.app import app
app(args=sys.argv[1:], prog_name="rolodex")
""" % (NOBODY, NOBODY)


def test_a_read_only_file_is_refused_in_one_line_and_stays_as_it_was(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("switching to the user nobody needs root")
    folder = Path(tempfile.mkdtemp(prefix="rolodex-ro-"))
    try:
        db = folder / "rolodex.db"
        s = Store(f"sqlite:///{db}")
        fill(s)
        s.close()
        before = db.read_bytes()
        os.chmod(db, 0o444)
        os.chmod(folder, 0o555)
        for args in (["add", "Newbie"], ["log", "call", "zoe", "-m", "hi"],
                     ["erase", "zoe"], ["check", "--repair"]):
            r = subprocess.run([sys.executable, "-c", RUN_AS_NOBODY, "--db", str(db), *args],
                               capture_output=True, text=True, cwd="/",
                               env={"HOME": "/nonexistent", "PATH": "/usr/bin:/bin"})
            if r.returncode != 0 and "PermissionError" in r.stderr and "setuid" in r.stderr:
                pytest.skip("not permitted to switch to the user nobody")
            lines = r.stderr.strip().splitlines()
            assert r.returncode == 1, (args, r.stderr)
            assert len(lines) == 1, (args, lines)
            assert str(db) in lines[0] and "readonly" in lines[0], lines[0]
        assert db.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["rolodex.db"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)
