"""The precompiled charsmap and the Precompiled normalizer: hand-worked rewrites and alignments."""

from __future__ import annotations

import base64
import doctest
import json
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword.text.charsmap
import subword.normalizers.precompiled
from subword.text.charsmap import CharsMap, build_charsmap, parse_charsmap
from subword.errors import ArgumentTypeError, ArgumentValueError, TokenizerFileError
from subword.core.normalized_string import NormalizedString
from subword.core.plain_string import PlainString
from subword.normalizers import Precompiled, normalizers_registry
from tests.shared_data import corpus_files, corpus_lines, fixture_path

RULES = {"ﬁ": "fi", "e": "E", "\x1e": "", "a": "1", "ab": "2", "①": "1"}


def normalize(normalizer: Precompiled, text: str) -> tuple[str, list[tuple[int, int]]]:
    normalized = NormalizedString(text)
    normalizer.normalize(normalized)
    return normalized.normalized, normalized.alignments


@pytest.mark.parametrize("module", [subword.text.charsmap, subword.normalizers.precompiled])
def test_doctests(module):
    assert doctest.testmod(module).failed == 0


def test_lookups_shortest_for_rust_longest_for_sentencepiece():
    charsmap = CharsMap(build_charsmap(RULES))
    assert charsmap.transform("ab") == "1"  # the shortest key, "a", although "ab" is a key too
    assert charsmap.longest_prefix("abc") == ("2", 2)
    assert charsmap.longest_prefix("xab") is None and charsmap.longest_prefix("xab", 1) == ("2", 2)
    assert charsmap.transform("b") is None and charsmap.transform("") is None
    assert [length for length, _ in charsmap.prefix_matches(b"ab")] == [1, 2]
    assert charsmap.replacement(charsmap.prefix_matches(b"\x1e")[0][1]) == ""


def test_expansion_keeps_alignment_with_the_source_char():
    text, alignments = normalize(Precompiled(build_charsmap(RULES)), "xﬁy")
    assert text == "xfiy"
    assert alignments == [(0, 1), (1, 2), (1, 2), (2, 3)]


def test_a_short_grapheme_is_replaced_whole_by_its_first_char_rule():
    # "e" + U+0301 is one grapheme of 3 bytes: the rule for "e" replaces all of it.
    text, alignments = normalize(Precompiled(build_charsmap(RULES)), "e\u0301x")
    assert text == "Ex" and alignments == [(0, 1), (2, 3)]
    # With 6 bytes or more, each char is looked up alone: the accents stay.
    assert Precompiled(build_charsmap(RULES)).normalize_str("e\u0301\u0301\u0301") == "E\u0301\u0301\u0301"


def test_removal_is_charged_to_the_char_before():
    text, alignments = normalize(Precompiled(build_charsmap(RULES)), "x\x1ey")
    assert text == "xy" and alignments == [(0, 1), (2, 3)]


def test_removal_at_the_start_shifts_alignments_as_rust_does():
    # No earlier char takes the removal, so "x" and "y" get the alignments of "\x1e" and "x".
    text, alignments = normalize(Precompiled(build_charsmap(RULES)), "\x1exy")
    assert text == "xy" and alignments == [(0, 1), (1, 2)]


def test_unchanged_text_is_untouched():
    normalizer = Precompiled(build_charsmap(RULES))
    assert normalize(normalizer, "xyz") == ("xyz", [(0, 1), (1, 2), (2, 3)])
    assert normalize(normalizer, "") == ("", [])


def test_t5_charsmap_is_nmt_nfkc():
    entry = json.loads(fixture_path("t5/tokenizer.json").read_text("utf-8"))["normalizer"]
    normalizer = Precompiled(base64.b64decode(entry["precompiled_charsmap"]))
    assert normalizer.normalize_str("ﬁ① ｈｅｌｌｏ\u00a0™") == "fi1 hello TM"
    assert normalizer.normalize_str("\t") == " "


ALPHABET = list("aebxﬁ①\x1e\u0301\u0300 ") + ["\U0001F44D", "\U0001F3FD", "\u200d"]


@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=20))
def test_alignments_stay_in_range(text):
    normalizer = Precompiled(build_charsmap(RULES))
    normalized, alignments = normalize(normalizer, text)
    assert len(alignments) == len(normalized)
    assert all(0 <= start <= end <= len(text) for start, end in alignments)


def test_parse_errors():
    with pytest.raises(ArgumentValueError, match="at least 4 bytes"):
        parse_charsmap(b"")
    with pytest.raises(ArgumentValueError, match="8-byte trie"):
        parse_charsmap(struct.pack("<I", 8) + b"\0\0\0\0")
    with pytest.raises(ArgumentValueError, match="not UTF-8"):
        parse_charsmap(struct.pack("<I", 0) + b"\xff")
    assert parse_charsmap(struct.pack("<I", 0)) == ((), b"")
    assert CharsMap(struct.pack("<I", 0)).transform("a") is None
    with pytest.raises(ArgumentValueError, match="NUL"):
        build_charsmap({"a\0": "b"})


