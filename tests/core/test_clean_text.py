"""Clean text at the door: controls and unpaired bidi overrides go, everything else stays."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rolodex.core.text import clean_text, printable


def test_controls_go_text_stays():
    assert clean_text("Evil\x1b]0;pwned\x07 Name\x1b[2J") == "Evil]0;pwned Name[2J"
    assert clean_text("a\x85b\x9bc\x7f") == "abc"
    assert clean_text("line one\r\nline two\tx", multiline=True) == "line one\nline two\tx"
    assert clean_text("one\r\ntwo\tthree") == "one  two three"


def test_bidi_overrides_kept_only_when_paired():
    assert clean_text("abc\u202edef") == "abcdef"
    assert clean_text("x\u202eabc\u202cy") == "x\u202eabc\u202cy"
    assert clean_text("\u2067عربي\u2069 ok \u2069") == "\u2067عربي\u2069 ok "
    assert clean_text("\u2066a\u202eb\u2069") == "\u2066ab\u2069"  # crossed: the override goes


def test_every_script_and_emoji_kept_and_nfc():
    for ok in ("Zoë Ångström", "王小明", "محمد", "👩‍💻 dev", "Ñ Ñ Ñ", "ﾃｽﾄ", "נעמי"):
        assert clean_text(ok) == ok
    assert clean_text("Zoe\u0308") == "Zoë"


@given(st.text(max_size=60), st.booleans())
def test_clean_is_idempotent_and_leaves_nothing_for_the_exit(s, multiline):
    once = clean_text(s, multiline)
    assert clean_text(once, multiline) == once
    if not any(c in once for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"):
        assert printable(once) == once
