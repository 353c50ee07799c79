"""add, log, link, show, search, backup."""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, command, open_store


@command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The contact's name, as written.")],
    email: Annotated[list[str] | None, typer.Option("--email", help="Email (repeatable).")] = None,
    phone: Annotated[list[str] | None, typer.Option("--phone", help="Phone (repeatable).")] = None,
    company: Annotated[str, typer.Option("--company")] = "",
    title: Annotated[str, typer.Option("--title")] = "",
    skill: Annotated[list[str] | None, typer.Option("--skill", help="Skill (repeatable).")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Tag (repeatable).")] = None,
    through: Annotated[str | None, typer.Option(
        "--through", help="Someone I know only through this contact.")] = None,
    db: DbOption = None,
) -> None:
    """Add a contact."""
    from rolodex.core.contacts import ContactIn, add_contact, resolve

    store = open_store(db, ctx)
    via = resolve(store, through) if through else None
    cid = add_contact(store, ContactIn(name=name, company=company, title=title,
                                       emails=email or [], phones=phone or [],
                                       skills=skill or [], tags=tag or []), through=via)
    typer.echo(f"added #{cid} {name}")


@command("log")
def log(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="call, email, meeting, message, note or other")],
    contact: Annotated[list[str], typer.Argument(help="Who (fuzzy name or #id); several for a meeting.")],
    message: Annotated[str, typer.Option("-m", "--message", help="Summary.")] = "",
    at: Annotated[str | None, typer.Option("--at", help="When: ISO, -2d, -3w, 'yesterday 15:00'.")] = None,
    db: DbOption = None,
) -> None:
    """Log an interaction."""
    from rolodex.core.contacts import resolve
    from rolodex.core.interactions import check_kind, log_interaction
    from rolodex.core.when import parse_when

    kind = check_kind(kind)
    store = open_store(db, ctx)
    when = parse_when(at, store.now())
    ids = [resolve(store, c) for c in contact]
    iid = log_interaction(store, kind, ids, message, at=when)
    typer.echo(f"logged {kind} #{iid} {when:%Y-%m-%d %H:%M}")
