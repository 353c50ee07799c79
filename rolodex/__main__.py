"""Entry point of the ``rolodex`` command.

``mutt-query`` is run by mutt on every address completion, and ``search``, ``show``,
``today`` and ``stats`` are scripted, so they are dispatched here before typer, SQLAlchemy
or anything heavy is imported: they go straight to ``rolodex.cli.fast`` (a DB-API
connection).
``rolodex.cli.app`` is not imported on those paths: importing it loads typer and every
command (~0.15 s). Anything but the plain form (``--help``, bad usage) goes to typer.

A plain ``rolodex`` or ``rolodex --db X`` opens the TUI the same way, without typer (0.1 s
of the first-frame budget): ``rolodex.tui.launch``. ``--help``, ``--version``, commands and
anything unexpected still go to typer.
"""

from __future__ import annotations

import sys

FAST = ("mutt-query", "search", "show", "today", "stats")


def _fast_db(args: list[str]) -> tuple[str, str | None, list[str]] | None:
    """(command, global --db, the rest) when the command has a fast path, else None."""
    db = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--db" and i + 1 < len(args):
            db, i = args[i + 1], i + 2
        elif a.startswith("--db="):
            db, i = a.split("=", 1)[1], i + 1
        elif a in FAST:
            return a, db, args[i + 1:]
        else:
            return None
    return None


def _tui_db(args: list[str]) -> tuple[bool, str | None]:
    """(True, db) when the arguments only open the TUI: none, ``--db X`` or ``--db=X``."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > 5:
        return True, args[0][5:]
    return False, None


def _safe_streams() -> None:
    """Human output never carries a control sequence from data to the terminal (a name
    holding ESC ] 0 ; … retitles the window): stdout and stderr escape them. The TUI's
    driver writes to the real terminal itself, so only the command line is wrapped."""
    from rolodex.core.text import SafeOutput

    if not isinstance(sys.stdout, SafeOutput):
        sys.stdout = SafeOutput(sys.stdout)
    if not isinstance(sys.stderr, SafeOutput):
        sys.stderr = SafeOutput(sys.stderr)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    tui, db = _tui_db(args)
    if tui:
        from rolodex.tui.launch import main as tui_main

        sys.exit(tui_main(db))
    from rolodex.core.memory import for_one_command

    for_one_command()  # no collector passes for a process that exits in a moment
    _safe_streams()
    fast = _fast_db(args)
    if fast is not None:
        name, db, rest = fast
        from rolodex.cli.fast import mutt_main, search_main, show_main, stats_main, today_main

        if name == "mutt-query":
            sys.exit(mutt_main(rest, db=db))
        if name == "today":
            code = today_main(rest, db=db)
        elif name == "show":
            code = show_main(rest, db=db)
        elif name == "stats":
            code = stats_main(rest, db=db)
        else:
            code = search_main(rest, db=db)
        if code is not None:
            sys.exit(code)
    from rolodex.cli.app import run

    run(args)


if __name__ == "__main__":
    main()
