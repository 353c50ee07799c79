"""Regenerate the README screenshots on the demo rolodex with a fixed clock.

    .venv/bin/python screenshots/make_screenshots.py [--contacts 34257] [--db PATH]

Writes main.svg, quick-log.svg, who-can.svg and stats.svg next to this script. The demo
(seed 2003) is built once into --db (default: a file in the system temp folder) and reused.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

NOW = datetime(2026, 11, 26, 10, 0, 0)


def clock() -> datetime:
    return NOW


def demo_db(path: Path, contacts: int) -> Path:
    from rolodex.core.db.store import Store
    from rolodex.demo import DEFAULT_SEED, build_demo

    if not path.exists():
        print(f"building the demo ({contacts:,} contacts) in {path}…", flush=True)
        store = Store(str(path), clock=clock)
        build_demo(store, contacts=contacts, seed=DEFAULT_SEED)
        store.close()
    return path


async def settle(pilot, rounds: int = 4) -> None:
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    names = {" ": "space", "-": "minus", ",": "comma", ".": "full_stop"}
    for ch in text:
        await pilot.press(names.get(ch, ch))


def busiest_contact(db: Path) -> tuple[int, str]:
    """The direct contact with the most one-to-one interactions (a rich profile to show)."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    row = con.execute(
        "SELECT c.id, c.name FROM contact c JOIN interaction_participant p ON p.contact_id = c.id "
        "JOIN interaction i ON i.id = p.interaction_id WHERE NOT c.archived AND NOT "
        "i.one_to_many AND c.known_directly GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1"
    ).fetchone()
    con.close()
    return row[0], row[1]


async def shoot(db: Path, name: str, script) -> None:
    from textual.widgets import Input

    from rolodex.tui.app import make_app
    from rolodex.tui.config import Config

    app = make_app(str(db), clock=clock, config=Config(start="contacts"), build_network=True)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.index is None:
            await pilot.pause(0.05)
        await settle(pilot)
        await script(pilot)
        await settle(pilot)
        for field in app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()
        app.save_screenshot(str(HERE / name))
    print(f"wrote {HERE / name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=34_257)
    ap.add_argument("--db", default=None)
    args = ap.parse_args()
    db = Path(args.db or Path(tempfile.gettempdir()) / f"rolodex-shots-{args.contacts}.db")
    demo_db(db, args.contacts)
    cid, who = busiest_contact(db)
    first = who.split()[0].lower()

    from rolodex.tui.messages import JumpToContact

    async def main_screen(pilot):
        await pilot.press("slash")
        await type_text(pilot, first)
        await settle(pilot)
        pilot.app.screen.post_message(JumpToContact(cid))
        await settle(pilot)

    async def quick_log(pilot):
        await main_screen(pilot)
        await pilot.press("c")
        await settle(pilot)
        await type_text(pilot, "Renewal call, wants a demo in January")

    async def who_can(pilot):
        pilot.app.screen.post_message(JumpToContact(cid))
        await settle(pilot)
        await pilot.press("i")
        await type_text(pilot, "kubernetes")
        await pilot.pause(0.6)
        await settle(pilot)

    async def stats(pilot):
        await pilot.press("s")
        await settle(pilot, rounds=8)

    async def today(pilot):
        await pilot.press("T")
        await settle(pilot, rounds=4)

    for name, script in (("main.svg", main_screen), ("quick-log.svg", quick_log),
                         ("who-can.svg", who_can), ("stats.svg", stats), ("today.svg", today)):
        asyncio.run(shoot(db, name, script))


if __name__ == "__main__":
    main()
