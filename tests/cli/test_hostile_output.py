"""Clean text at the exit: whatever reaches the command line's human output from data has
its terminal controls escaped (ESC, BEL, C1, bidi overrides); --json stays valid JSON."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from rolodex.core.text import printable

HOSTILE = "Evil\x1b]0;pwned\x07 Name\x1b[2J\x7f\x85\u202e"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from sqlalchemy import text

    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import ContactIn, insert_contact

    path = tmp_path_factory.mktemp("hostile") / "r.db"
    store = Store(str(path))
    # Straight through the core (the door's own cleaning is tested elsewhere): the exit
    # must hold even for text that got in before the door was closed.
    with store.tx() as s:
        insert_contact(s, ContactIn(name="placeholder"), store.now())
    with store.tx() as s:
        s.execute(text("UPDATE contact SET name = :n, name_fold = 'evil name', "
                       "company = :c"), {"n": HOSTILE, "c": "Acme\x1b[31m"})
    store.close()
    return str(path)


def run(db, *args):
    r = subprocess.run([sys.executable, "-m", "rolodex", "--db", db, *args],
                       capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8")


@pytest.mark.parametrize("args", [["search", "evil"], ["show", "#1"], ["search", "evil name"],
                                  ["show", "#1", "--json"], ["search", "evil", "--json"]])
def test_no_control_reaches_the_terminal(db, args):
    code, out, err = run(db, *args)
    assert code == 0, err
    for bad in ("\x1b", "\x07", "\x7f", "\x85", "\u202e"):
        assert bad not in out + err
    if "--json" in args:
        data = json.loads(out)
        name = data["name"] if isinstance(data, dict) else data[0]["name"]
        assert name == HOSTILE  # escaped on the way out, exact once parsed
    else:
        assert "Evil\\u001b]0;pwned\\u0007 Name" in out


def test_printable_keeps_every_script_and_emoji():
    for ok in ("Zoë Ångström", "王小明", "محمد", "👩‍💻 dev", "tab\there\nnext"):
        assert printable(ok) == ok
    assert printable("a\rb") == "a\\u000db"
