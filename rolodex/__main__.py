"""Entry point of the ``rolodex`` command.

``mutt-query`` is run by mutt on every address completion, so it is dispatched here
before typer, SQLAlchemy or anything heavy is imported: it goes straight to
``rolodex.core.mutt`` (the standard library and a DB-API connection). ``rolodex.cli``
is not imported on that path, since importing the package loads typer and every command.
"""

from __future__ import annotations

import sys


def _fast_db(args: list[str]) -> tuple[str | None, list[str]] | None:
    """(global --db, the rest) when the command is mutt-query, else None."""
    db = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--db" and i + 1 < len(args):
            db, i = args[i + 1], i + 2
        elif a.startswith("--db="):
            db, i = a.split("=", 1)[1], i + 1
        elif a == "mutt-query":
            return db, args[i + 1:]
        else:
            return None
    return None


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    fast = _fast_db(args)
    if fast is not None:
        from rolodex.core.mutt import main as mutt_main

        sys.exit(mutt_main(fast[1], db=fast[0]))
    from rolodex.cli import app

    app(args=args, prog_name="rolodex")


if __name__ == "__main__":
    main()
