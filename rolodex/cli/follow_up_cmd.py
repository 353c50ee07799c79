"""``rolodex follow-up done CONTACT`` / ``snooze CONTACT DAY``: close a follow-up without
logging, or move it to a later day (core/records/follow_ups.py)."""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, fail, open_store, print_json


@command("follow-up")
def follow_up(
    ctx: typer.Context,
    action: Annotated[str, typer.Argument(metavar="ACTION", help=(
        "done: close the due follow-up without logging; snooze: move it to DAY."))],
    contact: Annotated[str, typer.Argument(metavar="CONTACT", help="Who (fuzzy name or #id).")],
    day: Annotated[str | None, typer.Argument(metavar="DAY", help=(
        "snooze to: friday, in 1w, +3d, tomorrow, next week, 2027-01-10."))] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Close a follow-up without logging (done), or snooze it to a later day."""
    if action not in ("done", "snooze"):
        raise fail(f"follow-up '{action}': use done CONTACT or snooze CONTACT DAY", 2)
    if action == "snooze" and day is None:
        raise fail("follow-up snooze needs a day: rolodex follow-up snooze CONTACT friday", 2)
    if action == "done" and day is not None:
        raise fail(f"follow-up done takes no day (got '{day}'): "
                   "rolodex follow-up done CONTACT", 2)
    from rolodex.core.db.derived import my_follow_up
    from rolodex.core.db.models import Contact
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.follow_ups import follow_up_done, snooze_follow_up
    from rolodex.core.when import parse_due

    store = open_store(db, ctx, create=False)
    until = parse_due(day, store.now().date()) if day is not None else None
    cid = resolve(store, contact)
    if until is None:
        closed = follow_up_done(store, cid)
    else:
        moved = snooze_follow_up(store, cid, until)
    with store.read() as s:
        person = s.get(Contact, cid)
        name, due = person.name, my_follow_up(s, cid)
    if as_json:
        out = {"id": cid, "name": name, "follow_up_due": due.isoformat() if due else None}
        if until is None:
            out["done"] = closed.isoformat()
        else:
            out["snoozed"] = [d.isoformat() for d in moved]
        print_json(out)
        return
    if until is None:
        then = f"; next follow-up {due:%a %Y-%m-%d}" if due else "; no follow-up open"
        typer.echo(f"done: {name}'s follow-up of {closed:%a %Y-%m-%d} (nothing logged){then}")
    else:
        days = ", ".join(f"{d:%a %Y-%m-%d}" for d in moved)
        typer.echo(f"snoozed {name}'s follow-up{'s' if len(moved) > 1 else ''} of {days} "
                   f"to {until:%a %Y-%m-%d}")
