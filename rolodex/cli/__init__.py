"""The command line. ``app`` is the typer app; each sibling module adds its commands."""

from rolodex.cli.base import app
from rolodex.cli import contacts_cmd  # noqa: F401,E402  (registers commands)

__all__ = ["app"]
