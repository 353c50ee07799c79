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


_PHONE_TEXT = st.text(alphabet=st.sampled_from("0123456789 +-()./x;:٣Tt\t"), max_size=24)


def _norm_phone_reference(s: str) -> str:
    s = s.strip()
    if s.lower().startswith("tel:"):
        s = s[4:]
    digits = "".join(ch for ch in s if ch.isdigit())
    return ("+" + digits) if s.startswith("+") else digits


@settings(max_examples=500)
@given(st.one_of(_PHONE_TEXT, st.builds(lambda a: "tel:" + a, _PHONE_TEXT)))
def test_norm_phone_short_cut_equals_the_reference(s):
    assert norm_phone(s) == _norm_phone_reference(s)


@settings(max_examples=500)
@given(_PHONE_TEXT)
def test_valid_phone_short_cut_equals_the_two_regexes(p):
    from rolodex.core.records.contacts import _NOT_DIGIT, _PHONE_CHARS, valid_phone

    assert valid_phone(p) == (_PHONE_CHARS.fullmatch(p) is not None
                              and 3 <= len(_NOT_DIGIT.sub("", p)) <= 20)
