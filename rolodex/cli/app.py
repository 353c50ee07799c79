"""The typer app with every command registered (``rolodex.cli.base`` makes it; each
``*_cmd`` module adds its commands). Importing this loads typer and the command modules,
so the fast paths (``rolodex/cli/fast.py``) never do."""

import copy

from rolodex.cli import (  # noqa: F401
    admin_cmd,
    contacts_cmd,
    demo_cmd,
    dupes_cmd,
    follow_up_cmd,
    io_cmd,
    team_cmd,
    today_cmd,
    who_cmd,
)
from rolodex.cli.base import app

__all__ = ["app", "run"]


def run(args: list[str]) -> None:
    """Run the command line. When the arguments name a command, typer builds only that one
    (its group of every command costs each write ~0.1 s to build: the click parameters of
    31 commands); anything else (no command, ``--help``, ``--version``, a typo'd command)
    gets the whole app, so usage, help and errors read as they do."""
    name = command_name(args)
    keep = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if keep or groups:
        one = copy.copy(app)  # the module's app stays whole (tests run it in-process)
        one.registered_commands, one.registered_groups = keep, groups
        return one(args=args, prog_name="rolodex")
    app(args=args, prog_name="rolodex")


def command_name(args: list[str]) -> str | None:
    """The command the arguments invoke, after the global ``--db``; None for anything else."""
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--db":
            i += 2
        elif a.startswith("--db="):
            i += 1
        elif a.startswith("-"):
            return None
        else:
            return a
    return None
