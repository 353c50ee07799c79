"""``rolodex demo``: where it builds, refusing a rolodex with contacts, --force."""

from __future__ import annotations

import os

from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.db.store import Store
from rolodex.core.records.contacts import ContactIn, add_contact, count_contacts

runner = CliRunner()


def test_builds_into_the_given_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'd.db'}"
    r = runner.invoke(app, ["demo", "--contacts", "150", "--seed", "3", "--db", url, "--no-tui"])
    assert r.exit_code == 0, r.output
    assert "demo rolodex: 150 contacts" in r.output
    s = Store(url, create=False)
    assert count_contacts(s, include_archived=True) == 150
    s.close()


def test_refuses_then_force_replaces(tmp_path):
    url = f"sqlite:///{tmp_path / 'mine.db'}"
    s = Store(url)
    add_contact(s, ContactIn(name="My Only Friend"))
    r = runner.invoke(app, ["demo", "--contacts", "150", "--db", url, "--no-tui"])
    assert r.exit_code == 1
    assert "already has 1 contact;" in r.output and "--force" in r.output
    assert "rolodex --db" in r.output
    assert count_contacts(s, include_archived=True) == 1
    r = runner.invoke(app, ["demo", "--contacts", "150", "--db", url, "--no-tui", "--force"])
    assert r.exit_code == 0, r.output
    assert count_contacts(s, include_archived=True) == 150
    s.close()


def test_default_is_the_demo_file_not_my_rolodex(tmp_path, monkeypatch):
    from rolodex.core.paths import user_data_dir

    mine = tmp_path / "mine.db"
    monkeypatch.setenv("ROLODEX_DB", str(mine))
    r = runner.invoke(app, ["demo", "--contacts", "120", "--no-tui", "--force"])
    assert r.exit_code == 0, r.output
    assert not mine.exists()
    demo = user_data_dir() / "demo.db"
    assert demo.exists() and str(demo) in r.output
    assert str(demo).startswith(os.environ["HOME"])  # the isolated test home


def test_too_few_contacts_is_bad_usage(tmp_path):
    r = runner.invoke(app, ["demo", "--contacts", "5", "--db", str(tmp_path / "x.db"),
                            "--no-tui"])
    assert r.exit_code == 2
    assert "at least 100" in r.output
    assert not (tmp_path / "x.db").exists()


def test_opens_the_tui_unless_told_not_to(tmp_path, monkeypatch):
    import rolodex.cli.tui_cmd as tui_cmd

    opened = []
    monkeypatch.setattr(tui_cmd, "open_tui", lambda db: opened.append(db))
    url = f"sqlite:///{tmp_path / 'd.db'}"
    r = runner.invoke(app, ["demo", "--contacts", "120", "--db", url])
    assert r.exit_code == 0, r.output
    assert opened == [url]


def test_global_db_typed_on_the_command_line_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("ROLODEX_DB", str(tmp_path / "env.db"))
    target = tmp_path / "typed.db"
    r = runner.invoke(app, ["--db", str(target), "demo", "--contacts", "120", "--no-tui"])
    assert r.exit_code == 0, r.output
    assert target.exists() and not (tmp_path / "env.db").exists()


def test_running_demo_again_opens_the_default_demo(monkeypatch):
    """The README's set-up command run twice: the second run opens the demo it built."""
    import rolodex.cli.tui_cmd as tui_cmd
    from rolodex.core.paths import user_data_dir

    opened = []
    monkeypatch.setattr(tui_cmd, "open_tui", lambda db: opened.append(db))
    r = runner.invoke(app, ["demo", "--contacts", "120", "--no-tui", "--force"])
    assert r.exit_code == 0, r.output
    demo = user_data_dir() / "demo.db"
    before = demo.stat().st_mtime_ns
    r = runner.invoke(app, ["demo", "--contacts", "120"])
    assert r.exit_code == 0, r.output
    assert "opening the demo already built" in r.output
    assert opened == [f"sqlite:///{demo}"]
    assert demo.stat().st_mtime_ns == before  # nothing rebuilt
