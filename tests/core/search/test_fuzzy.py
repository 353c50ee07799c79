"""The one fuzzy word rule (core/search/fuzzy.py) that the filter's typo index, the one-shot
search, the who-can vocabulary and resolve all use."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolodex.core.search import fuzzy
from rolodex.core.search.fuzzy import max_edits, near, near_each, rank_texts, words

VOCAB = sorted(["kubernetes", "booking", "cooling", "jane", "java", "javascript", "smith",
                "go", "sql", "machine", "machining"])


@pytest.mark.parametrize("word,edits", [("go", 0), ("sql", 0), ("jnae", 1), ("smtih", 1),
                                        ("angstrm", 1), ("kubernets", 2)])
def test_edits_grow_with_the_word(word, edits):
    assert max_edits(word) == edits


def test_typos_transpositions_and_the_first_letter():
    assert near("kubernets", VOCAB) == {"kubernetes": 0.9}
    assert near("jnae", VOCAB) == {"jane": 0.75}  # a swap is one edit
    assert "booking" not in near("cooking", VOCAB)  # another first letter, 86% alike
    assert "cooling" in near("cooking", VOCAB)
    assert "coding" not in near("cooking", ["coding"])  # two edits in seven letters
    assert near("sq", VOCAB) == {} and near("sql", VOCAB) == {"sql": 1.0}
    assert near("sql", VOCAB, prefixes=VOCAB) == {"sql": 1.0}


def test_prefixes_while_typing_reach_twice_the_length():
    got = near("kuber", VOCAB, prefixes=VOCAB)
    assert got["kubernetes"] == pytest.approx(0.9)
    assert "javascript" not in near("java", VOCAB, prefixes=VOCAB)
    assert set(near("machin", VOCAB, prefixes=VOCAB)) == {"machine", "machining"}


def test_words_keep_symbols_inside_and_drop_punctuation_around():
    assert words("berlin, germany (de)") == ["berlin", "germany", "de"]
    assert words("c++ .net node.js c#") == ["c++", ".net", "node.js", "c#"]


def test_near_each_and_rank_texts():
    assert near_each(["smtih", "go"], VOCAB) == [["smtih", "smith"], ["go"]]
    names = {1: "jane doe", 2: "jane smith", 3: "john smith"}
    ranked = rank_texts(["jnae", "smtih"], names)
    assert ranked[0][0] == 2 and ranked[0][1] == pytest.approx((0.75 + 0.8) / 2)
    assert rank_texts(["quentin"], names) == []


_LETTERS = "abcdeéø"


@settings(max_examples=300, deadline=None)
@given(st.text(_LETTERS, min_size=1, max_size=9),
       st.lists(st.text(_LETTERS, max_size=11), max_size=40),
       st.sampled_from([None, 1, 3]))
def test_small_vocabularies_are_scored_like_rapidfuzz(word, choices, limit):
    """Few choices are compared in Python (importing rapidfuzz costs more than comparing
    them): the same matches, distances and order as rapidfuzz's OSA extract."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    for cutoff in (1, 2):
        want = [(w, d) for w, d, _k in process.extract(word, choices, scorer=OSA.distance,
                                                       score_cutoff=cutoff, limit=limit)]
        assert fuzzy.extract_small(word, choices, cutoff, limit) == want


def test_a_small_vocabulary_does_not_import_rapidfuzz():
    code = ("import sys; from rolodex.core.search.fuzzy import near; "
            "assert near('jnae', ['jane', 'john']) == {'jane': 0.75}; "
            "print('rapidfuzz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


@settings(max_examples=400, deadline=None)
@given(st.text(_LETTERS, min_size=1, max_size=22),
       st.lists(st.text(_LETTERS, min_size=1, max_size=24), max_size=60))
def test_narrowing_a_vocabulary_never_drops_a_near_word(word, choices):
    """``narrow`` keeps every word that ``near`` would find (a length within the edits,
    the first letter where no other can be 90% alike), so a one-shot search may compare
    only what it keeps."""
    got = near(word, choices)
    kept = fuzzy.narrow([word], choices)
    assert set(got) <= set(kept)
    assert near(word, kept) == got
    if fuzzy.same_start(word):
        assert all(w[:1] == word[:1] for w in got)
    both = fuzzy.narrow([word, "x" + word], choices)
    assert set(kept) <= set(both)


def test_a_typo_in_a_cold_process_is_looked_up_without_rapidfuzz():
    """A one-shot search's narrowed vocabulary (hundreds of words) is compared in Python
    while rapidfuzz is not imported: importing it costs a command line more (~30 ms)."""
    code = ("import sys; from rolodex.core.search.fuzzy import COLD, SMALL, near; "
            "words = [f'h{i:04d}' for i in range(SMALL + 200)] + ['hethur']; "
            "assert len(words) <= COLD; "
            "assert near('hethru', words) == {'hethur': 1 - 1 / 6}; "
            "print('rapidfuzz' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_the_first_letter_binds_up_to_eight_letters():
    """One letter put in front of a 9-letter word is 90% alike (1 - 1/10): near, and kept
    by narrow; in front of an 8-letter word it is 1 - 1/9, not near."""
    assert near("abcdefghi", ["xabcdefghi"]) == {"xabcdefghi": pytest.approx(0.9)}
    assert fuzzy.narrow(["abcdefghi"], ["xabcdefghi"]) == ["xabcdefghi"]
    assert not fuzzy.same_start("abcdefghi") and fuzzy.same_start("abcdefgh")
    assert near("abcdefgh", ["xabcdefgh"]) == {}
