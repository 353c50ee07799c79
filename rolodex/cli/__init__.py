"""The command line. ``app`` is the typer app; each sibling module adds its commands."""

from rolodex.cli import (  # noqa: F401,E402
    admin_cmd,
    contacts_cmd,
    demo_cmd,
    dupes_cmd,
    io_cmd,
    today_cmd,
    who_cmd,
)
from rolodex.cli.base import app

__all__ = ["app"]
