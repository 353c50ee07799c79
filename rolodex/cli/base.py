"""The typer app and what every command shares: --db, opening the store, errors, JSON.

Commands live in the sibling modules (one per area) and register on ``app``. Heavy
modules (SQLAlchemy via the core, networkx, Textual, faker) are imported inside the
commands that need them, never at module level here.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Annotated, Any

import typer

from rolodex import __version__

app = typer.Typer(
    name="rolodex",
    help="A keyboard-driven relationship manager. With no command, opens the TUI.",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database: a path, sqlite:///… or postgresql+psycopg://…",
                 envvar="ROLODEX_DB", show_envvar=True),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line on stderr (passwords of database URLs masked); raise the returned Exit."""
    from rolodex.core.paths import mask_secrets

    typer.echo(f"rolodex: {mask_secrets(message)}", err=True)
    return typer.Exit(code)


def command(*args, on: typer.Typer | None = None, **kwargs):
    """``@command()`` = ``@app.command()`` (or ``on``'s, a command group's) plus
    RolodexError -> one stderr line + exit code."""

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*a, **kw):
            from rolodex.core.errors import RolodexError

            try:
                return fn(*a, **kw)
            except RolodexError as exc:
                raise fail(str(exc), exc.exit_code) from None
            except KeyboardInterrupt:
                raise fail("interrupted; nothing was saved", 1) from None

        return (on or app).command(*args, **kwargs)(wrapper)

    return decorate


def global_db(ctx: typer.Context | None) -> str | None:
    obj = getattr(ctx, "obj", None) if ctx is not None else None
    return obj.get("db") if isinstance(obj, dict) else None


def open_store(db: str | None, ctx: typer.Context | None = None, *, create: bool = True):
    """The Store for --db (this command's, else the global one, else $ROLODEX_DB, else the
    user's own rolodex). ``$ROLODEX_BUSY_MS`` sets how long a write waits for another
    program's lock (30 s unless set)."""
    from rolodex.core.db.store import BUSY_TOTAL_MS, Store
    from rolodex.core.errors import UsageError

    try:
        busy = int(os.environ.get("ROLODEX_BUSY_MS", BUSY_TOTAL_MS))
    except ValueError:
        raise UsageError("ROLODEX_BUSY_MS: not a number of milliseconds") from None
    return Store(db or global_db(ctx), create=create, busy_timeout_ms=busy)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"rolodex {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True,
                           help="Print the version and exit.")
    ] = False,
) -> None:
    """Open the TUI when no command is given."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is None:
        from rolodex.cli.tui_cmd import open_tui

        open_tui(db)