def test_constructor_and_json():
    data = build_charsmap(RULES)
    normalizer = Precompiled(data)
    assert Precompiled(list(data)).precompiled_charsmap == data
    entry = normalizer.to_json()
    assert entry == {"type": "Precompiled", "precompiled_charsmap": base64.b64encode(data).decode()}
    again = normalizers_registry.from_json(json.loads(json.dumps(entry)), "normalizer")
    assert again.precompiled_charsmap == data
    with pytest.raises(ArgumentTypeError, match="bytes"):
        Precompiled("abc")
    with pytest.raises(ArgumentValueError):
        Precompiled(b"ab")
    with pytest.raises(TokenizerFileError, match="base64"):
        normalizers_registry.from_json({"type": "Precompiled", "precompiled_charsmap": "!!"}, "normalizer")
    with pytest.raises(TokenizerFileError, match="precompiled_charsmap"):
        normalizers_registry.from_json({"type": "Precompiled", "precompiled_charsmap": "AAAA"}, "normalizer")
    with pytest.raises(TokenizerFileError, match="precompiled_charsmap"):
        normalizers_registry.from_json({"type": "Precompiled"}, "normalizer")


# -- the quick paths of `normalize`, pinned to the rule written plainly ---------------------------

# Every lead byte a key: each cluster of fewer than 6 bytes becomes one "#", so clusters show.
LEAD_BYTES = build_charsmap({bytes([b]): "#" for b in [*range(1, 0x80), *range(0xC2, 0xF5)] if b != 0x0A})
# Removes and doubles chars that join their neighbours in clusters
MARKS = {"\u0301": "", "\u200d": "", "\u0300": "\u0300\u0300", "e": "E", "e\u0301": "é", "ﬁ": "fi", "\r": "\n"}
CHARSMAPS = {"rules": build_charsmap(RULES), "lead bytes": LEAD_BYTES, "marks": build_charsmap(MARKS)}
PIECES = st.sampled_from(
    ALPHABET
    + ["\r\n", "\r", "\n", "e\u0301", "\u00a9\ufe0f", "\u0600a", "\u0915\u094d\u0937", "\u1100\u1161", "\uac00\u11a8"]
    + ["\U0001F1EB\U0001F1F7", "\u00a9\u200d\u00a9\u0301", "a\u20dd", "\x01", "ａ\u0301"]
)
TEXTS = st.lists(st.one_of(PIECES, st.characters(exclude_categories=("Cs",))), max_size=12).map("".join)


def by_rule(data: bytes, text: str) -> tuple[str, list[tuple[int, int]]]:
    reference = NormalizedString(text)
    changes = subword.normalizers.precompiled._normalize_by_rule(CharsMap(data), text)
    if changes is not None:
        reference.transform(changes)
    return reference.normalized, reference.alignments


@given(name=st.sampled_from(sorted(CHARSMAPS)), text=TEXTS)
def test_normalize_follows_the_rule(name: str, text: str) -> None:
    data = CHARSMAPS[name]
    normalizer = Precompiled(data)
    assert normalize(normalizer, text) == by_rule(data, text)
    plain = PlainString(text)
    normalizer.normalize(plain)
    full = NormalizedString(text)
    normalizer.normalize(full)
    assert plain.normalized == full.normalized
    spans = [(start, start + 1) for start in range(len(full.normalized))]
    assert [p.original_shift == 0 for p in plain.slices(spans)] == [f.original_shift == 0 for f in full.slices(spans)]


def test_t5_normalize_follows_the_rule_on_corpus_lines() -> None:
    data = base64.b64decode(json.loads(fixture_path("t5/tokenizer.json").read_text("utf-8"))["normalizer"]["precompiled_charsmap"])
    normalizer = Precompiled(data)
    for path in corpus_files():
        for line in corpus_lines(path, 20):
            assert normalize(normalizer, line) == by_rule(data, line), (path.name, line)


@pytest.mark.parametrize("text", ["\uffff", "a\uffffe\u0301", "\r\n\u200d", "e\u0301\u0301", "ﬁ\u0301", "\u0301x"])
@pytest.mark.parametrize("name", sorted(CHARSMAPS))
def test_normalize_follows_the_rule_on_worked_examples(name: str, text: str) -> None:
    # U+FFFF is what the quick path's table gives a char that may join: a text holding it only
    # takes the slower path
    assert normalize(Precompiled(CHARSMAPS[name]), text) == by_rule(CHARSMAPS[name], text)
