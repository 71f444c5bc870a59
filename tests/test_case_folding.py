"""`(?i)` in Oniguruma patterns (subword/text/case_folding.py and the translator): worked examples
checked against tokenizers 0.23.3 by hand, and independence from the `regex` module's case data."""

from __future__ import annotations

import doctest

import pytest
import regex

import subword.text.case_folding
from subword.text.case_folding import case_items, fold_class, fold_string
from subword.text.oniguruma import Regex
from subword.text.unicode_tables import case_folds


def test_doctests() -> None:
    assert doctest.testmod(subword.text.case_folding).failed == 0


def matches(pattern: str, text: str) -> list[str]:
    return [text[start:end] for start, end in Regex(pattern).find_spans(text)]


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # Oniguruma scopes an isolated option over the rest of the group, alternatives included
        ("a(?i)b|c", "ab aB c C ac aC", ["ab", "aB", "ac", "aC"]),
        ("(x(?i)a|b)c", "xac xAc bc Bc", ["xac", "xAc"]),
        ("(?i)a(?-i)b|c", "ab Ab aB ac aC", ["ab", "Ab", "ac"]),
        # properties and escapes fold only inside brackets
        ("(?i)\\p{Ll}", "aA", ["a"]),
        ("(?i)[\\p{Ll}]", "aA", ["a", "A"]),
        ("(?i)[^\\p{Ll}]", "aA1", ["1"]),
        ("(?i)\\P{Ll}", "aA", ["A"]),
        # multi-char folds, both ways, and what they stop at
        ("(?i)ß", "ss SS ẞ ſs", ["ss", "SS", "ẞ", "ſs"]),
        ("(?i)ss", "ß ẞ sS", ["ß", "ẞ", "sS"]),
        ("(?i)[ß]", "ss ẞ", ["ss", "ẞ"]),
        ("(?i)[^ß]", "sẞ", ["s"]),  # a negated class takes no multi-char fold
        ("(?i)ss+", "ßs sss", ["sss"]),  # the quantified "s" stands alone
        ("(?i)sss", "sß ßs", ["ßs"]),  # "ss" is taken first, from the left
        ("(?i)ffi", "ﬃ ﬀi", ["ﬃ"]),
        ("(?i)s(?:s)", "ß", ["ß"]),  # a non-capturing group of literals joins the string
        ("(?i)(?<=ß)x", "ẞx ssx", ["x"]),  # in a look-behind, single chars only
        # single-char folds of Unicode 16.0, whatever the installed `regex` knows
        ("(?i)k", "kKK", ["k", "K", "K"]),
        ("(?i)i", "iIİı", ["i", "I"]),
        ("(?i)σ", "σςΣ", ["σ", "ς", "Σ"]),
        ("(?i)\u1c89", "\u1c89\u1c8a", ["\u1c89", "\u1c8a"]),  # CYRILLIC TJE, new in Unicode 16.0
        ("(?i)[\\x{80}-\\x{10ffff}]", "aKſk", ["K", "ſ", "k"]),
        ("(?i)(a)\\1", "aA", ["aA"]),  # backreferences fold (left to `regex`)
        ("(?i:'s|'t|'re|'ve|'m|'ll|'d)", "I'M HE'S we'LL", ["'M", "'S", "'LL"]),
    ],
)
def test_worked_examples(pattern: str, text: str, expected: list[str]) -> None:
    assert matches(pattern, text) == expected


def test_no_ignorecase_reaches_regex() -> None:
    compiled = Regex("(?i)ab[c-e]\\p{L}").compiled
    assert not compiled.flags & regex.IGNORECASE
    assert "(?i" not in compiled.pattern


def test_case_items_follow_oniguruma() -> None:
    assert case_items("ss", 0) == (2, ["ß", "ẞ", "sS", "sſ", "Ss", "SS", "Sſ", "ſs", "ſS", "ſſ"])
    assert case_items("ß", 0) == (1, ["ẞ", "ss", "sS", "sſ", "Ss", "SS", "Sſ", "ſs", "ſS", "ſſ"])
    assert case_items("x", 0) == (1, ["X"]) and case_items("1", 0) == (1, [])
    assert fold_string("1") == "1" and fold_string("ß", in_look_behind=True) == "[\\U000000DF\\U00001E9E]"


def test_fold_class_adds_the_whole_fold_set() -> None:
    extra, alternatives = fold_class(lambda char: char == "K", negated=False)
    assert extra == "k\\U0000212A" and alternatives == []
    extra, alternatives = fold_class(lambda char: char == "ß", negated=False)
    assert extra == "\\U00001E9E" and alternatives == ["[sS\\U0000017F][sS\\U0000017F]"]
    assert fold_class(lambda char: char == "ß", negated=True) == ("\\U00001E9E", [])


def test_fold_data_is_oniguruma_s() -> None:
    # spot checks of src/unicode_fold_data.c at commit 94877ac (Unicode 16.0)
    assert ("k", ("K", "\u212a")) in case_folds(1)
    assert ("i", ("I",)) in case_folds(1)  # its LOCALE entry, on when the Turkish flag is off
    assert ("ss", ("ß", "ẞ")) in case_folds(2) and ("i\u0307", ("İ",)) in case_folds(2)
    assert ("ffi", ("ﬃ",)) in case_folds(3)
    assert [len(case_folds(size)) for size in (1, 2, 3)] == [1423, 59, 14]
