"""Opening the TUI from the command line (imports Textual only here)."""

from __future__ import annotations


def open_tui(db: str | None) -> None:
    """Run the TUI on ``db``; a rolodex that cannot be opened is one line on stderr."""
    import os

    # Repaint up to 120 times a second (Textual's default is 60): a filter keystroke or a
    # cursor move reaches the screen one frame sooner. Read when Textual is imported.
    os.environ.setdefault("TEXTUAL_FPS", "120")
    from rolodex.cli.base import fail
    from rolodex.core.errors import RolodexError

    try:
        from rolodex.tui.app import run

        run(db)
    except RolodexError as exc:
        raise fail(str(exc), exc.exit_code) from None
