"""Two programs on one rolodex at once: writers wait for each other instead of refusing,
a process never pulls the -wal from under another, and a watcher sees the others' writes.

Real processes and real databases (SQLite files, the PostgreSQL test server); no mocks.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from rolodex.core.db import fastread
from rolodex.core.db import store as store_mod
from rolodex.core.db.store import Busy, Conflict, Store
from rolodex.core.errors import StoreError
from rolodex.core.records.contacts import ContactIn, add_contact, count_contacts
from rolodex.core.records.interactions import log_interaction

ROLODEX = Path(sys.executable).parent / "rolodex"


def _env(**extra) -> dict:
    return {**os.environ, **extra}


def _rolodex(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROLODEX), *args], capture_output=True, text=True,
                          env=_env(**env), timeout=120)


def _interactions(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [s for (s,) in con.execute("SELECT summary FROM interaction ORDER BY id")]
    finally:
        con.close()


# -- one process must never drop another connection's locks --------------------------------

def test_a_read_connection_opened_and_closed_keeps_the_wal_of_the_open_store(tmp_path):
    """The TUI's process holds the store open and opens/closes fast read connections (the
    first page, the index, each refresh); a CLI run on the same file then exits. Before,
    fastread read the header with open()/close(), which dropped every POSIX lock of the
    process: the CLI deleted -wal/-shm and the store's next write was a disk I/O error."""
    db = tmp_path / "r.db"
    s = Store(str(db))
    try:
        cid = add_contact(s, ContactIn(name="Ann Alder"))
        log_interaction(s, "call", [cid], "a")
        for _ in range(3):
            fastread.connect(s.url).close()  # what the index load and each refresh do
            Store(str(db)).close()  # a second Store in the process (its file checks)
            r = _rolodex("show", "#1", "--db", str(db))
            assert r.returncode == 0, r.stderr
            assert Path(str(db) + "-wal").exists(), "the other process removed the -wal"
            log_interaction(s, "call", [cid], "b")
        assert _interactions(db) == ["a", "b", "b", "b"]
    finally:
        s.close()


def test_a_file_that_is_not_sqlite_is_still_refused(tmp_path):
    f = tmp_path / "notes.db"
    f.write_text("hello, this is not a database at all\n" * 10)
    with pytest.raises(StoreError, match="not an SQLite file"):
        Store(str(f))
    with pytest.raises(StoreError, match="not an SQLite file"):
        fastread.connect(str(f))
    assert f.read_text().startswith("hello")


# -- writers wait for each other -------------------------------------------------------------

def _hold_write_lock(db: Path, seconds: float, started: threading.Event) -> threading.Thread:
    def hold():
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        started.set()
        threading.Event().wait(seconds)
        con.execute("COMMIT")
        con.close()

    t = threading.Thread(target=hold)
    t.start()
    return t


