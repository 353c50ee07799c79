from hypothesis import given, settings
from hypothesis import strategies as st

from rolodex.core.text import fold, fold_slow, norm_phone


def test_fold_examples():
    assert fold("Zoë Ångström") == "zoe angstrom"
    assert fold("  Søren   KIERKEGAARD ") == "soren kierkegaard"
    assert fold("Straße") == "strasse"
    assert fold("Łukasz Żółć") == "lukasz zolc"
    assert fold("Дмитрий") == fold("ДМИТРИЙ") == "дмитрии"
    assert fold("") == "" and fold(None) == ""


@settings(max_examples=400)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_fold_fast_path_equals_reference(s):
    assert fold(s) == fold_slow(s)


@given(st.text(max_size=30))
def test_fold_idempotent(s):
    assert fold(fold(s)) == fold(s)


def test_norm_phone():
    assert norm_phone("+1 (555) 010-2000") == "+15550102000"
    assert norm_phone("tel:0171 555") == "0171555"
