"""check, dump, restore, erase: keeping the rolodex sound, moving it, forgetting a person.

The work is in rolodex/core (check.py, dump.py, erase.py); these are thin calls.
"""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, fail, open_store, print_json


@command("check")
def check(
    ctx: typer.Context,
    full: Annotated[bool, typer.Option("--full", help="integrity_check instead of the "
                                                      "quicker quick_check.")] = False,
    repair: Annotated[bool, typer.Option("--repair", help="Fix what can be derived again "
                                                          "(last touches, indexes...).")] = False,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Check the database and the rolodex's own rules; exit 1 with a line per problem."""
    from rolodex.core.admin import check as core

    store = open_store(db, ctx, create=False)
    report = core.repair(store, full=full) if repair else core.check(store, full=full)
    if json_out:
        print_json(report.as_json())
    else:
        for line in report.repaired:
            typer.echo(f"repaired: {line}")
        if report.ok:
            typer.echo(report.lines()[0])
        for line in [] if report.ok else report.lines():
            typer.echo(line, err=True)
    if not report.ok:
        raise typer.Exit(1)


@command("dump")
def dump(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write the dump.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """The whole rolodex as JSON Lines (restore it with `rolodex restore`)."""
    from rolodex.core.admin.dump import dump as core_dump

    store = open_store(db, ctx, create=False)
    counts = core_dump(store, file, force=force)
    rows = sum(n for t, n in counts.items() if t != "rolodex_meta")
    typer.echo(f"dumped {counts.get('contact', 0):,} contacts ({rows:,} rows) to {file}")


@command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="A file written by dump.")],
    db: DbOption = None,
) -> None:
    """Load a dump into an empty rolodex (SQLite or PostgreSQL), in one transaction."""
    from pathlib import Path

    if not Path(file).expanduser().is_file():
        raise fail(f"{file}: no such file", 2)
    from rolodex.core.admin.dump import read_header
    from rolodex.core.admin.dump import restore as core_restore

    read_header(file)  # a file that is no dump creates no rolodex
    store = open_store(db, ctx)
    counts = core_restore(store, file)
    typer.echo(f"restored {counts.get('contact', 0):,} contacts "
               f"({sum(counts.values()):,} rows) from {file}")


@command("erase")
def erase(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Who (fuzzy name or #id).")],
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Forget a person: their card, details, links and their own interactions."""
    from rolodex.core.admin.erase import erase_contact
    from rolodex.core.records.contacts import resolve

    store = open_store(db, ctx, create=False)
    res = erase_contact(store, resolve(store, contact, include_archived=True))
    if json_out:
        print_json({"id": res.contact_id, "name": res.name, "rows": res.rows,
                    "wal_cleared": res.wal_cleared})
        return
    typer.echo(res.line())
    if not res.wal_cleared:
        typer.echo("rolodex: another program has the rolodex open, so the WAL still holds "
                   "old pages until it closes", err=True)
