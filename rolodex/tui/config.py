"""The user's TOML config in the user config folder: key remaps and the remembered theme.

```toml
theme = "nord"
start = "contacts"      # open on the contact list; default "today" (once there is history)
sort = "touch"          # the contact list's sort: name (default), touch, tie, overdue

[keys]
log-call = "C"          # binding id = key(s), comma-separated for several
quit = "ctrl+q"
```
Binding ids are listed on the help screen (``?``). A broken file is reported, not fatal.
The theme and the sort are remembered here as they are picked (``save_setting``: the rest of
the file kept as it was, the new file written beside it and renamed over it).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rolodex.core.paths import user_config_dir
from rolodex.core.sorting import SORTS


def config_path() -> Path:
    return user_config_dir() / "config.toml"


STARTS = ("today", "contacts")


@dataclass
class Config:
    keys: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    path: Path | None = None
    problem: str | None = None  # why the file could not be read, shown once in the app
    start: str = "today"  # the first screen once something is logged: "today" or "contacts"
    sort: str = "name"  # the contact list's sort (core.sorting.SORTS)


def load_config(path: Path | None = None) -> Config:
    path = path or config_path()
    if not path.exists():
        return Config(path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Config(path=path, problem=f"{path}: not read ({exc})")
    keys = data.get("keys", {})
    bad = [k for k, v in keys.items() if not isinstance(v, str)] if isinstance(keys, dict) else []
    if not isinstance(keys, dict) or bad:
        return Config(path=path, problem=f"{path}: [keys] values must be strings ({bad})")
    theme = data.get("theme")
    theme = theme if isinstance(theme, str) else None
    start = data.get("start", "today")
    sort = data.get("sort", "name")
    problems = []
    if start not in STARTS:
        problems.append(f"start = {start!r} is not one of {', '.join(map(repr, STARTS))}; "
                        "opening on Today")
        start = "today"
    if sort not in SORTS:
        problems.append(f"sort = {sort!r} is not one of {', '.join(map(repr, SORTS))}; "
                        "sorting by name")
        sort = "name"
    return Config(keys=dict(keys), theme=theme, path=path, start=start, sort=sort,
                  problem=f"{path}: {'; '.join(problems)}" if problems else None)


def save_theme(config: Config, theme: str) -> None:
    """Remember the theme (``save_setting``)."""
    config.theme = theme
    save_setting(config, "theme", theme)


def save_sort(config: Config, sort: str) -> None:
    """Remember the contact list's sort (``save_setting``)."""
    config.sort = sort
    save_setting(config, "sort", sort)


def save_setting(config: Config, key: str, value: str) -> None:
    """Set the top-level ``key = "value"`` of the file, keeping the rest as it was; the new
    file is written beside it and renamed over it (a crash leaves the old one whole).
    Raises RolodexError (it names the file) when it cannot be written."""
    from rolodex.core.files import write_new

    path = config.path or config_path()
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    out, done, in_table = [], False, False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = True
        if not in_table and stripped.split("=")[0].strip() == key:
            out.append(f"{key} = {_quote(value)}")
            done = True
        else:
            out.append(line)
    if not done:
        out.insert(0, f"{key} = {_quote(value)}")
    text = "\n".join(out) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), force=True,
              what="the config")


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def keymap_conflicts(keys: dict[str, str], scopes: list[tuple[str, list]]
                     ) -> tuple[dict[str, str], list[str]]:
    """The remaps that can be applied, and a warning for each that cannot.

    ``scopes`` are (name, bindings) as the help screen lists them; the first is the app's
    own (its keys work everywhere). A remap loses, and its binding keeps its default key,
    when the key is already another binding's in the same scope or in the app's, or (for
    an app binding) in any scope; so is a remap of an id no binding has."""
    def key_set(spec: str) -> set[str]:
        return {k.strip() for k in spec.split(",") if k.strip()}

    scope_of: dict[str, int] = {}
    default: dict[str, str] = {}
    for i, (_name, bindings) in enumerate(scopes):
        for b in bindings:
            if b.id:
                scope_of.setdefault(b.id, i)
                default.setdefault(b.id, b.key)
    effective = dict(default)
    ok: dict[str, str] = {}
    problems: list[str] = []
    for bid, spec in keys.items():
        if bid not in scope_of:
            problems.append(f"[keys] {bid}: no such binding (the ids are on the ? screen)")
            continue
        mine = scope_of[bid]
        clash = [other for other, ks in effective.items() if other != bid
                 and key_set(ks) & key_set(spec)
                 and (scope_of[other] == mine or 0 in (mine, scope_of[other]))]
        if clash:
            problems.append(f"[keys] {bid} = {spec!r} is already {clash[0]}'s key; "
                            f"{bid} keeps {default[bid]!r}")
            continue
        effective[bid] = spec
        ok[bid] = spec
    return ok, problems
