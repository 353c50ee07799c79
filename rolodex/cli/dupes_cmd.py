"""dupes: review the possible duplicates an import found (merge them, or keep both)."""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, fail, open_store, print_json


def _card(c: dict) -> str:
    at = f" ({c['company']})" if c["company"] else ""
    return f"#{c['id']} {c['name']}{at}"


@command("dupes")
def dupes(
    ctx: typer.Context,
    action: Annotated[str | None, typer.Argument(
        metavar="[merge|keep]", help="merge A B: B into A, as rolodex merge; keep A B: "
                                     "two people, never suggested again.")] = None,
    a: Annotated[str | None, typer.Argument(metavar="A", help="A contact (#id or name).")]
    = None,
    b: Annotated[str | None, typer.Argument(metavar="B", help="The other contact.")] = None,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List the possible duplicates to review, with the evidence for and against."""
    from rolodex.core.records import dupes as core

    if action is None:
        store = open_store(db, ctx, create=False)
        pairs = core.open_pairs(store)
        if json_out:
            print_json(pairs)
            return
        if not pairs:
            typer.echo("no possible duplicates to review")
            return
        for p in pairs:
            why = "; ".join(x for x in (
                ("for: " + ", ".join(p["for"])) if p["for"] else "",
                ("against: " + ", ".join(p["against"])) if p["against"] else "") if x)
            typer.echo(f"{_card(p['a'])}  /  {_card(p['b'])}" + (f"  ({why})" if why else ""))
        typer.echo(f"{len(pairs)} to review: rolodex dupes merge A B, rolodex dupes keep A B")
        return
    if action not in ("merge", "keep"):
        raise fail(f"dupes '{action}': use merge A B or keep A B", 2)
    if a is None or b is None:
        raise fail(f"dupes {action} needs two contacts: rolodex dupes {action} A B", 2)
    from rolodex.core.records.contacts import resolve

    store = open_store(db, ctx, create=False)
    ia, ib = resolve(store, a), resolve(store, b)
    if action == "keep":
        core.keep_both(store, ia, ib)
        if json_out:
            print_json({"kept": [ia, ib]})
            return
        typer.echo(f"kept #{ia} and #{ib} apart; they will not be suggested again")
        return
    from rolodex.cli.contacts_cmd import report_merge

    report_merge(core.merge_pair(store, ia, ib), json_out)
