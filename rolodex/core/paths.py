"""Where things live: the database URL, the user folders, the shipped data.

Cheap to import (no SQLAlchemy): the fast CLI paths use it.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "rolodex"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_config_dir() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return user_data_dir() / "rolodex.db"


def resolve_db_url(arg: str | None = None) -> str:
    """``--db`` if given, else ``$ROLODEX_DB``, else the file in the user data folder.

    A plain path becomes ``sqlite:///<absolute path>``; URLs pass through.
    """
    raw = arg or os.environ.get("ROLODEX_DB") or str(default_db_path())
    if "://" in raw:
        if raw.startswith("postgresql://") or raw.startswith("postgres://"):
            raw = "postgresql+psycopg://" + raw.split("://", 1)[1]
        return raw
    return "sqlite:///" + str(Path(raw).expanduser().resolve())


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for an in-memory database."""
    if not is_sqlite(url):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq understands it (for psycopg.connect)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest


def data_dir() -> Path:
    """The shipped vocabularies and samples: ``rolodex/_data`` in a wheel, ``data/`` in a
    checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data"
    if packaged.is_dir():
        return packaged
    return here.parent / "data"
