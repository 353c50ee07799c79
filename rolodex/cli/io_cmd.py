"""import, export: vCard and CSV in and out (the work is in rolodex/interchange)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from rolodex.cli.base import DbOption, JsonOption, command, fail, open_store, print_json

IMPORT_FORMATS = ("vcard", "linkedin", "google", "outlook", "csv")
EXPORT_FORMATS = ("vcard", "csv")
BAR_FROM = 2000  # records; smaller files finish before a bar would be worth drawing


@command("import")
def import_(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Argument(metavar="FORMAT",
                                       help="vcard, linkedin, google, outlook or csv")],
    file: Annotated[str, typer.Argument(metavar="FILE", help="The file to import.")],
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Print the summary; write nothing.")] = False,
    on_duplicate: Annotated[str, typer.Option(
        "--on-duplicate", metavar="skip|merge|new",
        help="Someone already in the rolodex: skip them, merge the new details in, or add "
             "a second card.")] = "skip",
    skip_bad: Annotated[bool, typer.Option(
        "--skip-bad", help="Import the good records and report every bad one.")] = False,
    json_out: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import contacts from a vCard or CSV file, in one transaction."""
    from pathlib import Path

    fmt = fmt.lower()
    if fmt not in IMPORT_FORMATS:
        raise fail(f"unknown format '{fmt}': use one of {', '.join(IMPORT_FORMATS)}", 2)
    if on_duplicate not in ("skip", "merge", "new"):
        raise fail(f"--on-duplicate '{on_duplicate}': use skip, merge or new", 2)
    path = Path(file).expanduser()
    if not path.is_file():
        raise fail(f"{file}: no such file" if not path.exists() else f"{file}: not a file", 2)

    from rolodex.interchange.importer import import_file

    store = open_store(db, ctx)
    with _Bar(sys.stderr) as bar:
        summary = import_file(store, fmt, path, dry_run=dry_run, on_duplicate=on_duplicate,
                              skip_bad=skip_bad, progress=bar.update)
    for b in summary.bad:
        typer.echo(f"skipped {b}", err=True)
    if json_out:
        print_json({"file": str(path), "format": fmt, **summary.to_json()})
        return
    head = "dry run, nothing written: " if dry_run else ""
    typer.echo(f"{head}{path.name}: {summary.line()}")
    if summary.pairs and not dry_run:
        typer.echo("review them: rolodex dupes")


class _Bar:
    """A progress bar on stderr for large files (only when stderr is a terminal)."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None
        self.done = 0

    def __enter__(self):
        return self

    def update(self, done: int, total: int) -> None:
        if total < 2 * BAR_FROM or not self.stream.isatty():
            return
        if self.bar is None:
            self.bar = typer.progressbar(length=total, label=f"importing {total // 2:,}",
                                         file=self.stream, show_percent=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


@command("export")
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="vcard or csv")],
    file: Annotated[str, typer.Argument(metavar="FILE", help="Where to write ('-': stdout).")],
    contact: Annotated[str | None, typer.Option("--contact", metavar="NAME",
                                                help="Export this one contact.")] = None,
    vcard3: Annotated[bool, typer.Option("--vcard3", help="Write vCard 3.0.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    version: Annotated[str | None, typer.Option(
        "--version", metavar="4.0|3.0", help="vCard version (default 4.0).")] = None,
    db: DbOption = None,
) -> None:
    """Export contacts to vCard 4.0 (3.0 with --vcard3) or CSV."""
    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise fail(f"unknown format '{fmt}': use vcard or csv", 2)
    vversion = "3.0" if vcard3 else (version or "4.0")
    if vversion not in ("3.0", "4.0"):
        raise fail(f"--version '{version}': use 4.0 or 3.0", 2)
    from rolodex.core.records.contacts import resolve
    from rolodex.interchange.exporter import export_file

    store = open_store(db, ctx, create=False)
    ids = [resolve(store, contact)] if contact else None
    n = export_file(store, fmt, file, contact_ids=ids, vcard_version=vversion, force=force)
    if file != "-":
        typer.echo(f"exported {n} contact{'s' if n != 1 else ''} to {file}")
