"""Where things live: the database URL, the user folders, the shipped data.

Cheap to import (no SQLAlchemy): the fast CLI paths use it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (importing typing costs more than this whole module)
if TYPE_CHECKING:  # pathlib costs ~4 ms to import; mutt-query does without it
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
    return "sqlite:///" + os.path.realpath(os.path.expanduser(raw))


def display_url(url: str) -> str:
    """The database as it may be shown anywhere: a file's path, or a server URL with its
    password masked and its query (options) dropped."""
    rest = sqlite_file(url) if is_sqlite(url) else None
    if rest is not None:
        return rest
    return mask_secrets(url.split("?", 1)[0])


# ``scheme://user:PASSWORD@host`` and libpq's ``password=...`` (the forms a message can
# carry a password in: a URL, a conninfo string, a driver's error quoting either).
# (``re`` is imported only when a text may hold one: mutt-query's path stays without it.)
def mask_secrets(text: str) -> str:
    """``text`` with every password in a URL or conninfo replaced by ``***``."""
    if "@" not in text and "password" not in text.lower():
        return text
    import re

    text = re.sub(r"(\b[a-zA-Z][\w+.-]*://[^:/@\s]*):[^@\s]*@", r"\1:***@", text)
    return re.sub(r"(?i)\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", text)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_file(url: str) -> str | None:
    """The file behind a sqlite URL as a string, or None for an in-memory database."""
    if not is_sqlite(url):
        return None
    rest = url.split(":///", 1)[1] if ":///" in url else ""
    rest = rest.split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return rest


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for an in-memory database."""
    from pathlib import Path

    rest = sqlite_file(url)
    return Path(rest) if rest is not None else None


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq understands it (for psycopg.connect)."""
    scheme, rest = url.split("://", 1)
    return "postgresql://" + rest


def data_dir() -> Path:
    """The shipped vocabularies and samples: ``rolodex/_data`` in a wheel, ``data/`` in a
    checkout."""
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data"
    if packaged.is_dir():
        return packaged
    return here.parent / "data"
