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


def _sample(url: str) -> dict[str, int]:
    """A few people with every part a profile shows: lists, a meeting, a follow-up, an
    edge to a live and to an archived contact, an endorsement, an unchecked address."""
    from datetime import date, datetime, timedelta

    from rolodex.core.db.store import Store
    from rolodex.core.records.contacts import archive_contact
    from rolodex.core.records.endorsements import endorse
    from rolodex.core.records.interactions import log_interaction
    from rolodex.core.records.links import link

    store = Store(url)
    now = store.now()
    ids = {}
    for name, company, skills in (("Jane Doe", "Acme", ["Go", "Kubernetes"]),
                                  ("John Smith", "Initech", []),
                                  ("Zoë Ångström", "Lund", ["Optics"]),
                                  ("Jane Dow", "Acme", []), ("Gone Person", "", [])):
        ids[name] = add_contact(store, ContactIn(
            name=name, company=company, title="CTO", skills=skills, tags=["vip"],
            emails=[name.split()[0].lower() + "@example.com"], phones=["+46 70 123 45 67"],
            location="Lund", url="https://x.example", notes="Likes fika", cadence_days=30,
            birthday="--04-12", met_on=date(2019, 5, 2), closeness=3))
    jane, zoe = ids["Jane Doe"], ids["Zoë Ångström"]
    for days in (3, 40, 200):
        log_interaction(store, "call", [jane], f"Call {days}", at=now - timedelta(days=days))
    log_interaction(store, "meeting", [jane, zoe], "Review", at=datetime(2026, 1, 2, 3, 4, 5),
                    follow_up=date(2027, 1, 10))
    link(store, jane, zoe, 4, "same lab")
    link(store, jane, ids["Gone Person"], 5)
    link(store, jane, ids["John Smith"], 4)
    endorse(store, zoe, "Optics", by_id=jane, note="the best")
    archive_contact(store, ids["Gone Person"])
    store.close()
    return ids


def test_fast_show_prints_what_the_typer_command_prints(db_url):
    """`rolodex show` reads through fastread without typer or SQLAlchemy: the same text,
    JSON, errors and exit codes as the typer command (the Store's path), on both databases."""
    from typer.testing import CliRunner

    from rolodex.cli.app import app

    ids = _sample(db_url)
    cases = [["show", "Jane Doe"], ["show", f"#{ids['Jane Doe']}", "--json"],
             ["show", "zoe angstrom", "--limit", "1"], ["show", "Ångström", "--json"],
             ["show", "jane"], ["show", "Jnae Doe"], ["show", "#99999"], ["show", "qqqqqq"],
             ["show", f"#{ids['Gone Person']}"], ["show", "John Smith", "--limit=0"]]
    for args in cases:
        mods, _out = loaded(["--db", db_url, *args])
        assert mods.isdisjoint({"typer", "sqlalchemy", "sqlmodel", "networkx", "textual"}), mods
        fast = subprocess.run([sys.executable, "-m", "rolodex", "--db", db_url, *args],
                              capture_output=True, text=True, check=False)
        slow = CliRunner().invoke(app, ["--db", db_url, *args])
        assert (fast.stdout, fast.stderr, fast.returncode) == (
            slow.stdout, slow.stderr, slow.exit_code), args
        assert fast.stdout.strip() or fast.stderr.startswith("rolodex: "), args
    r = subprocess.run([sys.executable, "-m", "rolodex", "show", "--help"],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0 and "--limit" in r.stdout  # help comes from typer


def test_a_command_built_alone_answers_as_in_the_whole_app(sqlite_store, sqlite_url):
    """The installed command builds only the typer command it runs (cli/app.run): help,
    usage errors, answers and exit codes are those of the whole app."""
    from rolodex.cli.app import command_name

    add_contact(sqlite_store, ContactIn(name="Ada Lovelace", emails=["ada@example.com"]))
    whole_app = ("import sys; from rolodex.__main__ import _safe_streams; _safe_streams(); "
                 "from rolodex.cli.app import app; app(args=sys.argv[1:], prog_name='rolodex')")
    assert command_name(["--db", "x", "log", "call"]) == "log"
    assert command_name(["--db=x", "team", "members"]) == "team"
    assert command_name(["--version"]) is None and command_name([]) is None
    for args in (["log", "--help"], ["log", "call"], ["log", "dance", "ada"],
                 ["team", "--help"], ["edit", "ada", "--title", "Countess"],
                 ["link", "ada", "ada"], ["lgo", "call", "ada"], ["--help"]):
        whole = subprocess.run([sys.executable, "-c", whole_app, "--db", sqlite_url, *args],
                               capture_output=True, text=True, check=False)
        alone = subprocess.run([sys.executable, "-m", "rolodex", "--db", sqlite_url, *args],
                               capture_output=True, text=True, check=False)
        assert (alone.stdout, alone.stderr, alone.returncode) == (
            whole.stdout, whole.stderr, whole.returncode), args
        assert alone.stdout or alone.stderr, args


def test_fast_stats_prints_what_the_typer_command_prints(db_url):
    """`rolodex stats` reads through fastread without typer, SQLAlchemy or networkx: the
    same figures as the typer command (the Store's path), on both databases."""
    import json

    from typer.testing import CliRunner

    from rolodex.cli.app import app

    _sample(db_url)
    for args in (["stats"], ["stats", "--json"]):
        mods, _out = loaded(["--db", db_url, *args])
        assert mods.isdisjoint({"typer", "sqlalchemy", "sqlmodel", "networkx", "textual"}), mods
        fast = subprocess.run([sys.executable, "-m", "rolodex", "--db", db_url, *args],
                              capture_output=True, text=True, check=False)
        slow = CliRunner().invoke(app, ["--db", db_url, *args])
        assert fast.returncode == slow.exit_code == 0, fast.stderr
        if "--json" in args:  # "now" is each process's own second
            a, b = json.loads(fast.stdout), json.loads(slow.stdout)
            a.pop("now"), b.pop("now")
            assert a == b and a["contacts"] == 4 and a["overdue"] == 1, a
        else:
            assert fast.stdout == slow.stdout and "4 contacts" in fast.stdout
    r = subprocess.run([sys.executable, "-m", "rolodex", "stats", "--limit", "3"],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 2 and "--limit" in r.stderr  # bad usage: typer's words
