"""``rolodex demo`` (build the demo rolodex, then open it) and ``rolodex stats``.

The demo goes into its own file in the user data folder, never into the user's own
rolodex: ``$ROLODEX_DB`` is ignored here, only an explicit ``--db`` chooses another place.
``stats`` imports neither networkx nor Textual.
"""

from __future__ import annotations

from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, fail, open_store, print_json


def _explicit_global_db(ctx: typer.Context) -> str | None:
    """``rolodex --db X demo``: X only if typed on the command line (not from $ROLODEX_DB)."""
    parent = ctx.parent
    if parent is None or not isinstance(parent.obj, dict):
        return None
    source = parent.get_parameter_source("db")
    if getattr(source, "name", None) == "COMMANDLINE":
        return parent.obj.get("db")
    return None


class _Bar:
    """progress(done, total) drawn with rich (installed with typer), else typer's bar."""

    def __init__(self, label: str):
        self.label = label
        self._last = 0
        self._ctx = None
        self._bar = None
        self._task = None

    def __enter__(self):
        try:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._ctx = Progress(TextColumn("{task.description}"), BarColumn(),
                                 TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                                 transient=False)
            self._bar = self._ctx.__enter__()
            self._task = self._bar.add_task(self.label, total=100)
        except ImportError:  # pragma: no cover - typer ships rich
            self._ctx = typer.progressbar(length=100, label=self.label)
            self._bar = self._ctx.__enter__()
        return self

    def __call__(self, done: int, total: int) -> None:
        pct = round(100 * done / total) if total else 100
        if self._task is not None:
            self._bar.update(self._task, completed=pct)
        elif pct > self._last:
            self._bar.update(pct - self._last)
        self._last = max(self._last, pct)

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


@command("demo")
def demo(
    ctx: typer.Context,
    contacts: Annotated[int, typer.Option("--contacts", help="How many contacts.")] = 34_257,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same rolodex.")] = 2003,
    db: Annotated[str | None, typer.Option(
        "--db", help="Where to build it (default: demo.db in the user data folder).")] = None,
    no_tui: Annotated[bool, typer.Option("--no-tui", help="Build only; do not open it.")]
    = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the contacts already in the target database.")] = False,
) -> None:
    """Build a demo rolodex shaped like a 34,257-contact CRM, then open it."""
    from rolodex.core.db.store import Store
    from rolodex.core.errors import UsageError
    from rolodex.core.records.contacts import count_contacts
    from rolodex.demo import demo_db_url
    from rolodex.demo.build import MIN_CONTACTS, build_demo

    if contacts < MIN_CONTACTS:
        raise UsageError(f"--contacts: a demo needs at least {MIN_CONTACTS} contacts")
    explicit = db or _explicit_global_db(ctx)
    url = demo_db_url(explicit)
    store = Store(url)
    try:
        have = count_contacts(store, include_archived=True)
        if have and not force and not explicit and not no_tui:
            # The default demo file is ours: running the README's command again opens it.
            typer.echo(f"opening the demo already built in {store.where()} "
                       f"({have:,} contacts; --force rebuilds it)")
            store.close()
            from rolodex.cli.tui_cmd import open_tui

            open_tui(url)
            return
        if have and not force:
            where = store.where()
            raise fail(f"{where} already has {have:,} contact{'s' if have != 1 else ''}; "
                       f"open it with 'rolodex --db {where}', or rebuild it with --force", 1)
        with _Bar(f"building {contacts:,} contacts") as bar:
            summary = build_demo(store, contacts=contacts, seed=seed, progress=bar,
                                 replace=force)
    finally:
        store.close()
    typer.echo(f"demo rolodex: {summary.contacts:,} contacts ({summary.confirmed:,} confirmed), "
               f"{summary.knows:,} knows-edges, {summary.interactions:,} interactions, "
               f"built in {summary.seconds:.1f} s -> {store.where()}")
    if not no_tui:
        from rolodex.cli.tui_cmd import open_tui

        open_tui(url)


@command("stats")
def stats(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Reach figures: confirmed contacts, who was reached, one-to-one work, network reach."""
    from rolodex.core.stats import compute_stats, describe

    store = open_store(db, ctx, create=False)
    try:
        st = compute_stats(store)
    finally:
        store.close()
    if as_json:
        print_json(st.to_json())
    else:
        typer.echo("\n".join(describe(st)))
