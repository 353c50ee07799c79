"""The command line's fast paths: ``rolodex mutt-query``, a plain ``rolodex search``,
``rolodex show``, ``rolodex today`` and ``rolodex stats``.

mutt runs ``query_command`` on every address completion and scripts call ``search``, so
``rolodex/__main__.py`` sends them here before typer, SQLAlchemy or anything heavy is
imported: the standard library and the core's DB-API reader only. This module owns their
arguments and output; the reading is the core's (``core/search/mutt.py``,
``core/search/oneshot.py``, ``core/profile.py``, ``core/today.py``, ``core/stats.py``).
The typer commands of the same names (for ``--help`` and anything but the plain form) call
the same functions (``show``: the same profile and resolve rule, on the Store's connection).
"""

from __future__ import annotations

import sys

from rolodex.core.search.mutt import LIMIT as MUTT_LIMIT

MUTT_USAGE = "usage: rolodex [--db URL] mutt-query [--db URL] [--limit N] QUERY"


def _clean(s: str) -> str:
    return s.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def mutt_args(argv: list[str]) -> tuple[str | None, int, str]:
    db, limit, words = None, MUTT_LIMIT, []
    it = iter(argv)
    for a in it:
        if a in ("-h", "--help"):
            raise SystemExit(_mutt_help())
        if a == "--db":
            db = next(it, None)
            if db is None:
                raise ValueError("--db needs a value")
        elif a.startswith("--db="):
            db = a.split("=", 1)[1]
        elif a in ("--limit", "-n"):
            limit = _limit(next(it, None))
        elif a.startswith("--limit="):
            limit = _limit(a.split("=", 1)[1])
        elif a == "--":
            words.extend(it)
        elif a.startswith("-") and len(a) > 1:
            raise ValueError(f"unknown option {a}")
        else:
            words.append(a)
    if not words:
        raise ValueError("a query is needed")
    return db, limit, " ".join(words)


def _limit(v: str | None) -> int:
    if v is None or not v.isdigit():
        raise ValueError("--limit needs a number")
    return int(v)


def _mutt_help() -> int:
    sys.stdout.write(f"{MUTT_USAGE}\n\n"
                     "Prints matching addresses in mutt's query_command format.\n"
                     "In ~/.muttrc:  set query_command = \"rolodex mutt-query %s\"\n")
    return 0


def mutt_main(argv: list[str], db: str | None = None, out=None) -> int:
    """Run the query; returns the exit status (0 found, 1 none or failed, 2 bad usage)."""
    from rolodex.core.db.fastread import connect
    from rolodex.core.errors import RolodexError
    from rolodex.core.search.mutt import query

    out = out or sys.stdout
    try:
        arg_db, limit, text = mutt_args(argv)
    except ValueError as exc:
        sys.stderr.write(f"rolodex: {exc}\n{MUTT_USAGE}\n")
        return 2
    try:
        with connect(arg_db or db) as conn:
            found = query(conn, text, limit)
    except RolodexError as exc:
        sys.stderr.write(f"rolodex: {exc}\n")
        return exc.exit_code
    if not found:
        out.write("no matches\n")
        return 1
    lines = [f"rolodex: {len(found)} address{'es' if len(found) != 1 else ''}"]
    lines += [f"{_clean(e)}\t{_clean(n)}\t{_clean(x)}" for e, n, x in found]
    out.write("\n".join(lines) + "\n")
    return 0


def format_results(found: list[tuple], as_json: bool) -> str:
    """What ``rolodex search`` prints: a JSON list of {id, name, company, title, score}, or
    one line per contact (the caller says "no contact matches" when there is none)."""
    if as_json:
        import json

        return json.dumps([{"id": r.id, "name": r.name, "company": r.company, "title": r.title,
                            "score": score} for r, score in found],
                          ensure_ascii=False, indent=2) + "\n"
    width = max((len(r.name) for r, _s in found), default=0)
    lines = []
    for r, score in found:
        role = ", ".join(x for x in (r.title, r.company) if x)
        lines.append(f"#{r.id:<6} {r.name:<{width}}  {role}  ({score:.0f})".rstrip())
    return "".join(line + "\n" for line in lines)


def search_main(argv: list[str], db: str | None = None) -> int | None:
    """``rolodex search`` without typer (dispatched by rolodex/__main__.py). Returns the
    exit status, or None when the arguments are anything but the plain form (help, bad
    usage, an older schema to upgrade): the typer command then handles them."""
    from rolodex.core.db.fastread import StaleSchema
    from rolodex.core.errors import RolodexError
    from rolodex.core.search.oneshot import search
    from rolodex.core.search.query import LIMIT

    query, limit, as_json = None, LIMIT, False
    it = iter(argv)
    for a in it:
        if a == "--json":
            as_json = True
        elif a in ("--limit", "-n", "--db"):
            v = next(it, None)
            if v is None or (a != "--db" and not v.isdigit()):
                return None
            if a == "--db":
                db = v
            else:
                limit = int(v)
        elif a.startswith("--db="):
            db = a.split("=", 1)[1]
        elif a.startswith("--limit=") and a[8:].isdigit():
            limit = int(a[8:])
        elif a.startswith("-") or query is not None:
            return None
        else:
            query = a
    if query is None:
        return None
    try:
        found = search(db, query, limit)
    except StaleSchema:
        return None
    except RolodexError as exc:
        sys.stderr.write(f"rolodex: {exc}\n")
        return exc.exit_code
    if not found and not as_json:
        sys.stderr.write(f"rolodex: no contact matches '{query}'\n")
        return 1
    sys.stdout.write(format_results(found, as_json))
    return 0


