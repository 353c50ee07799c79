"""The fast command-line paths (no typer, no SQLAlchemy).

``rolodex mutt-query`` is dispatched by ``rolodex/__main__.py`` before typer is imported.
The implementation lives in ``rolodex.core.mutt`` so that the entry point can reach it
without importing this package (``rolodex/cli/__init__.py`` loads typer and every
command); this module is the CLI-side name for it.
"""

from __future__ import annotations

from rolodex.core.mutt import main as _main


def mutt_query_main(argv: list[str], db: str | None = None) -> int:
    """Run ``mutt-query`` with its arguments; returns the exit status."""
    return _main(argv, db=db)
