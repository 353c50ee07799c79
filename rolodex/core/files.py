"""Files rolodex writes for the person (exports, backups, dumps): never over an existing
file without ``--force``, and never half written.

``write_new(dest, fill, force=...)`` refuses an existing ``dest`` (one line naming it) unless
``force``; ``fill(tmp)`` writes a temporary file beside it, which is flushed to disk and then
renamed over ``dest`` (and the folder synced), so a crash leaves the old file or the new one,
never a mix.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from rolodex.core.errors import RolodexError


def check_target(dest: Path, force: bool) -> None:
    """Refuse a folder, a missing folder, or (without ``force``) an existing file."""
    if dest.is_dir():
        raise RolodexError(f"{dest}: is a folder")
    if not dest.parent.is_dir():
        raise RolodexError(f"{dest.parent}: no such folder")
    if not force and (dest.exists() or dest.is_symlink()):
        raise RolodexError(f"{dest}: already exists; nothing written (--force replaces it)")


def write_new(dest: str | Path, fill: Callable[[Path], None], *, force: bool = False,
              what: str = "the file") -> Path:
    dest = Path(dest).expanduser()
    check_target(dest, force)
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        tmp.unlink(missing_ok=True)
        fill(tmp)
        os.chmod(tmp, 0o600)
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, dest)
        _sync_folder(dest.parent)
    except RolodexError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise RolodexError(f"{dest}: cannot write {what} ({exc.strerror or exc}); "
                           "nothing was written") from None
    return dest


def write_bytes_new(dest: str | Path, data: bytes, *, force: bool = False) -> Path:
    def fill(tmp: Path) -> None:
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)

    return write_new(dest, fill, force=force)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
