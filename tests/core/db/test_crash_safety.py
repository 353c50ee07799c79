"""kill -9 in the middle of a change leaves the rolodex whole: all of the change or none.

Each test runs the real ``rolodex`` command on a temporary file and kills it at several
moments: while it holds the write lock (the test sees its BEGIN IMMEDIATE: another
``BEGIN IMMEDIATE`` is refused), a few milliseconds into that, and after a delay. Then
``integrity_check``, ``foreign_key_check`` and the counts.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact
from rolodex.core.records.interactions import log_interaction

ROLODEX = Path(sys.executable).parent / "rolodex"
# (how: "lock" = once the process holds the write lock, "time" = after a delay; seconds)
MOMENTS = [("lock", 0.0), ("lock", 0.005), ("lock", 0.05), ("time", 0.3)]


def _spawn(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(ROLODEX), *args, "--db", str(db)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "100"})


def _holds_write_lock(db: Path) -> bool:
    con = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        con.execute("ROLLBACK")
        return False
    finally:
        con.close()


def kill_at(db: Path, args: tuple[str, ...], how: str, delay: float) -> int | None:
    """Run ``rolodex ARGS`` and kill -9 it at that moment; its exit code (negative: killed)."""
    proc = _spawn(db, *args)
    try:
        if how == "time":
            time.sleep(delay)
        else:
            while proc.poll() is None and not _holds_write_lock(db):
                time.sleep(0.001)
            time.sleep(delay)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
    return proc.returncode


def check(db: Path) -> sqlite3.Connection:
    """The file is a sound database; the connection for the counts."""
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    return con


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _each_moment(tmp_path, template: Path, args, verify) -> list[int | None]:
    codes = []
    for i, (how, delay) in enumerate(MOMENTS):
        db = tmp_path / f"run{i}.db"
        shutil.copy(template, db)  # the template is closed: a plain copy is consistent
        codes.append(kill_at(db, args, how, delay))
        con = check(db)
        try:
            verify(con)
        finally:
            con.close()
    assert any(c == -signal.SIGKILL for c in codes), codes  # some kills landed mid-change
    return codes


def _template(tmp_path, fill) -> Path:
    path = tmp_path / "template.db"
    s = Store(str(path))
    fill(s)
    s.close()  # the last connection: the -wal is checkpointed into the file and removed
    assert not Path(str(path) + "-wal").exists()
    return path


def test_kill_during_an_import_leaves_all_or_nothing(tmp_path):
    csv = tmp_path / "people.csv"
    csv.write_text("Name,E-mail,Company\n" + "".join(
        f"Person {i:04d},p{i}@example.com,Firm {i % 97}\n" for i in range(3000)),
        encoding="utf-8")
    template = _template(tmp_path, lambda s: add_contact(s, ContactIn(name="Ann Alder")))

    def verify(con):
        n = count(con, "contact")
        assert n in (1, 3001), n
        assert count(con, "contact_email") == n - 1

    _each_moment(tmp_path, template, ("import", "csv", str(csv)), verify)


def test_kill_during_a_demo_build_leaves_all_or_nothing(tmp_path):
    template = _template(tmp_path, lambda s: None)

    def verify(con):
        contacts, knows = count(con, "contact"), count(con, "knows")
        interactions = count(con, "interaction")
        assert contacts in (0, 2000), contacts
        if contacts == 0:
            assert (knows, interactions, count(con, "interaction_participant")) == (0, 0, 0)
        else:
            assert knows > 0 and interactions > 0

    _each_moment(tmp_path, template,
                 ("demo", "--contacts", "2000", "--no-tui", "--seed", "5"), verify)


def _two_to_merge(s) -> None:
    a = add_contact(s, ContactIn(name="Ann Alder", emails=["ann@a.com"], skills=["Go"]))
    b = add_contact(s, ContactIn(name="Ann Alder (old)", emails=["ann@old.com"],
                                 skills=[f"Skill {i}" for i in range(200)]))
    for i in range(300):
        log_interaction(s, "call", [a if i % 2 else b], f"call {i}")


def test_kill_during_a_merge_leaves_all_or_nothing(tmp_path):
    template = _template(tmp_path, _two_to_merge)

    def verify(con):
        contacts = count(con, "contact")
        assert contacts in (1, 2), contacts
        assert count(con, "interaction") == 300
        assert count(con, "interaction_participant") == 300
        owners = {c for (c,) in con.execute(
            "SELECT DISTINCT contact_id FROM interaction_participant")}
        emails = {e for (e,) in con.execute("SELECT value FROM contact_email")}
        assert emails == {"ann@a.com", "ann@old.com"}
        if contacts == 1:  # merged: everything is the kept contact's
            assert owners == {1}
            assert count(con, "contact_skill") == 201
        else:
            assert owners == {1, 2}

    _each_moment(tmp_path, template, ("merge", "#1", "#2"), verify)


def test_kill_during_an_edit_leaves_the_old_card_or_the_new_one(tmp_path):
    old_skills = [f"Old {i}" for i in range(150)]
    template = _template(tmp_path, lambda s: add_contact(s, ContactIn(
        name="Ann Alder", company="Acme", emails=[f"a{i}@acme.com" for i in range(50)],
        skills=old_skills)))
    new = ("edit", "#1", "--name", "Ann Birch", "--company", "Birchworks",
           *[x for i in range(50) for x in ("--email", f"b{i}@birch.com")],
           *[x for i in range(150) for x in ("--skill", f"New {i}")])

    def verify(con):
        name, company = con.execute("SELECT name, company FROM contact").fetchone()
        emails = {e for (e,) in con.execute("SELECT value FROM contact_email")}
        skills = {k for (k,) in con.execute(
            "SELECT s.name FROM skill s JOIN contact_skill cs ON cs.skill_id = s.id")}
        if name == "Ann Alder":
            assert company == "Acme"
            assert emails == {f"a{i}@acme.com" for i in range(50)}
            assert skills == set(old_skills)
        else:
            assert (name, company) == ("Ann Birch", "Birchworks")
            assert emails == {f"b{i}@birch.com" for i in range(50)}
            assert skills == {f"New {i}" for i in range(150)}

    _each_moment(tmp_path, template, new, verify)


@pytest.mark.parametrize("moment", MOMENTS[:1])
def test_the_rolodex_opens_and_writes_after_a_kill(tmp_path, moment):
    template = _template(tmp_path, _two_to_merge)
    db = tmp_path / "after.db"
    shutil.copy(template, db)
    kill_at(db, ("merge", "#1", "#2"), *moment)
    r = subprocess.run([str(ROLODEX), "log", "call", "#1", "-m", "after", "--db", str(db)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    con = check(db)
    try:
        assert count(con, "interaction") == 301
    finally:
        con.close()
