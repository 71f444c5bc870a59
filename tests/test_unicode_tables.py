"""subword's own Unicode tables: the loader, and hand-checked values (no reference package needed)."""

from __future__ import annotations

import subprocess
import sys
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subword import normalizers, pre_tokenizers
from subword.text import char_classes
from subword.text.char_classes import CharClass, GuardedPattern, onig_class
from subword.text.chars import is_bert_punctuation, is_control, is_whitespace, to_lowercase, to_uppercase
from subword.text.normalization import (
    _decompose,
    _normalize_changes,
    decompose_text,
    decomposed_prefix_end,
    normalize,
    normalize_with_changes,
)
from subword.text.oniguruma import Regex
from subword.text.unicode_tables import CodeSet, code_set, onig_property, parse_ranges, set_body, union
from subword.pre_tokenizers.unicode_scripts import script_of


def test_parse_ranges_and_set_body() -> None:
    ranges = parse_ranges("41-43 61 D7FF-E000")
    assert ranges == ((0x41, 0x43), (0x61, 0x61), (0xD7FF, 0xE000))
    assert set_body(ranges[:2]) == "\\U00000041-\\U00000043\\U00000061"


def test_code_set_and_union() -> None:
    letters = CodeSet(((0x41, 0x43), (0x61, 0x61)))
    assert [char in letters for char in "@ABCDa`b"] == [False, True, True, True, False, True, False, False]
    assert union(((1, 3),), ((2, 5), (7, 7)), ((6, 6),)) == ((1, 7),)


def test_unknown_table_names_the_file() -> None:
    with pytest.raises(KeyError, match="_unicode_data.py"):
        code_set("onig:no-such-table")


def test_oniguruma_names_match_loosely() -> None:
    assert onig_property("Uppercase_Letter") == onig_property("lu") == onig_property("L u")
    assert onig_property("Han") == onig_property("Hani")
    assert onig_property("no such property") is None


def test_u0558_is_not_a_letter_to_the_rust_package() -> None:
    # ARMENIAN MODIFIER LETTER RIGHT HALF RING: a letter to the newest `regex` only (checked
    # against tokenizers 0.23.3, whose Oniguruma and `regex` crate both leave it out)
    assert "\u0558" not in code_set(onig_property("L"))
    assert Regex(r"\p{L}+").find_spans("a\u0558b") == [(0, 1), (2, 3)]


def test_u3d000_is_unassigned_everywhere() -> None:
    # CJK Ext. J (Unicode 17.0), which Oniguruma (16.0) has not assigned
    char = "\U0003d000"
    assert char not in code_set(onig_property("L")) and char in code_set(onig_property("Cn"))
    assert Regex(r"[^\s\p{L}\p{N}]+").find_spans("a" + char + "b") == [(1, 2)]
    assert Regex(r"\p{Cn}").find_spans("a" + char) == [(1, 2)]
    assert script_of(char) == "Any"


def test_u0295_is_lowercase_to_oniguruma() -> None:
    assert Regex(r"\p{Ll}+").find_spans("a\u0295") == [(0, 2)]
    assert Regex(r"\p{Lo}").find_spans("a\u0295") == []


def test_word_escapes_follow_oniguruma() -> None:
    # Oniguruma's \w takes superscript digits outside a class only, and never ZWJ
    assert Regex(r"\w+").find_spans("a\u00b2") == [(0, 2)]
    assert Regex(r"[\w]+").find_spans("a\u00b2") == [(0, 1)]
    assert Regex(r"\w+").find_spans("a\u200db") == [(0, 1), (2, 3)]
    assert Regex(r"\bb").find_spans("a b") == [(2, 3)]


def test_posix_brackets() -> None:
    assert Regex(r"[[:punct:]]+").find_spans("a$!b") == [(1, 3)]
    assert Regex(r"[[:^alpha:]]+").find_spans("ab12") == [(2, 4)]


def test_rust_std_predicates() -> None:
    assert is_whitespace("\u3000") and not is_whitespace("\x1c")
    assert to_lowercase("\u0130") == "i\u0307"  # multi-char mapping
    assert to_uppercase("\ufb00") == "FF"
    assert to_lowercase("\ua7cb") == "\u0264"  # a case pair of Unicode 16.0


