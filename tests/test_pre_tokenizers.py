"""Pre-tokenizers: worked examples, argument checks, fast path = full path, JSON round trip."""

from __future__ import annotations

import doctest
import importlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import pre_tokenizers
from subword.text.byte_level import BYTE_TO_CHAR, CHAR_TO_BYTE, from_byte_chars, to_byte_chars, to_byte_chars_each
from subword.errors import ArgumentTypeError, ArgumentValueError
from subword.pre_tokenizers import (
    BertPreTokenizer,
    ByteLevel,
    CharDelimiterSplit,
    Digits,
    FixedLength,
    Metaspace,
    PreTokenizer,
    Punctuation,
    Sequence,
    Split,
    UnicodeScripts,
    Whitespace,
    WhitespaceSplit,
    pre_tokenizers_registry,
)
from subword.core.normalized_string import NormalizedString
from subword.core.pre_tokenized_string import PreTokenizedString
from subword.text.oniguruma import Regex

MODULES = [
    "subword.text.byte_level",
    "subword.pre_tokenizers.base",
    "subword.pre_tokenizers.bert",
    "subword.pre_tokenizers.byte_level",
    "subword.pre_tokenizers.delimiter",
    "subword.pre_tokenizers.digits",
    "subword.pre_tokenizers.fixed_length",
    "subword.pre_tokenizers.metaspace",
    "subword.pre_tokenizers.punctuation",
    "subword.pre_tokenizers.sequence",
    "subword.pre_tokenizers.split",
    "subword.pre_tokenizers.unicode_scripts",
    "subword.pre_tokenizers.whitespace",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    assert doctest.testmod(importlib.import_module(name)).failed == 0


def test_all_lists_every_pre_tokenizer() -> None:
    registered = {cls.__name__ for cls in pre_tokenizers_registry.classes.values()}
    assert registered <= set(pre_tokenizers.__all__)
    assert set(pre_tokenizers_registry.classes) == {
        "BertPreTokenizer", "ByteLevel", "CharDelimiterSplit", "Digits", "FixedLength", "Metaspace",
        "Punctuation", "Sequence", "Split", "UnicodeScripts", "Whitespace", "WhitespaceSplit",
    }  # fmt: skip


# -- worked examples (by hand) ----------------------------------------------------------------


def words(pre_tokenizer: PreTokenizer, text: str) -> list[str]:
    return [word for word, _ in pre_tokenizer.pre_tokenize_str(text)]


def test_split_behaviors_by_hand() -> None:
    text = "the-final--countdown"
    assert words(Split("-", "removed"), text) == ["the", "final", "countdown"]
    assert words(Split("-", "isolated"), text) == ["the", "-", "final", "-", "-", "countdown"]
    assert words(Split("-", "merged_with_previous"), text) == ["the-", "final-", "-", "countdown"]
    assert words(Split("-", "merged_with_next"), text) == ["the", "-final", "-", "-countdown"]
    assert words(Split("-", "contiguous"), text) == ["the", "-", "final", "--", "countdown"]
    assert words(Split(Regex(r"-+"), "removed", invert=True), text) == ["-", "--"]


def test_punctuation_behaviors_by_hand() -> None:
    assert Punctuation("merged_with_previous").split_str("a,,b") == ["a,", ",", "b"]
    assert Punctuation("merged_with_next").split_str("a,,b") == ["a", ",", ",b"]
    assert Punctuation("removed").split_str("a,,b") == ["a", "b"]


def test_whitespace_and_bert_by_hand() -> None:
    assert Whitespace().pre_tokenize_str("Hi, you 2!") == [("Hi", (0, 2)), (",", (2, 3)), ("you", (4, 7)), ("2", (8, 9)), ("!", (9, 10))]
    assert words(WhitespaceSplit(), " a\u3000b\x1cc ") == ["a", "b\x1cc"]
    assert words(BertPreTokenizer(), "a$b  (c)") == ["a", "$", "b", "(", "c", ")"]


def test_digits_by_hand() -> None:
    assert words(Digits(), "a12b3") == ["a", "12", "b", "3"]
    assert words(Digits(individual_digits=True), "a12") == ["a", "1", "2"]


def test_byte_level_by_hand() -> None:
    # "é" is two bytes: both chars point back at the one original char
    assert ByteLevel().pre_tokenize_str("é!") == [("ĠÃ©", (0, 1)), ("!", (1, 2))]
    assert ByteLevel(add_prefix_space=False).pre_tokenize_str("it's  ok") == [
        ("it", (0, 2)), ("'s", (2, 4)), ("Ġ", (4, 5)), ("Ġok", (5, 8)),
    ]  # fmt: skip
    assert ByteLevel(use_regex=False).split_str("a b") == ["ĠaĠb"]


# The pattern exactly as the Rust package's ByteLevel writes it (src/pre_tokenizers/byte_level.rs).
_RUST_GPT2_PATTERN = Regex(r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")


_CONTRACTION_PARTS = ["'", "'", "s", "t", "re", "ve", "m", "ll", "d", "D", "x", " ", "  ", "\n", "\t", "1", "٣", ".,", "é", "日", "\u0301", "\u00a0"]


@given(st.lists(st.sampled_from(_CONTRACTION_PARTS)).map("".join) | st.text())
def test_gpt2_pattern_finds_the_rust_package_words(text: str) -> None:
    # GPT2_PATTERN takes the apostrophe out of the contractions: the same words everywhere
    from subword.pre_tokenizers.byte_level import GPT2_PATTERN

    assert GPT2_PATTERN.find_spans(text) == _RUST_GPT2_PATTERN.find_spans(text)


def test_byte_level_alphabet() -> None:
    alphabet = ByteLevel.alphabet()
    assert len(set(alphabet)) == 256
    assert BYTE_TO_CHAR[ord(" ")] == "Ġ" and BYTE_TO_CHAR[ord("\n")] == "Ċ" and BYTE_TO_CHAR[ord("A")] == "A"
    assert all(CHAR_TO_BYTE[char] == byte for byte, char in enumerate(BYTE_TO_CHAR))


@given(st.text())
def test_byte_chars_round_trip(text: str) -> None:
    encoded = text.encode("utf-8", "surrogatepass")
    if encoded.decode("utf-8", "ignore") != text:
        return
    assert from_byte_chars(to_byte_chars(text)) == encoded


@given(st.lists(st.text(alphabet=st.sampled_from("a \0é\u0100日🤗"), max_size=6), max_size=6))
def test_byte_chars_of_many_texts_at_once(texts: list[str]) -> None:
    # NUL (whose byte-level char is the join's Ā) in a text, empty texts and Ā itself
    assert to_byte_chars_each(texts) == [to_byte_chars(text) for text in texts]


def test_metaspace_by_hand() -> None:
    assert Metaspace().pre_tokenize_str("a  b") == [("▁a", (0, 1)), ("▁", (1, 2)), ("▁b", (2, 4))]
    assert words(Metaspace(prepend_scheme="never"), "a b") == ["a", "▁b"]
    assert words(Metaspace(split=False), "a b") == ["▁a▁b"]
    first = Metaspace(prepend_scheme="first")
    assert first.split_str("a b") == ["▁a", "▁b"]
    assert first.split_str("a b", at_start=False) == ["a", "▁b"]
    assert Metaspace().split_str("a b", at_start=False) == ["▁a", "▁b"]


def test_metaspace_first_only_prepends_at_the_input_start() -> None:
    # after WhitespaceSplit, "b" starts at 2, so only "a" gets the marker
    sequence = Sequence([WhitespaceSplit(), Metaspace(prepend_scheme="first")])
    assert sequence.position_dependent
    assert sequence.split_str("a b") == ["▁a", "b"]
    # with a leading space the first word does not start the input either
    assert sequence.split_str(" a b") == ["a", "b"]


def test_unicode_scripts_by_hand() -> None:
    assert words(UnicodeScripts(), "abcカナ漢字ab") == ["abc", "カナ漢字", "ab"]
    assert words(UnicodeScripts(), " x") == ["x"]


def test_fixed_length_and_delimiter_by_hand() -> None:
    assert FixedLength(2).pre_tokenize_str("abcde") == [("ab", (0, 2)), ("cd", (2, 4)), ("e", (4, 5))]
    assert CharDelimiterSplit("]").pre_tokenize_str("a]]b") == [("a", (0, 1)), ("b", (3, 4))]


def test_tokenized_splits_are_left_alone() -> None:
    pretokenized = PreTokenizedString("a b")
    pretokenized.splits[0].tokens = []
    WhitespaceSplit().pre_tokenize(pretokenized)
    assert len(pretokenized.splits) == 1


def test_sequence_flattens_and_indexes() -> None:
    inner = Sequence([Whitespace(), Digits()])
    sequence = Sequence([inner, Punctuation()])
    assert [type(member).__name__ for member in sequence.pretokenizers] == ["Whitespace", "Digits", "Punctuation"]
    sequence[1] = Digits(individual_digits=True)
    assert sequence[1].individual_digits is True
    with pytest.raises(ArgumentTypeError):
        sequence[0] = inner


# -- argument checks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, error",
    [
        (lambda: Digits(1), ArgumentTypeError),
        (lambda: ByteLevel(add_prefix_space="yes"), ArgumentTypeError),
        (lambda: CharDelimiterSplit("ab"), ArgumentValueError),
        (lambda: CharDelimiterSplit(3), ArgumentTypeError),
        (lambda: Metaspace(replacement=""), ArgumentValueError),
        (lambda: Metaspace(prepend_scheme="sometimes"), ArgumentValueError),
        (lambda: Metaspace(split=1), ArgumentTypeError),
        (lambda: Split(3, "removed"), ArgumentTypeError),
        (lambda: Split("a", "Removed"), ArgumentValueError),
        (lambda: Split("a", "removed", invert=None), ArgumentTypeError),
        (lambda: Punctuation("dropped"), ArgumentValueError),
        (lambda: Sequence(Whitespace()), ArgumentTypeError),
        (lambda: Sequence([Whitespace(), "Digits"]), ArgumentTypeError),
        (lambda: FixedLength(0), ArgumentValueError),
        (lambda: FixedLength(2.0), ArgumentTypeError),
    ],
)
def test_bad_arguments_raise(build, error) -> None:
    with pytest.raises(error):
        build()


# -- fast path = full path --------------------------------------------------------------------

ALL = [
    BertPreTokenizer(),
    Whitespace(),
    WhitespaceSplit(),
    Punctuation(),
    *[Punctuation(behavior) for behavior in ("removed", "merged_with_previous", "merged_with_next", "contiguous")],
    Digits(),
    Digits(individual_digits=True),
    CharDelimiterSplit("-"),
    CharDelimiterSplit("^"),
    *[Split(Regex(r"\s+|x*"), behavior, invert) for behavior in ("removed", "isolated", "merged_with_next") for invert in (False, True)],
    Split("ab", "contiguous"),
    ByteLevel(),
    ByteLevel(add_prefix_space=False, use_regex=False),
    Metaspace(),
    Metaspace(prepend_scheme="first"),
    Metaspace(prepend_scheme="never", split=False),
    UnicodeScripts(),
    FixedLength(3),
    Sequence([Punctuation(), Digits(individual_digits=True), ByteLevel()]),
    Sequence([WhitespaceSplit(), Metaspace(prepend_scheme="first")]),
    Sequence([WhitespaceSplit(), Metaspace()]),
    Sequence([WhitespaceSplit(), Metaspace(prepend_scheme="never", split=False)]),
    Sequence([Punctuation(), Metaspace(replacement="-")]),
]

# Lone surrogates are not text: the Tokenizer refuses them before any pre-tokenizer runs.
_alphabet = st.one_of(
    st.sampled_from(" \t\n\u3000\x1c▁-^abx'sé\u0301中カ12٣!,😀"), st.characters(blacklist_categories=("Cs",))
)


@given(text=st.text(alphabet=_alphabet, max_size=30), at_start=st.booleans())
def test_split_str_equals_full_path(text: str, at_start: bool) -> None:
    for pre_tokenizer in ALL:
        fast = pre_tokenizer.split_str(text, at_start=at_start)
        full = PreTokenizer.split_str(pre_tokenizer, text, at_start=at_start)
        assert fast == full, (pre_tokenizer, text)
        if at_start:
            assert fast == [word for word, _ in pre_tokenizer.pre_tokenize_str(text)]


WORD_SPANS = [
    *ALL,
    ByteLevel(add_prefix_space=False),
    Sequence([Split(Regex(r" ?\p{L}+| ?\p{N}{1,3}|\s+"), "isolated"), ByteLevel(add_prefix_space=False, use_regex=False)]),
    Sequence([WhitespaceSplit(), Digits(individual_digits=True)]),
    Sequence([Punctuation(), ByteLevel(add_prefix_space=False)]),
]


@given(text=st.text(alphabet=_alphabet, max_size=30), at_start=st.booleans())
def test_word_spans_equal_full_path(text: str, at_start: bool) -> None:
    # where word_spans answers, pre_tokenize cuts the text there and applies word_edit to each word
    for pre_tokenizer in WORD_SPANS:
        spans = pre_tokenizer.word_spans(text, at_start=at_start)
        if not pre_tokenizer.has_word_spans:
            assert spans is None, pre_tokenizer
            continue
        if spans is None:  # a prefix to add at this place (see below): the full path does that
            continue
        normalized = NormalizedString(text)
        normalized.original_shift = 0 if at_start else 5
        pretokenized = PreTokenizedString(normalized)
        pre_tokenizer.pre_tokenize(pretokenized)
        full = [(split.normalized.normalized, split.normalized.offsets_original(), split.normalized.alignments) for split in pretokenized.splits]
        words = []
        for start, end in spans:
            word = NormalizedString(text[start:end])
            if pre_tokenizer.word_edit is not None:
                pre_tokenizer.word_edit(word)
            shift = normalized.original_shift + start
            words.append((word.normalized, (shift, shift + len(word.original)), word.alignments))
        assert words == full, (pre_tokenizer, text)


@given(texts=st.lists(st.text(alphabet=_alphabet, max_size=12), max_size=5), first_at_start=st.booleans())
def test_keeps_words_only_where_word_spans_are_the_whole_texts(texts: list[str], first_at_start: bool) -> None:
    for pre_tokenizer in WORD_SPANS:
        if pre_tokenizer.keeps_words(texts, first_at_start):
            each = [pre_tokenizer.word_spans(text, at_start=first_at_start and i == 0) for i, text in enumerate(texts)]
            assert each == [[(0, len(text))] for text in texts], (pre_tokenizer, texts)
    if texts and all(texts) and not any(" " in text or "▁" in text for text in texts):
        assert Metaspace().keeps_words(texts, first_at_start)  # (it says so where it can)


@given(words=st.lists(st.text(alphabet=_alphabet, max_size=8), max_size=6))
def test_metaspace_edit_words_is_word_edit_of_each_word(words: list[str]) -> None:
    for scheme in ("always", "first", "never"):
        for metaspace in (Metaspace(prepend_scheme=scheme), Metaspace(replacement="-", prepend_scheme=scheme, split=False)):
            assert metaspace.edit_words(words) == PreTokenizer.edit_words(metaspace, words), (metaspace, words)


def test_word_spans_of_the_pre_tokenizers_that_only_cut() -> None:
    assert BertPreTokenizer().word_spans("Hi, you!") == [(0, 2), (2, 3), (4, 7), (7, 8)]
    assert ByteLevel(add_prefix_space=False).word_spans("a  b") == [(0, 1), (1, 2), (2, 4)]
    assert ByteLevel().word_spans("a") is None  # " a" is not a cut of "a"
    assert ByteLevel().word_spans(" a") == [(0, 2)]
    assert Metaspace().word_spans("a b▁c") == [(0, 1), (1, 3), (3, 5)]
    assert Metaspace(split=False).word_spans("a b") == [(0, 3)]
    assert Metaspace().word_spans("") is None  # (the usual path for an empty text)
    assert Metaspace(prepend_scheme="first").word_spans("a b", at_start=True) is None
    assert Metaspace(prepend_scheme="first").word_spans("a b", at_start=False) == [(0, 1), (1, 3)]
    assert Sequence([WhitespaceSplit(), Metaspace()]).word_spans(" a b") == [(1, 2), (3, 4)]
    assert Sequence([WhitespaceSplit(), Metaspace(prepend_scheme="first")]).word_spans("a b") is None


@given(words=st.lists(st.text(alphabet=_alphabet, max_size=8), max_size=6))
def test_split_words_equals_split_str_of_each_word(words: list[str]) -> None:
    # how a Sequence chains its members' fast paths; Metaspace and ByteLevel write their own
    for pre_tokenizer in ALL:
        expected = [piece for word in words for piece in pre_tokenizer.split_str(word)]
        assert pre_tokenizer.split_words(words) == expected, (pre_tokenizer, words)


@pytest.mark.parametrize("pre_tokenizer", ALL, ids=repr)
def test_json_round_trip(pre_tokenizer: PreTokenizer) -> None:
    entry = pre_tokenizer.to_json()
    assert pre_tokenizers_registry.from_json(entry, "pre_tokenizer").to_json() == entry


@given(st.lists(st.text(st.characters(codec="utf-8"), min_size=1, max_size=12), max_size=8))
def test_edit_words_of_byte_level_and_sequences_is_each_word_edited_alone(words: list[str]) -> None:
    """ByteLevel maps all the words through the codec at once (a NUL inside a word too); a
    Sequence edits as its last member: the same words as `word_edit` on each word alone."""
    byte_level = pre_tokenizers.ByteLevel(add_prefix_space=False)
    expected = pre_tokenizers.PreTokenizer.edit_words(byte_level, words)
    assert expected == [to_byte_chars(word) for word in words]
    assert byte_level.edit_words(words) == expected
    assert pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), byte_level]).edit_words(words) == expected
    metaspace = pre_tokenizers.Metaspace()
    assert pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), metaspace]).edit_words(words) == metaspace.edit_words(words)
    assert pre_tokenizers.Whitespace().edit_words(words) == words  # no word_edit
