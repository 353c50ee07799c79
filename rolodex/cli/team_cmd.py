"""team: a team rolodex on PostgreSQL (set up, members, shared ties, bringing a personal
rolodex in). The work is in rolodex/core/team; these are thin calls. On SQLite every
``team`` command says there is no team there (exit 2) and opens nothing."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, app, command, global_db, open_store, print_json

team = typer.Typer(help="A team rolodex on PostgreSQL: members, privacy, shared ties.",
                   no_args_is_help=True, rich_markup_mode=None)
app.add_typer(team, name="team")


def _server_store(db: str | None, ctx: typer.Context, *, create: bool = False):
    from rolodex.core.team.schema import require_server

    return open_store(require_server(db or global_db(ctx)), ctx, create=create)


@command("init", on=team)
def init(
    ctx: typer.Context,
    roles: Annotated[str, typer.Option(
        "--roles", help="Prefix of the team's roles: PREFIX_owner owns the tables, "
                        "PREFIX_member holds the grants.")] = "rolodex",
    db: DbOption = None,
) -> None:
    """Make a PostgreSQL database a team rolodex (as a superuser; run again: no change)."""
    from rolodex.core.paths import display_url
    from rolodex.core.team.schema import init_team

    store = _server_store(db, ctx, create=True)
    report = init_team(store, roles)
    made = f"; created {', '.join(report.created_roles)}" if report.created_roles else ""
    typer.echo(f"team rolodex ready on {display_url(store.url)}: {len(report.tables)} tables "
               f"with forced row security, owned by {report.roles.owner}, granted to "
               f"{report.roles.group}{made}")


@command("add", on=team)
def add(
    ctx: typer.Context,
    login: Annotated[str, typer.Argument(metavar="LOGIN", help="Their PostgreSQL login.")],
    name: Annotated[str, typer.Argument(metavar="NAME", help="Their full name.")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="Read their password from the first line of stdin.")] = False,
    db: DbOption = None,
) -> None:
    """Add a member (as the administrator): a login role of their own in the team's group."""
    from rolodex.core.errors import UsageError
    from rolodex.core.team.members import add_member

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("--password-stdin: no password on stdin")
    store = _server_store(db, ctx)
    new = add_member(store, login, name, password=password)
    typer.echo(f"{'added' if new else 'readmitted'} {login} ({name.strip()})"
               + ("" if password else "; the server's own authentication applies "
                  "(pg_hba.conf, a password, a certificate)"))


@command("remove", on=team)
def remove(
    ctx: typer.Context,
    login: Annotated[str, typer.Argument(metavar="LOGIN")],
    db: DbOption = None,
) -> None:
    """Remove a member (as the administrator): no more logins; their rows are kept."""
    from rolodex.core.team.members import remove_member

    remove_member(_server_store(db, ctx), login)
    typer.echo(f"removed {login}: NOLOGIN, their shared ties withdrawn, their private rows "
               "kept (the administrator can still export them)")


@command("list", on=team)
def list_(
    ctx: typer.Context,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The team's members."""
    from rolodex.core.team.members import list_members

    members = list_members(_server_store(db, ctx))
    if json_out:
        print_json([m.to_json() for m in members])
        return
    for m in members:
        flags = [f for f, on in (("shares ties", m.share_ties), ("removed", not m.active)) if on]
        typer.echo(f"{m.login}  {m.name}" + (f"  ({', '.join(flags)})" if flags else ""))
    typer.echo(f"{sum(m.active for m in members)} member(s)")


@command("share-ties", on=team)
def share_ties_cmd(
    ctx: typer.Context,
    state: Annotated[str, typer.Argument(metavar="on|off")],
    db: DbOption = None,
) -> None:
    """Share (on) or stop sharing (off, at once) my ties with the team: only a band and
    the month of the last touch per contact, never the log behind it."""
    from rolodex.core.errors import UsageError
    from rolodex.core.team.bands import share_ties

    if state not in ("on", "off"):
        raise UsageError(f"share-ties '{state}': use on or off")
    n = share_ties(_server_store(db, ctx), state == "on")
    if state == "on":
        typer.echo(f"sharing your ties with the team: {n:,} band(s) (strong, moderate or weak "
                   "and the month of the last touch; never the log)")
    else:
        typer.echo("not sharing your ties any more: your bands are gone")


@command("import", on=team)
def import_cmd(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE.db", help="My personal SQLite rolodex.")],
    private: Annotated[bool, typer.Option(
        "--private", help="New cards are personal (only I see them), not team cards.")] = False,
    db: DbOption = None,
) -> None:
    """Bring my personal rolodex into the team: cards matched to team cards (kept as they
    are) or added, my log private to me; one transaction."""
    from rolodex.interchange.team_import import import_personal

    typer.echo(import_personal(_server_store(db, ctx), file, private=private).line())
