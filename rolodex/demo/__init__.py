"""The demo rolodex: a reproducible rolodex shaped like the CRM in the 2003 article.

``build_demo(store, contacts=34257, seed=2003, progress=None)`` is the one entry point
and ``demo_db_url()`` the one place of the demo file (the ``rolodex demo`` command and the
TUI's welcome view use both). Heavy imports (faker's
locale data, SQLAlchemy) happen when it runs, not when this package is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

DEFAULT_CONTACTS = 34_257
DEFAULT_SEED = 2003

if TYPE_CHECKING:
    from .build import DemoSummary


def demo_db_url(db: str | None = None) -> str:
    """The demo file: ``db`` when given, else ``demo.db`` in the user data folder (never the
    user's own rolodex, never ``$ROLODEX_DB``). ``rolodex demo`` and the TUI's welcome view
    both build into it."""
    from rolodex.core.paths import resolve_db_url, user_data_dir

    return resolve_db_url(db or str(user_data_dir() / "demo.db"))


def build_demo(store, contacts: int = DEFAULT_CONTACTS, seed: int = DEFAULT_SEED,
               progress=None, *, replace: bool = False) -> DemoSummary:
    from .build import build_demo as _build

    return _build(store, contacts=contacts, seed=seed, progress=progress, replace=replace)


__all__ = ["DEFAULT_CONTACTS", "DEFAULT_SEED", "build_demo", "demo_db_url"]
