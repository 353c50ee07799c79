"""Entry point of the ``rolodex`` command.

``mutt-query`` is run by mutt on every address completion, so it is dispatched here
before typer, SQLAlchemy or anything heavy is imported (see rolodex/cli/fast.py).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "mutt-query":
        from rolodex.cli.fast import mutt_query_main

        sys.exit(mutt_query_main(args[1:]))
    from rolodex.cli import app

    app(args=args, prog_name="rolodex")


if __name__ == "__main__":
    main()
