"""The typer app with every command registered (``rolodex.cli.base`` makes it; each
``*_cmd`` module adds its commands). Importing this loads typer and the command modules,
so the fast paths (``rolodex/cli/fast.py``) never do."""

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

__all__ = ["app"]
