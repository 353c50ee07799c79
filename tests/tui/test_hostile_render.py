"""The TUI never sends a control byte from data to the terminal: a hostile card, imported
as a stranger would send it, rendered by every widget on screen, segment by segment."""

from __future__ import annotations

from textual.geometry import Region

from rolodex.core.db.store import Store
from rolodex.interchange.importer import import_file
from tests.tui.conftest import fixed_clock, settle

EVIL = "Evil\x1b]0;pwned\x07 Name\x1b[2J"
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + [
    chr(c) for c in range(0x7F, 0xA0)] + ["\u202e"]


async def test_hostile_card_renders_without_controls(tmp_path, make):
    card = tmp_path / "evil.vcf"
    card.write_text(f"BEGIN:VCARD\nVERSION:3.0\nFN:{EVIL}\nORG:Ev\u202eil Corp\n"
                    "NOTE:hi\x1b[31m there\nEND:VCARD\n")
    store = Store(str(tmp_path / "r.db"), clock=fixed_clock)
    import_file(store, "vcard", card)
    app = make(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        seen = []
        for widget in app.screen.query("*"):
            if not widget.display or not widget.size.area:
                continue
            for strip in widget.render_lines(Region(0, 0, *widget.size)):
                seen += [seg.text for seg in strip]
        text = "".join(seen)
        assert "Evil]0;pwned Name" in text
        assert not [ch for ch in CONTROLS if ch in text]
    store.close()
