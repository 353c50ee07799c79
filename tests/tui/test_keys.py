"""One list of keys (rolodex/tui/keys.py): the screens bind it, help and the README show it."""

from pathlib import Path

from rolodex.tui import keys

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_key_table_is_the_one_list():
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- keys:")
    table = text[text.index("\n", start) + 1:text.index("<!-- /keys -->")]
    assert table == keys.markdown(), "README key table is stale: paste keys.markdown()"


def test_every_bound_key_is_listed_and_ids_are_unique():
    from rolodex.tui.app import RolodexApp
    from rolodex.tui.dialogs.contact_form import ContactForm
    from rolodex.tui.screens.main import MainScreen
    from rolodex.tui.widgets.who_can import WhoCanPane

    listed = [b for _scope, bindings in keys.SECTIONS for b in bindings]
    for cls in (RolodexApp, MainScreen, WhoCanPane, ContactForm):
        for b in cls.BINDINGS:
            assert b in listed, (cls.__name__, b.key)
    ids = [b.id for b in listed if b.id]
    assert len(ids) == len(set(ids))

