"""Secrets never shown: a database URL's password is masked in every message that names it.

Each command runs as a real process (``python -m rolodex``), so the fast paths that skip
typer (search, mutt-query, the bare TUI) are covered too; stderr and stdout are grepped for
the password itself.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from rolodex.core.errors import RolodexError, StoreError
from rolodex.core.paths import display_url, mask_secrets

SECRET = "s3cretpw"
# Nothing listens on 5999: the connection is refused at once.
DEAD = f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:5999/x"
# The real server, a database that does not exist: the server itself answers.
MISSING = f"postgresql+psycopg://postgres:{SECRET}@127.0.0.1:5432/no_such_db_rolodex"


def test_mask_secrets_forms():
    assert mask_secrets(DEAD) == "postgresql+psycopg://postgres:***@127.0.0.1:5999/x"
    assert mask_secrets("postgresql://u:p%40ss@h/db and more") == "postgresql://u:***@h/db and more"
    assert mask_secrets("host=h password=hunter2 user=u") == "host=h password=*** user=u"
    assert mask_secrets("password='a b\\' c' dbname=x") == "password=*** dbname=x"
    # No password: nothing changes (emails and plain URLs stay as written).
    for plain in ("postgresql+psycopg://postgres@host/x", "ann@example.com", "sqlite:///a b.db"):
        assert mask_secrets(plain) == plain


def test_display_url():
    assert display_url(DEAD + "?options=-csearch_path%3Dx") == \
        "postgresql+psycopg://postgres:***@127.0.0.1:5999/x"
    assert display_url("sqlite:////tmp/r.db") == "/tmp/r.db"


def test_core_errors_mask_whatever_built_them():
    assert SECRET not in str(StoreError(f"{DEAD}: cannot open"))
    assert SECRET not in str(RolodexError(f"driver said: password={SECRET}"))


COMMANDS = [
    ["stats"], ["show", "#1"], ["search", "ann"], ["mutt-query", "ann"], ["who", "python"],
    ["log", "call", "#1", "-m", "x"], ["add", "Ann Smith"], ["export", "vcard", "{tmp}/o.vcf"],
    ["backup", "{tmp}/b.db"], ["dupes"], [],
]


@pytest.mark.parametrize("url", [DEAD, MISSING], ids=["refused", "no-such-db"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:1]) or "tui")
def test_no_command_prints_the_password(url, args, tmp_path):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    r = subprocess.run([sys.executable, "-m", "rolodex", "--db", url, *argv],
                       capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode in (1, 2), (r.returncode, r.stdout, r.stderr)
    assert SECRET not in r.stdout + r.stderr
    if r.returncode == 1:
        assert "postgres:***@127.0.0.1" in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_env_url_is_masked_too(tmp_path):
    import os

    env = dict(os.environ, ROLODEX_DB=DEAD)
    r = subprocess.run([sys.executable, "-m", "rolodex", "stats"], capture_output=True,
                       text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert r.returncode == 1 and SECRET not in r.stderr and "***" in r.stderr


def test_tui_error_dialog_masks_and_shows_text_not_markup():
    from rolodex.tui.dialogs.error import ErrorScreen

    screen = ErrorScreen.from_exception("loading", OSError(f"{DEAD} [bold]refused[/]"))
    assert SECRET not in screen.message and "***@127.0.0.1" in screen.message