def test_a_writer_retries_past_the_busy_timeout_until_the_lock_is_free(tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    s = Store(str(db))
    cid = add_contact(s, ContactIn(name="Ann Alder"))
    s.close()
    monkeypatch.setattr(store_mod, "BUSY_STEP_MS", 100)  # SQLite's own wait: 0.1 s a time
    s = Store(str(db), busy_timeout_ms=20_000)
    started = threading.Event()
    holder = _hold_write_lock(db, 1.0, started)  # ten of SQLite's busy timeouts
    try:
        started.wait(10)
        log_interaction(s, "call", [cid], "after the wait")
    finally:
        holder.join()
    assert _interactions(db) == ["after the wait"]
    s.close()


def test_a_writer_that_never_gets_the_lock_says_so_and_writes_nothing(tmp_path, monkeypatch):
    db = tmp_path / "w.db"
    s = Store(str(db))
    cid = add_contact(s, ContactIn(name="Ann Alder"))
    s.close()
    monkeypatch.setattr(store_mod, "BUSY_STEP_MS", 50)
    s = Store(str(db), busy_timeout_ms=300)
    started = threading.Event()
    holder = _hold_write_lock(db, 3.0, started)
    try:
        started.wait(10)
        with pytest.raises(Busy) as err:
            log_interaction(s, "call", [cid], "never")
        with pytest.raises(Busy):
            add_contact(s, ContactIn(name="Bob Birch"))
    finally:
        holder.join()
    msg = str(err.value)
    assert msg == (f"{db}: the database is busy (locked by another program for 0.3 s); "
                   "not saved")
    assert _interactions(db) == [] and count_contacts(s) == 1
    s.close()


def test_reads_do_not_take_the_write_lock(tmp_path):
    db = tmp_path / "r.db"
    s = Store(str(db))
    add_contact(s, ContactIn(name="Ann Alder"))
    started = threading.Event()
    holder = _hold_write_lock(db, 1.0, started)
    try:
        started.wait(10)
        with s.read() as session:  # would wait (and fail at 0 s) if it were IMMEDIATE
            assert session.connection().exec_driver_sql(
                "SELECT count(*) FROM contact").scalar_one() == 1
    finally:
        holder.join()
    s.close()


_LOGGER = textwrap.dedent("""
    import sys
    from rolodex.core.records.interactions import log_interaction
    from rolodex.core.db.store import Store
    db, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    s = Store(db)
    for i in range(n):
        log_interaction(s, "call", [1], f"{tag}-{i}")
    s.close()
""")


def _logger(db: Path, tag: str, n: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _LOGGER, str(db), tag, str(n)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_logging_at_once_lose_nothing(tmp_path):
    db = tmp_path / "two.db"
    s = Store(str(db))
    add_contact(s, ContactIn(name="Ann Alder"))
    s.close()
    procs = [_logger(db, "a", 40), _logger(db, "b", 40)]
    cli = [subprocess.Popen(
        ["sh", "-c", f'for i in 1 2 3 4 5; do "{ROLODEX}" log call "#1" -m "{t}-$i" '
                     f'--db "{db}" || exit 1; done'],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for t in ("x", "y")]
    for p in procs + cli:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    got = _interactions(db)
    want = ([f"a-{i}" for i in range(40)] + [f"b-{i}" for i in range(40)]
            + [f"{t}-{i}" for t in "xy" for i in range(1, 6)])
    assert sorted(got) == sorted(want)


def test_an_import_while_two_loggers_write_is_not_refused(tmp_path):
    db = tmp_path / "imp.db"
    s = Store(str(db))
    add_contact(s, ContactIn(name="Ann Alder"))
    s.close()
    csv = tmp_path / "people.csv"
    csv.write_text("Name,E-mail\n" + "".join(
        f"Person {i:04d},p{i}@example.com\n" for i in range(3000)), encoding="utf-8")
    procs = [_logger(db, "a", 30), _logger(db, "b", 30)]
    r = _rolodex("import", "csv", str(csv), "--db", str(db))
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert r.returncode == 0, r.stderr
    s = Store(str(db))
    assert count_contacts(s) == 3001
    s.close()
    assert len(_interactions(db)) == 60


# -- PostgreSQL: a deadlock is retried by write(fn) ------------------------------------------

@pytest.mark.postgres
def test_postgres_deadlock_is_a_clear_conflict_and_write_retries_it(pg_url):
    from sqlalchemy import text

    a = Store(pg_url)
    b = Store(pg_url)
    try:
        x = add_contact(a, ContactIn(name="Xavier"))
        y = add_contact(a, ContactIn(name="Yolanda"))
        both_locked_one = threading.Barrier(2, timeout=20)
        runs = {"a": 0, "b": 0}

        def body(name, first, second):
            def fn(s):
                runs[name] += 1
                s.execute(text("UPDATE contact SET title = :n WHERE id = :i"),
                          {"n": name, "i": first})
                if runs[name] == 1:
                    both_locked_one.wait()  # both hold their first row: a deadlock follows
                s.execute(text("UPDATE contact SET title = :n WHERE id = :i"),
                          {"n": name, "i": second})
                return runs[name]
            return fn

        results = {}

        def run(name, st, first, second):
            results[name] = st.write(body(name, first, second))

        ta = threading.Thread(target=run, args=("a", a, x, y))
        tb = threading.Thread(target=run, args=("b", b, y, x))
        ta.start(), tb.start()
        ta.join(60), tb.join(60)
        assert sorted(results) == ["a", "b"]  # both saved in the end
        assert sorted(results.values()) == [1, 2]  # the deadlock victim ran again once
        with a.read() as s:
            notes = s.execute(text("SELECT title FROM contact ORDER BY id")).scalars().all()
        assert len(set(notes)) == 1  # one of the two wrote both rows last, whole
        # without write(fn): the same refusal as one clear error, nothing half-written
        assert issubclass(Conflict, StoreError)
    finally:
        a.close()
        b.close()


# -- seeing the others' writes ---------------------------------------------------------------

def seen(watch, seconds: float = 5.0) -> bool:
    """The watch reports a change within ``seconds`` (PostgreSQL delivers a NOTIFY to the
    listening connection a moment after the commit; the TUI looks once a second)."""
    end = time.monotonic() + seconds
    while True:
        if watch.changed():
            return True
        if time.monotonic() > end:
            return False
        time.sleep(0.02)


def test_the_watch_sees_other_writers_and_not_our_own(db_url):
    mine = Store(db_url)
    other = Store(db_url)
    watch = mine.watch_changes()
    try:
        assert watch is not None and not watch.changed()
        cid = add_contact(mine, ContactIn(name="Ann Alder"))
        log_interaction(mine, "call", [cid], "mine")
        assert not watch.changed()  # our own writes: the listeners already followed them
        log_interaction(other, "call", [cid], "theirs")
        assert seen(watch)
        assert not watch.changed()  # once
        log_interaction(mine, "call", [cid], "mine again")
        log_interaction(other, "call", [cid], "theirs again")
        log_interaction(mine, "call", [cid], "and mine")
        assert seen(watch)  # theirs between two of ours is not lost
        assert not watch.changed()
    finally:
        watch.close()
        other.close()
        mine.close()


def test_the_watch_sees_another_process(tmp_path):
    db = tmp_path / "p.db"
    s = Store(str(db))
    add_contact(s, ContactIn(name="Ann Alder"))
    watch = s.watch_changes()
    try:
        assert not watch.changed()
        r = _rolodex("log", "call", "#1", "-m", "from a script", "--db", str(db))
        assert r.returncode == 0, r.stderr
        assert watch.changed()
        r = _rolodex("show", "#1", "--db", str(db))  # a reader changes nothing
        assert r.returncode == 0 and not watch.changed()
    finally:
        watch.close()
        s.close()
