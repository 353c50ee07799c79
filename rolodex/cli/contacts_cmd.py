"""add, edit, archive, merge, log, link, search, show, backup."""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, global_db, open_store, print_json
from rolodex.core.search.query import LIMIT as SEARCH_LIMIT

ListOpt = list[str] | None


@command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The contact's name, as written.")],
    email: Annotated[ListOpt, typer.Option("--email", help="Email (repeatable).")] = None,
    phone: Annotated[ListOpt, typer.Option("--phone", help="Phone (repeatable).")] = None,
    company: Annotated[str, typer.Option("--company")] = "",
    title: Annotated[str, typer.Option("--title")] = "",
    skill: Annotated[ListOpt, typer.Option("--skill", help="Skill (repeatable).")] = None,
    tag: Annotated[ListOpt, typer.Option("--tag", help="Tag (repeatable).")] = None,
    through: Annotated[str | None, typer.Option(
        "--through", help="Someone I know only through this contact.")] = None,
    category: Annotated[str, typer.Option("--category", help="customer, vendor, partner, "
                                          "past employee, personal or other")] = "other",
    cadence: Annotated[int | None, typer.Option(
        "--cadence", help="Keep in touch every N days.")] = None,
    closeness: Annotated[int | None, typer.Option("--closeness", help="0-5.")] = None,
    note: Annotated[str, typer.Option("--note", help="Notes.")] = "",
    private: Annotated[bool, typer.Option(
        "--private", help="A team rolodex: a personal card only you can see.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a contact (with --through: someone I know only through that contact)."""
    from rolodex.core.records.contacts import ContactIn, add_contact, resolve, validate

    data = ContactIn(name=name, company=company, title=title, emails=email or [],
                     phones=phone or [], skills=skill or [], tags=tag or [],
                     category=category, cadence_days=cadence, closeness=closeness, notes=note,
                     known_directly=through is None, private=private)
    validate(data)
    store = open_store(db, ctx)
    via = resolve(store, through) if through else None
    cid = add_contact(store, data, through=via)
    if as_json:
        print_json({"id": cid, "name": data.name, "through": via})
    else:
        typer.echo(f"added #{cid} {data.name}" + (f" (through #{via})" if via else ""))


@command("edit")
def edit(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Who (fuzzy name or #id).")],
    name: Annotated[str | None, typer.Option("--name")] = None,
    company: Annotated[str | None, typer.Option("--company")] = None,
    title: Annotated[str | None, typer.Option("--title")] = None,
    email: Annotated[ListOpt, typer.Option("--email", help="Replaces the emails.")] = None,
    phone: Annotated[ListOpt, typer.Option("--phone", help="Replaces the phones.")] = None,
    skill: Annotated[ListOpt, typer.Option("--skill", help="Replaces the skills.")] = None,
    tag: Annotated[ListOpt, typer.Option("--tag", help="Replaces the tags.")] = None,
    cadence: Annotated[int | None, typer.Option("--cadence", help="Days; 0 clears.")] = None,
    closeness: Annotated[int | None, typer.Option("--closeness", help="0-5.")] = None,
    category: Annotated[str | None, typer.Option("--category")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Replaces the notes.")] = None,
    db: DbOption = None,
) -> None:
    """Change a contact's fields (list options replace the whole list)."""
    from rolodex.core.errors import UsageError
    from rolodex.core.records.contacts import edit_contact, resolve

    changes: dict = {k: v for k, v in (
        ("name", name), ("company", company), ("title", title), ("emails", email),
        ("phones", phone), ("skills", skill), ("tags", tag), ("closeness", closeness),
        ("category", category), ("notes", note)) if v is not None}
    if cadence is not None:
        changes["cadence_days"] = cadence or None
    if not changes:
        raise UsageError("nothing to change: give at least one option")
    store = open_store(db, ctx, create=False)
    cid = resolve(store, contact)
    edit_contact(store, cid, **changes)
    typer.echo(f"edited #{cid}: {', '.join(sorted(changes))}")


@command("archive")
def archive(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Who (fuzzy name or #id).")],
    undo: Annotated[bool, typer.Option("--undo", help="Bring an archived contact back.")] = False,
    db: DbOption = None,
) -> None:
    """Archive a contact (hidden from lists and searches; nothing is deleted)."""
    from rolodex.core.records.contacts import archive_contact, resolve

    store = open_store(db, ctx, create=False)
    cid = resolve(store, contact, include_archived=undo)
    archive_contact(store, cid, archived=not undo)
    typer.echo(f"{'restored' if undo else 'archived'} #{cid}")


@command("merge")
def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The contact to keep.")],
    other: Annotated[str, typer.Argument(help="The duplicate, merged into the first.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge B into A: A keeps everything of both, B is deleted (one transaction)."""
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.merge import merge_contacts

    store = open_store(db, ctx, create=False)
    a, b = resolve(store, keep), resolve(store, other)
    report_merge(merge_contacts(store, a, b), as_json)


def report_merge(res, as_json: bool) -> None:
    """What a merge did (``rolodex merge`` and ``rolodex dupes merge`` alike)."""
    if as_json:
        print_json({"kept": res.kept, "removed": res.removed, "moved": res.moved,
                    "filled": res.filled})
        return
    moved = ", ".join(f"{n} {k}" for k, n in res.moved.items() if n) or "nothing to move"
    typer.echo(f"merged #{res.removed} into #{res.kept}: {moved}"
               + (f"; filled {', '.join(res.filled)}" if res.filled else ""))


@command("log")
def log(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="call, email, meeting, message, note or other")],
    contact: Annotated[list[str], typer.Argument(
        help="Who (fuzzy name or #id); several people = one meeting.")],
    message: Annotated[str, typer.Option("-m", "--message", help="Summary.")] = "",
    at: Annotated[str | None, typer.Option(
        "--at", help="When: ISO, -2d, -3w, 'yesterday 15:00' (default now).")] = None,
    follow_up: Annotated[str | None, typer.Option(
        "--follow-up", help="Follow up by then: friday, in 2w, 2027-01-10.")] = None,
    share: Annotated[bool, typer.Option(
        "--share", help="A team rolodex: visible to the team (otherwise yours alone).")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Log an interaction with one or more contacts (it closes their earlier follow-ups)."""
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.interactions import check_kind, log_interaction
    from rolodex.core.when import parse_due, parse_when

    kind = check_kind(kind)
    store = open_store(db, ctx, create=False)
    when = parse_when(at, store.now())
    due = parse_due(follow_up, store.now().date()) if follow_up is not None else None
    ids = list(dict.fromkeys(resolve(store, c) for c in contact))
    iid = log_interaction(store, kind, ids, message, at=when, follow_up=due, shared=share)
    if as_json:
        print_json({"id": iid, "kind": kind, "at": when.isoformat(sep=" "), "contacts": ids,
                    "follow_up": due.isoformat() if due else None})
    else:
        who = ", ".join(f"#{i}" for i in ids)
        typer.echo(f"logged {kind} #{iid} with {who} at {when:%Y-%m-%d %H:%M}"
                   + (f"; follow up by {due:%a %Y-%m-%d}" if due else ""))


@command("link")
def link(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One contact.")],
    b: Annotated[str, typer.Argument(help="Someone they know.")],
    strength: Annotated[int, typer.Option("--strength", help="1 (barely) to 5 (close).")] = 3,
    how: Annotated[str, typer.Option("--how", help="How they know each other.")] = "",
    db: DbOption = None,
) -> None:
    """Record that A and B know each other (updates the link if it exists)."""
    from rolodex.core.errors import UsageError
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.links import link as do_link

    if not 1 <= strength <= 5:
        raise UsageError(f"strength: {strength} is not between 1 and 5")
    store = open_store(db, ctx, create=False)
    ia, ib = resolve(store, a), resolve(store, b)
    do_link(store, ia, ib, strength, how)
    typer.echo(f"linked #{ia} and #{ib} (strength {strength})")


@command("search")
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="Name, company, title, email, skill, tag, "
                                              "place or a word of the notes.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most N results.")
                     ] = SEARCH_LIMIT,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Fuzzy search (typos and accents tolerated), best first."""
    from rolodex.cli.fast import format_results
    from rolodex.core.db import fastread
    from rolodex.core.search.oneshot import search as quick

    url = db or global_db(ctx)
    try:
        found = quick(url, query, max(limit, 0))
    except fastread.StaleSchema:
        open_store(url, ctx, create=False).close()  # upgrades after a backup
        found = quick(url, query, max(limit, 0))
    if not found and not as_json:
        typer.echo(f"rolodex: no contact matches '{query}'", err=True)
        raise typer.Exit(1)
    typer.echo(format_results(found, as_json), nl=False)


@command("show")
def show(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Who (fuzzy name or #id).")],
    limit: Annotated[int, typer.Option("--limit", help="Interactions shown (0: all).")] = 50,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """A contact's profile: details, tie, cadence, who they know, interactions."""
    from rolodex.core.profile import profile, render
    from rolodex.core.records.contacts import resolve

    store = open_store(db, ctx, create=False)
    cid = resolve(store, contact, include_archived=True)
    p = profile(store, cid, interactions=limit or None)
    if as_json:
        print_json(p)
    else:
        typer.echo(render(p, store.now()))


@command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="Where to write the copy.")],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    db: DbOption = None,
) -> None:
    """A consistent copy of the whole rolodex (safe while it is in use)."""
    store = open_store(db, ctx, create=False)
    dest = store.backup(file, force=force)
    typer.echo(f"backed up to {dest}")


@command("mutt-query", context_settings={"ignore_unknown_options": True})
def mutt_query(
    ctx: typer.Context,
    query: Annotated[list[str], typer.Argument(help="What was typed so far.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most N addresses.")] = 200,
    db: DbOption = None,
) -> None:
    """Addresses in mutt's query_command format (set query_command="rolodex mutt-query %s").

    The installed `rolodex` runs this before loading the command line (it is fast);
    this is the same code, for `--help` and for tests.
    """
    from rolodex.cli.fast import mutt_main

    code = mutt_main(["--limit", str(limit), "--", *query], db=db or global_db(ctx))
    if code:
        raise typer.Exit(code)
