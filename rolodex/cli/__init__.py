"""The command line. ``app`` is the typer app; each sibling module adds its commands."""

from rolodex.cli import admin_cmd, contacts_cmd, demo_cmd, dupes_cmd, io_cmd, who_cmd  # noqa: F401,E402
from rolodex.cli.base import app

__all__ = ["app"]
