"""Opening the TUI from the command line (imports Textual only here)."""

from __future__ import annotations


def open_tui(db: str | None) -> None:
    from rolodex.tui.app import run

    run(db)
