"""``rolodex today``: follow-ups due, overdue keep-in-touch, birthdays this week, open asks,
people met recently and never logged again (core/today.py). The plain form is answered
before typer is imported (rolodex/__main__.py); this command serves ``--help`` and a
rolodex that needs its schema upgraded first."""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, open_store, print_json


@command("today")
def today_cmd(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1,
                                       help="Lines per section at most.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """What is due today: follow-ups, keep-in-touch, birthdays, introductions, new people."""
    from rolodex.core.today import as_json_data, render, today

    store = open_store(db, ctx, create=False)
    try:
        t = today(store, store.now(), limit=limit)
    finally:
        store.close()
    if as_json:
        print_json(as_json_data(t))
    else:
        typer.echo(render(t))