def test_bert_classes_are_unicode_8() -> None:
    assert is_bert_punctuation("$") and is_bert_punctuation("\u00bf")
    assert not is_bert_punctuation("\u2e50")  # punctuation only since Unicode 13.0
    assert is_control("\x01") and not is_control("\t") and is_control("\u200b")


@pytest.mark.parametrize(
    ("form", "text", "expected"),
    [
        ("NFD", "é", "e\u0301"),
        ("NFC", "e\u0301", "é"),
        ("NFD", "한", "\u1112\u1161\u11ab"),
        ("NFC", "\u1112\u1161\u11ab", "한"),
        ("NFKC", "ﬁ①", "fi1"),
        ("NFD", "a\u0301\u0316", "a\u0316\u0301"),  # marks sorted by combining class
        ("NFD", "a\u0c3c\u0301", "a\u0c3c\u0301"),  # U+0C3C is newer than Unicode 9.0: a starter
    ],
)
def test_normalization(form, text, expected) -> None:
    assert normalize(form, text) == expected
    assert "".join(char for char, _ in normalize_with_changes(form, text)) == expected


def test_normalization_changes() -> None:
    assert normalize_with_changes("NFD", "é") == [("e", 0), ("\u0301", 1)]
    assert normalize_with_changes("NFC", "e\u0301") == [("é", -1)]


# Text mixing chars each form changes with ones it keeps: accents, marks out of order,
# Hangul and jamo, compatibility chars, composition pairs split by a starter.
_NORMALIZATION_TEXT = st.text(
    st.sampled_from(list("ae \u0301\u0316\u0327\u0345한\u1112\u1161\u11abﬁ①Åå\u212b\u0f73\u0c3c\u0300x"))
    | st.characters(codec="utf-8", exclude_categories=("Cs",)),
    max_size=40,
)


@settings(max_examples=300)
@given(form=st.sampled_from(["NFD", "NFKD", "NFC", "NFKC"]), text=_NORMALIZATION_TEXT)
def test_normalizing_the_changing_segments_alone_equals_normalizing_the_whole_text(form, text) -> None:
    # the rule: decompose (and recompose) every char of the text in one stream
    whole = _normalize_changes(form, text)
    assert normalize_with_changes(form, text) == whole
    assert normalize(form, text) == "".join(char for char, _ in whole)


def test_components_use_the_tables() -> None:
    assert pre_tokenizers.Whitespace().split_str("a\u0558b") == ["a", "\u0558", "b"]
    assert normalizers.Lowercase().normalize_str("\ua7cb") == "\u0264"
    assert normalizers.StripAccents().normalize_str("e\u0301") == "e"


def test_guarded_pattern_runs_plain_where_regex_agrees() -> None:
    letters = GuardedPattern("[{l}]+", {"l": onig_class("L")})
    assert letters.regex_pattern_for("plain ascii") is letters.plain
    assert letters.findall("ab \U0003d000 cd") == ["ab", "cd"]
    # a class whose plain escape disagrees with its table on "b" forces the exact pattern there
    odd = GuardedPattern("[{x}]+", {"x": CharClass("onig:\\d", plain="0-9b")})
    assert odd.findall("1b2") == ["1", "2"]
    assert odd.regex_pattern_for("12") is odd.plain


@pytest.mark.parametrize("few, per_table_char", [(1, 0), (64, 0), (64, 1)])
@given(texts=st.lists(st.text(st.one_of(st.characters(), st.sampled_from("b1١٢ab日本\u0558\u3000"))), max_size=12))
def test_disagreements_finder_gives_the_per_char_rule(few, per_table_char, texts) -> None:
    # A class whose plain escape disagrees with its table on some chars ("b", and the digits
    # `regex` knows and the table does not, or the reverse): the finder of chars not known to
    # agree, compiled again after texts are translated, answers as a look-up of every char.
    guarded = GuardedPattern("[{x}]+", {"x": CharClass("onig:\\d", plain="0-9b")})
    (odd,) = guarded.disagreements.classes
    with mock.patch.object(char_classes, "_FEW_NEW_CHARS", few), mock.patch.object(char_classes, "_TRANSLATED_PER_TABLE_CHAR", per_table_char):
        for text in texts:
            expected = all(odd.agrees(char) for char in text)
            assert guarded.disagreements.isdisjoint(text) is expected
            assert (guarded.regex_pattern_for(text) is guarded.plain) is expected


