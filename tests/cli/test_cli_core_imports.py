"""The fast paths stay fast: `rolodex search` loads no SQLAlchemy/SQLModel/Textual/networkx/
faker, and `rolodex mutt-query` not even typer or rapidfuzz (when something matches)."""

import subprocess
import sys

from rolodex.core.records.contacts import ContactIn, add_contact

PROBE = """
import sys
from rolodex.__main__ import main
try:
    main({args!r})
except SystemExit:
    pass
heavy = ("sqlalchemy", "sqlmodel", "textual", "networkx", "faker", "typer", "rapidfuzz",
         "dataclasses", "inspect")
sys.stderr.write("LOADED " + " ".join(m for m in heavy if m in sys.modules) + "\\n")
"""


def loaded(args: list[str]) -> tuple[set[str], str]:
    r = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                       text=True, check=True)
    line = [x for x in r.stderr.splitlines() if x.startswith("LOADED")][-1]
    return set(line.split()[1:]), r.stdout


def test_search_imports_nothing_heavy(sqlite_store, sqlite_url):
    add_contact(sqlite_store, ContactIn(name="Zoë Ångström", emails=["zoe@acme.se"]))
    mods, out = loaded(["--db", sqlite_url, "search", "zoe", "--json"])
    assert "Zoë Ångström" in out
    assert mods.isdisjoint({"sqlalchemy", "sqlmodel", "textual", "networkx", "faker"}), mods


def test_mutt_query_imports_only_the_standard_library(sqlite_store, sqlite_url):
    add_contact(sqlite_store, ContactIn(name="Zoë Ångström", emails=["zoe@acme.se"]))
    mods, out = loaded(["--db", sqlite_url, "mutt-query", "zoe"])
    assert "zoe@acme.se\tZoë Ångström" in out
    assert mods == set(), mods
    # one match for a long word: the ranking looks for typos among the few candidates,
    # which takes no rapidfuzz (nor dataclasses: a second of mutt's budget each)
    mods, out = loaded(["--db", sqlite_url, "mutt-query", "angstrom"])
    assert "zoe@acme.se\tZoë Ångström" in out
    assert mods == set(), mods


def test_fast_search_prints_what_the_typer_command_prints(sqlite_store, sqlite_url):
    from typer.testing import CliRunner

    from rolodex.cli.app import app

    add_contact(sqlite_store, ContactIn(name="Zoë Ångström", company="Acme", title="CTO"))
    add_contact(sqlite_store, ContactIn(name="Zoe Smith"))
    for args in (["search", "zoe"], ["search", "zoe", "--json", "--limit", "1"],
                 ["search", "angstrm", "-n", "5"]):
        mods, fast_out = loaded(["--db", sqlite_url, *args])
        assert "typer" not in mods
        typer_out = CliRunner().invoke(app, ["--db", sqlite_url, *args]).stdout
        assert fast_out == typer_out and fast_out.strip(), args
    r = subprocess.run([sys.executable, "-m", "rolodex", "--db", sqlite_url, "search",
                        "qqqqqq"], capture_output=True, text=True, check=False)
    assert r.returncode == 1 and r.stderr == "rolodex: no contact matches 'qqqqqq'\n"
    r = subprocess.run([sys.executable, "-m", "rolodex", "search", "--help"],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0 and "--limit" in r.stdout  # help comes from typer