def _options(argv: list[str], db: str | None, limit: int, limit_ok
             ) -> tuple[str | None, int, bool, list[str]] | None:
    """(db, limit, as_json, the other words) of a fast path's ``--db X``, ``--limit N``,
    ``--json`` (and ``--db=X``, ``--limit=N``); None when an option lacks its value or the
    limit is not one ``limit_ok`` takes: the typer command then says so in its words."""
    as_json, rest = False, []
    it = iter(argv)
    for a in it:
        if a == "--json":
            as_json = True
        elif a in ("--db", "--limit") or a.startswith(("--db=", "--limit=")):
            name, eq, v = a.partition("=")
            if not eq:
                v = next(it, None)
                if v is None:
                    return None
            if name == "--db":
                db = v
            elif limit_ok(v):
                limit = int(v)
            else:
                return None
        else:
            rest.append(a)
    return db, limit, as_json, rest


def _report(read, as_json: bool, data, text) -> int | None:
    """Run ``read()`` and print its answer: ``data(answer)`` as JSON or ``text(answer)``;
    the exit status, or None when the rolodex needs a schema upgrade (the typer command
    then opens it with the Store, which upgrades it). One error mapping for the reports."""
    from rolodex.core.db.fastread import StaleSchema
    from rolodex.core.errors import RolodexError

    try:
        answer = read()
    except StaleSchema:
        return None
    except RolodexError as exc:
        sys.stderr.write(f"rolodex: {exc}\n")
        return exc.exit_code
    if as_json:
        import json

        sys.stdout.write(json.dumps(data(answer), ensure_ascii=False, indent=2, default=str)
                         + "\n")
    else:
        sys.stdout.write(text(answer) + "\n")
    return 0


def today_main(argv: list[str], db: str | None = None) -> int | None:
    """``rolodex today [--json] [--limit N]`` without typer (dispatched by
    rolodex/__main__.py). None when the arguments are anything else (help, bad usage) or
    the rolodex needs a schema upgrade: the typer command then handles them."""
    from datetime import datetime

    from rolodex.core.today import LIMIT, as_json_data, render, today

    opts = _options(argv, db, LIMIT, lambda v: v.isdigit() and int(v) > 0)
    if opts is None or opts[3]:
        return None
    db, limit, as_json, _rest = opts
    return _report(lambda: today(db, datetime.now(), limit=limit), as_json, as_json_data,
                   render)


def stats_main(argv: list[str], db: str | None = None) -> int | None:
    """``rolodex stats [--json]`` without typer or SQLAlchemy (dispatched by
    rolodex/__main__.py): the figures the typer command prints, read by ``fastread``. None
    when the arguments are anything else or the rolodex needs a schema upgrade: the typer
    command then handles them."""
    opts = _options(argv, db, 0, lambda v: False)  # no --limit: the typer command says so
    if opts is None or opts[3]:
        return None
    db, _limit, as_json, _rest = opts
    from rolodex.core.stats import compute_stats, describe

    return _report(lambda: compute_stats(db), as_json, lambda st: st.to_json(),
                   lambda st: "\n".join(describe(st)))


def show_main(argv: list[str], db: str | None = None) -> int | None:
    """``rolodex show CONTACT [--json] [--limit N]`` without typer (dispatched by
    rolodex/__main__.py): the same profile the typer command prints, read by ``fastread``.
    None when the arguments are anything else (help, bad usage), the rolodex needs a
    schema upgrade or cannot be read: the typer command then handles them, in its words."""
    import os

    opts = _options(argv, db, 50, lambda v: v.lstrip("-").isdigit())
    if opts is None or len(opts[3]) != 1 or opts[3][0].startswith("-"):
        return None
    db, limit, as_json, (contact,) = opts
    busy = os.environ.get("ROLODEX_BUSY_MS")
    if contact is None or (busy is not None and not busy.strip().isdigit()):
        return None
    from datetime import datetime

    from rolodex.core.db.fastread import connect, open_as_member
    from rolodex.core.errors import Ambiguous, NotFound, RolodexError, UsageError
    from rolodex.core.paths import mask_secrets
    from rolodex.core.profile import read_profile, render
    from rolodex.core.records.lookup import resolve_on

    now = datetime.now().replace(microsecond=0)
    try:
        with connect(db) as conn:
            login = open_as_member(conn)  # autocommit: the bands brought up to today
            cid = resolve_on(conn, contact, include_archived=True)
            p = read_profile(conn, cid, now=now, login=login,
                             interactions=limit or None)
    except (Ambiguous, NotFound, UsageError) as exc:
        sys.stderr.write(f"rolodex: {mask_secrets(str(exc))}\n")
        return exc.exit_code
    except RolodexError:
        return None
    if as_json:
        import json

        sys.stdout.write(json.dumps(p, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.write(render(p, now) + "\n")
    return 0
