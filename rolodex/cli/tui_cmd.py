"""Opening the TUI from the typer root command (imports Textual only when run).

A plain ``rolodex`` or ``rolodex --db X`` does not get here: ``rolodex.__main__`` opens the
TUI through ``rolodex.tui.launch`` before typer is imported. This is the path for the
forms typer parses (``--db=X`` after other options, ``$ROLODEX_DB`` only, ...).
"""

from __future__ import annotations


def open_tui(db: str | None) -> None:
    """Run the TUI on ``db``; a non-zero exit code leaves through typer."""
    from rolodex.tui.launch import main

    code = main(db)
    if code:
        import typer

        raise typer.Exit(code)
