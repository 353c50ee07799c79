"""who, endorse, ask, intros, intro: the warm-introduction commands."""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, open_store, print_json
from rolodex.core.network.match import LIMIT

SHOWN_PER_GROUP = 3


def target_text(r) -> str:
    """'Raj Patel via Bob Stone, Kubernetes (skill, exact) · Berlin, Germany (lives there)'."""
    via = [h.name for h in r.path[1:-1]]
    who = r.target["name"] + (f" via {' and '.join(via)}" if via else "")
    return f"{who}, {r.reason}"


def answer_lines(answer) -> list[str]:
    """What `rolodex who` prints: a note on words nobody has, the "no one ... matches every
    part" line when it applies, then the results grouped by introducer."""
    lines = [f"(left out '{w}': no one has it as a skill, tag, title, company or place)"
             for w in answer.unknown]
    if answer.lacking:
        lines.append(f"{answer.lacking[:1].upper()}{answer.lacking[1:]}; closest:")
    return lines + group_lines(answer)


def group_lines(results) -> list[str]:
    from rolodex.core.network.introducer import (
        colleague_summary,
        group_by_introducer,
        tie_summary,
    )

    lines = []
    for g in group_by_introducer(results):
        shown = [target_text(r) for r in g.results[:SHOWN_PER_GROUP]]
        more = len(g.results) - len(shown)
        tail = f"; and {more} more" if more else ""
        if g.colleague is not None:
            lines.append(f"Ask {colleague_summary(g.colleague, g.results[0].path[0].name)}: "
                         + "; ".join(shown) + tail)
        elif g.introducer is None:
            lines.append("You know directly: " + "; ".join(
                f"{target_text(r)} (tie {r.path[0].tie:.2f})"
                for r in g.results[:SHOWN_PER_GROUP]) + tail)
        else:
            lines.append(f"Ask {g.introducer.name} ({tie_summary(g.introducer)}): "
                         + "; ".join(shown) + tail)
    return lines


@command("who")
def who(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A skill, tag, title, company or place; "
                                               "several words narrow it.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many people.")
                     ] = LIMIT,
    hops: Annotated[int, typer.Option("--hops", help="Longest path from me, in ties.")] = 3,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Who do I know that can QUERY? The warmest introductions, grouped by introducer."""
    from rolodex.core.errors import UsageError
    from rolodex.core.network.introducer import MAX_HOPS, build_around, who_can

    if not query.strip():
        raise UsageError("who: give a skill, title, company or tag to look for")
    if not 1 <= hops <= MAX_HOPS:
        raise UsageError(f"--hops: {hops} is not between 1 and {MAX_HOPS}")
    store = open_store(db, ctx, create=False)
    network = build_around(store, query, hops, limit=limit)  # only what this query needs
    results = who_can(store, network, query, limit=limit, hops=hops)
    if as_json:
        print_json([r.to_json() for r in results])
        return
    if not results:
        typer.echo(f"No one within {hops} ties matches '{query}'.")
        return
    for line in answer_lines(results):
        typer.echo(line)


@command("endorse")
def endorse_cmd(
    ctx: typer.Context,
    contact: Annotated[str, typer.Argument(help="Who is endorsed (fuzzy name or #id).")],
    skill: Annotated[str, typer.Argument(help="For which skill.")],
    by: Annotated[str | None, typer.Option("--by", help="Who vouches (default: me).")] = None,
    message: Annotated[str, typer.Option("-m", "--message", help="A note.")] = "",
    db: DbOption = None,
) -> None:
    """Record an endorsement of CONTACT for SKILL (it raises their who-can match)."""
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.endorsements import endorse, endorsements_of

    store = open_store(db, ctx, create=False)
    cid = resolve(store, contact)
    by_id = resolve(store, by) if by else None
    endorse(store, cid, skill, by_id=by_id, note=message)
    views = endorsements_of(store, cid)
    mine = [v for v in views if v.skill.casefold() == skill.strip().casefold()]
    who_name = next((v.by_name for v in mine if v.by_id == by_id), "me")
    typer.echo(f"endorsed #{cid} for {mine[0].skill if mine else skill} by {who_name} "
               f"({len(mine)} endorsement{'s' if len(mine) != 1 else ''})")


@command("ask")
def ask_cmd(
    ctx: typer.Context,
    introducer: Annotated[str, typer.Argument(help="Whom I ask (fuzzy name or #id).")],
    target: Annotated[str, typer.Argument(help="Whom I want to meet.")],
    message: Annotated[str, typer.Option("-m", "--message", help="A note.")] = "",
    for_what: Annotated[str, typer.Option("--for", help="What for (e.g. the skill).")] = "",
    kind: Annotated[str, typer.Option("--kind", help="How I asked: message, email, call...")
                    ] = "message",
    db: DbOption = None,
) -> None:
    """Ask INTRODUCER for an introduction to TARGET (logged as an interaction with them)."""
    from rolodex.core.records.contacts import resolve
    from rolodex.core.records.intros import ask, get_intro

    store = open_store(db, ctx, create=False)
    by_id, to_id = resolve(store, introducer), resolve(store, target)
    iid = ask(store, by_id, to_id, note=message, for_what=for_what, kind=kind)
    v = get_intro(store, iid)
    typer.echo(f"intro #{iid}: asked {v.introducer} to introduce {v.target}")


@command("intros")
def intros_cmd(
    ctx: typer.Context,
    show_all: Annotated[bool, typer.Option("--all", help="Closed ones too.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Open introduction requests, oldest first, with their age."""
    from rolodex.core.records.intros import all_intros, open_intros

    store = open_store(db, ctx, create=False)
    items = all_intros(store) if show_all else open_intros(store)
    if as_json:
        print_json([{"id": v.id, "introducer": {"id": v.introducer_id, "name": v.introducer},
                     "target": {"id": v.target_id, "name": v.target}, "for": v.for_what,
                     "note": v.note, "status": v.status, "asked_at": v.asked_at.isoformat(),
                     "closed_at": v.closed_at.isoformat() if v.closed_at else None,
                     "age_days": v.age_days} for v in items])
        return
    if not items:
        typer.echo("No open introduction requests." if not show_all else "No introductions.")
        return
    for v in items:
        extra = f"  ({v.for_what})" if v.for_what else ""
        note = f"  {v.note}" if v.note else ""
        state = f"asked {v.age}" if v.status == "asked" else f"{v.status}"
        typer.echo(f"#{v.id}  {v.introducer} -> {v.target}  {state}{extra}{note}")


@command("intro")
def intro_cmd(
    ctx: typer.Context,
    intro_id: Annotated[str, typer.Argument(metavar="ID", help="The introduction's number.")],
    status: Annotated[str, typer.Argument(help="made, declined or no-reply")],
    db: DbOption = None,
) -> None:
    """Close an introduction request; 'made' means I now know the target directly."""
    from rolodex.core.errors import UsageError
    from rolodex.core.records.intros import close_intro

    if not intro_id.lstrip("#").isdigit():
        raise UsageError(f"ID: '{intro_id}' is not an introduction number (see rolodex intros)")
    store = open_store(db, ctx, create=False)
    v = close_intro(store, int(intro_id.lstrip("#")), status)
    if v.status == "made":
        typer.echo(f"intro #{v.id} made: you now know {v.target} directly "
                   f"(thanks to {v.introducer})")
    else:
        typer.echo(f"intro #{v.id} closed: {v.status}")