# Text heavy in what NFD/NFKD change: decomposing chars, runs of marks of different classes
# (to sort), Hangul syllables and jamo, compatibility chars.
_DECOMPOSABLE = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from("aeé\u0301\u0327\u0323\u0308\u05b0\u0591й한글\u1100\u1161ﬁ①Å\u212b ᾅ\u0345"),
    ),
    max_size=16,
)


@pytest.mark.parametrize("form", ["NFD", "NFKD"])
@given(text=_DECOMPOSABLE)
def test_decompose_text_is_the_per_char_decomposition(form, text) -> None:
    # the one-translate fast path against the per-char rule that also gives the changes
    assert decompose_text(text, form) == "".join(char for char, _ in _decompose(text, form))
    assert normalize(form, text) == "".join(char for char, _ in normalize_with_changes(form, text))


@pytest.mark.parametrize("form", ["NFD", "NFKD"])
@given(text=_DECOMPOSABLE, at=st.integers(0, 16))
def test_decomposed_prefix_end_cuts_where_the_changes_are_a_prefix(form, text, at) -> None:
    at = min(at, len(text))
    end = decomposed_prefix_end(text, form, at)
    assert at <= end <= len(text)
    whole = _decompose(text, form)
    assert whole[: len(_decompose(text[:end], form))] == _decompose(text[:end], form)


# Patterns of real tokenizers (GPT-2, cl100k, o200k, BERT-like words) and the syntax that the
# Oniguruma translator writes (line anchors, \\b, \\Z, (?i) spelled out, look-behind, escapes).
RE_FORM_PATTERNS = [
    r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+",
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+",
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}",
    r"\w+|[^\w\s]+",
    r"\b|[[:punct:]]+|\p{Han}",
    r"^\s*\p{Lu}|\d$|a\Z|(?<=\p{L})\p{N}+|\h{2,}",
    r"(\p{L})\1|(?s:.)\x{41}\u00e9|[^\n]+?!",
]
_BMP_TEXT = st.text(st.characters(max_codepoint=0xFFFF) | st.sampled_from(list("aA1 \n'sS١日é\u0301\u0558\u3000!\r")), max_size=40)


@settings(max_examples=300)
@given(pattern=st.sampled_from(RE_FORM_PATTERNS), text=_BMP_TEXT)
def test_the_re_form_finds_what_the_regex_form_finds(pattern, text) -> None:
    guarded = Regex(pattern)._guarded
    assert guarded.bmp is not None and guarded.pattern_for(text) is guarded.bmp
    assert [m.span() for m in guarded.bmp.finditer(text)] == [m.span() for m in guarded.exact.finditer(text)]
    assert guarded.bmp.findall(text) == guarded.exact.findall(text)


def test_text_past_the_bmp_runs_the_regex_form() -> None:
    letters = GuardedPattern("[{l}]+", {"l": onig_class("L")})
    assert letters.pattern_for("plain ascii") is letters.bmp
    assert letters.pattern_for("ab\U00020000") is letters.plain  # (U+20000 is a letter both ways)
    assert letters.findall("ab\U00020000 \U0003d000cd") == ["ab\U00020000", "cd"]
    # a class cut at U+FFFF in the `re` form, whole in the `regex` one
    assert Regex(r"[^\p{L}]").find_spans("a\U0001F600") == [(1, 2)]


@pytest.mark.parametrize(
    "template, reason",
    [
        ("[a[{k}]]", "a nested set: `re` reads [a[ then a literal ]"),
        ("[a--{k}]", "a set difference: a range to - in `re`"),
        ("[{k}&&b]", "an intersection: two literal & in `re`"),
        ("\\p{{L}}", "a property only `regex` knows"),
        ("(?x: a)", "verbose mode: spaces in sets differ"),
        ("(?i:a)", "a flag `re` would fold with its own tables"),
        ("a{{x}}", "braces that are no quantifier"),
        ("(a)[\\1]", "an octal escape in a set"),
        ("[]a]", "a ] first in a set"),
        ("(?|(a)|(b))", "a branch reset"),
    ],
)
def test_templates_re_may_read_otherwise_keep_to_regex(template, reason) -> None:
    guarded = GuardedPattern(template, {"k": onig_class("L")})
    assert char_classes.reads_alike_in_re(template) is False, reason
    assert guarded.bmp is None and guarded.pattern_for("ab") is guarded.plain
