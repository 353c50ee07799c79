"""Errors the core raises; the CLI turns them into one line on stderr and an exit code."""

from __future__ import annotations

from rolodex.core.paths import mask_secrets
from rolodex.core.text import printable


class RolodexError(Exception):
    """A failure the user can act on. ``exit_code`` 1 = failed, 2 = bad usage."""

    exit_code = 1

    def __init__(self, *args):
        # One home for what every message the core raises must be: one line (a typed value
        # quoted in it may hold a newline or a control), with the passwords of database
        # URLs masked, whatever built it (our text or a driver's).
        super().__init__(*(_one_line(a) if isinstance(a, str) else a for a in args))


def _one_line(message: str) -> str:
    return printable(mask_secrets(message)).replace("\n", "\\n").replace("\t", " ")


class UsageError(RolodexError):
    """The input was wrong (unknown kind, bad date, bad strength...)."""

    exit_code = 2


class NotFound(RolodexError):
    """No contact (or interaction, introduction...) matches."""

    exit_code = 1


class Ambiguous(RolodexError):
    """A typed name matches several contacts equally well."""

    exit_code = 1

    def __init__(self, query: str, candidates: list[str], total: int | None = None):
        """``total``: how many match in all, when more than ``candidates`` were fetched."""
        self.query = query
        self.candidates = candidates
        shown = "; ".join(candidates[:8])
        rest = max(total or 0, len(candidates)) - min(len(candidates), 8)
        more = f" and {rest:,} more" if rest > 0 else ""
        super().__init__(f"'{query}' is ambiguous: {shown}{more}")


class StoreError(RolodexError):
    """The database cannot be opened or written (locked, not a rolodex, too new...)."""

    exit_code = 1
