"""Running the TUI as a process: the environment it wants and how a failure is reported.

Imported by ``rolodex.__main__`` for a plain ``rolodex`` / ``rolodex --db X`` (no typer on
that path) and by the typer root command. Textual is imported only inside ``main``.
"""

from __future__ import annotations

import os
import sys


def main(db: str | None = None) -> int:
    """Run the TUI on ``db`` (None: ``$ROLODEX_DB``, else the user's own rolodex); the exit
    code. A rolodex that cannot be opened is one line on stderr."""
    # Repaint up to 120 times a second (Textual's default is 60): a filter keystroke or a
    # cursor move reaches the screen one frame sooner. Read when Textual is imported.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from rolodex.core.errors import RolodexError

    try:
        from rolodex.tui.app import run

        return run(db)
    except RolodexError as exc:
        sys.stderr.write(f"rolodex: {exc}\n")
        return exc.exit_code
