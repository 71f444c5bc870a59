"""Normalizers against the Rust package: text, per-char original offsets, and tokenizer.json."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

tokenizers = pytest.importorskip("tokenizers")
from tokenizers import normalizers as rust  # noqa: E402

from subword import normalizers as ours  # noqa: E402
from subword.text.chars import is_bert_punctuation  # noqa: E402
from subword.core.normalized_string import NormalizedString  # noqa: E402
from tests.shared_data import corpus_files, corpus_lines  # noqa: E402



def _regex(module, pattern: str):
    """A regex pattern of the package `module` belongs to."""
    return ours.Regex(pattern) if module is ours else tokenizers.Regex(pattern)


# Each entry builds the same normalizer from either package's normalizers module.
PAIRS = {
    "NFD": lambda m: m.NFD(),
    "NFKD": lambda m: m.NFKD(),
    "NFC": lambda m: m.NFC(),
    "NFKC": lambda m: m.NFKC(),
    "Nmt": lambda m: m.Nmt(),
    "Lowercase": lambda m: m.Lowercase(),
    "StripAccents": lambda m: m.StripAccents(),
    "ByteLevel": lambda m: m.ByteLevel(),
    "Strip": lambda m: m.Strip(),
    "StripLeft": lambda m: m.Strip(left=True, right=False),
    "StripRight": lambda m: m.Strip(left=False, right=True),
    "Prepend": lambda m: m.Prepend("▁"),
    "PrependLong": lambda m: m.Prepend("<s>"),
    "Bert": lambda m: m.BertNormalizer(),
    "BertCased": lambda m: m.BertNormalizer(lowercase=False),
    "BertCasedStrip": lambda m: m.BertNormalizer(lowercase=False, strip_accents=True),
    "BertNoClean": lambda m: m.BertNormalizer(clean_text=False, handle_chinese_chars=False, strip_accents=False),
    "ReplaceLiteral": lambda m: m.Replace("a", "XY"),
    "ReplaceDelete": lambda m: m.Replace(" ", ""),
    "ReplaceSpaces": lambda m: m.Replace(_regex(m, r"\s+"), " "),
    "ReplacePunct": lambda m: m.Replace(_regex(m, r"[\p{P}\p{S}]"), "<p>"),
    "ReplaceWordStart": lambda m: m.Replace(_regex(m, r"\b\w"), "_"),
    "SequenceAccents": lambda m: m.Sequence([m.NFKD(), m.StripAccents(), m.Lowercase()]),
    "SequenceSentencePiece": lambda m: m.Sequence([m.Replace(" ", "▁"), m.Prepend("▁")]),
    "SequenceMixed": lambda m: m.Sequence([m.NFC(), m.Strip(), m.Replace(_regex(m, r"\d"), "0"), m.BertNormalizer()]),
}

INTERESTING = (
    "aé\u0301\u0323\u0302\u0345\u0334 \t\n\r\x00\x01\x1c\x7f\x85\xa0\u200b\u200c\u200d\u2028\ufeff\ufffd"
    "ΣσςİIıßẞǅﬁ①ｶﾞＡ中国語한국어\u1100\u1161\u11a8\uac00😀👍🏽\U0001f469\u200d\U0001f4bb"
    "\u0898\u08ca\U00011930\U00011935\U00011938\U0001fbf0\u32ff\ua7cb\U00010d50\u1734"
    "\u0e33\u0e4d\u0f73\u0f75\u0f81\u1e09\u1ed9\u0b47\u0b3e\u0344\u2126\u212b\u3000\u2581"
)
texts = st.text(
    alphabet=st.one_of(st.sampled_from(INTERESTING), st.characters(blacklist_categories=("Cs",))),
    max_size=40,
)


def rust_alignments(normalizer, text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each normalized char of the Rust package with the original char range it comes from."""
    pretokenized = tokenizers.PreTokenizedString(text)
    pretokenized.normalize(lambda normalized: normalizer.normalize(normalized))
    pretokenized.split(lambda _, normalized: [normalized[i : i + 1] for i in range(len(normalized.normalized))])
    splits = pretokenized.get_splits(offset_referential="original", offset_type="char")
    return [(piece, offsets) for piece, offsets, _ in splits]


def our_alignments(normalizer, text: str) -> list[tuple[str, tuple[int, int]]]:
    """Each normalized char of subword with the original char range it comes from."""
    normalized = NormalizedString(text)
    normalizer.normalize(normalized)
    return [(char, tuple(offsets)) for char, offsets in zip(normalized.normalized, normalized.alignments)]


def assert_same(name: str, text: str) -> None:
    """Both packages give the same text (both paths) and the same offsets for `text`."""
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    expected = theirs.normalize_str(text)
    assert mine.normalize_str(text) == expected, (name, text)
    assert our_alignments(mine, text) == rust_alignments(theirs, text), (name, text)


@given(name=st.sampled_from(sorted(PAIRS)), text=texts)
def test_hypothesis_text_and_offsets(name: str, text: str) -> None:
    assert_same(name, text)


@given(names=st.lists(st.sampled_from(sorted(PAIRS)), min_size=2, max_size=4), text=texts)
def test_hypothesis_sequences(names: list[str], text: str) -> None:
    mine = ours.Sequence([PAIRS[name](ours) for name in names])
    theirs = rust.Sequence([PAIRS[name](rust) for name in names])
    assert mine.normalize_str(text) == theirs.normalize_str(text)
    assert our_alignments(mine, text) == rust_alignments(theirs, text)


@pytest.mark.parametrize("name", PAIRS)
def test_worked_examples(name: str) -> None:
    for text in ["", " ", "Héllo  Wörld! ", "e\u0301\u0323x", "\u1e09\u0316", "  中文 x\t\n", "ΟΔΟΣ İx", INTERESTING]:
        assert_same(name, text)


def test_corpus_lines() -> None:
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpus files")
    lines = [line for path in files for line in corpus_lines(path, 4)]
    for name in PAIRS:
        for line in lines:
            assert_same(name, line)


# -- every code point ---------------------------------------------------------------------------

CODE_POINTS = [code for code in range(1, 0x110000) if not 0xD800 <= code < 0xE000]
# Each char on its own between separators, so that the result is per char.
EXHAUSTIVE = {
    "NFD": "\x00",
    "NFKD": "\x00",
    "NFC": "\x00",
    "NFKC": "\x00",
    "Nmt": "\u4e00",
    "Lowercase": "\x00",
    "StripAccents": "\x00",
    "BertCasedStrip": "\u4e00",
}


@pytest.mark.parametrize("name", EXHAUSTIVE)
def test_every_code_point(name: str) -> None:
    separator = EXHAUSTIVE[name]
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    chars = [chr(code) for code in CODE_POINTS if chr(code) != separator]
    for start in range(0, len(chars), 1 << 16):
        text = separator.join(chars[start : start + (1 << 16)])
        expected = theirs.normalize_str(text)
        got = mine.normalize_str(text)
        if got != expected:
            differing = [c for c in chars[start : start + (1 << 16)] if mine.normalize_str(c) != theirs.normalize_str(c)]
            pytest.fail(f"{name}: {len(differing)} chars differ, first {[hex(ord(c)) for c in differing[:10]]}")


def _has_normalization_data(char: str) -> bool:
    return unicodedata.normalize("NFKD", char) != char or unicodedata.combining(char) or unicodedata.category(char)[0] == "M"


SPECIAL_CHARS = [chr(code) for code in CODE_POINTS if _has_normalization_data(chr(code))]


@pytest.mark.parametrize("name", ["NFKD", "NFC", "Bert"])
def test_offsets_of_every_char_with_normalization_data(name: str) -> None:
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    for start in range(0, len(SPECIAL_CHARS), 8000):
        text = "x".join(SPECIAL_CHARS[start : start + 8000])
        assert our_alignments(mine, text) == rust_alignments(theirs, text)


def test_bert_punctuation_on_every_code_point() -> None:
    # Punctuation comes out as one-char pieces; everything else sticks to the "a" around it.
    pre_tokenizer = tokenizers.pre_tokenizers.BertPreTokenizer()
    chars = [chr(code) for code in CODE_POINTS if chr(code) != "a"]
    for start in range(0, len(chars), 1 << 16):
        chunk = chars[start : start + (1 << 16)]
        pieces = pre_tokenizer.pre_tokenize_str("a".join(chunk))
        rust_punctuation = {piece for piece, _ in pieces if len(piece) == 1 and piece != "a"}
        assert rust_punctuation == {c for c in chunk if is_bert_punctuation(c)}


# -- tokenizer.json ----------------------------------------------------------------------------


def _rust_tokenizer_json(normalizer_json: dict) -> str:
    return json.dumps(
        {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": [],
            "normalizer": normalizer_json,
            "pre_tokenizer": None,
            "post_processor": None,
            "decoder": None,
            "model": {"type": "WordLevel", "vocab": {"[UNK]": 0}, "unk_token": "[UNK]"},
        }
    )


@pytest.mark.parametrize("name", PAIRS)
def test_json_matches_rust_and_loads_in_rust(name: str) -> None:
    mine, theirs = PAIRS[name](ours), PAIRS[name](rust)
    assert mine.to_json() == json.loads(theirs.__getstate__())
    loaded = tokenizers.Tokenizer.from_str(_rust_tokenizer_json(mine.to_json()))
    assert json.loads(loaded.to_str())["normalizer"] == mine.to_json()
    again = ours.normalizers_registry.from_json(mine.to_json(), "normalizer")
    assert type(again) is type(mine) and again.to_json() == mine.to_json()


@pytest.mark.parametrize(
    "entry",
    [
        {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": False, "lowercase": True},
        {"type": "Bert", "clean_text": False, "handle_chinese_chars": True, "strip_accents": True, "lowercase": False},
        {"type": "Replace", "pattern": {"Regex": "\\s+"}, "content": " "},
        {"type": "NFC", "unused": 1},
    ],
)
def test_json_read_like_rust(entry: dict) -> None:
    rust_loaded = json.loads(tokenizers.Tokenizer.from_str(_rust_tokenizer_json(entry)).to_str())["normalizer"]
    assert ours.normalizers_registry.from_json(entry, "normalizer").to_json() == rust_loaded


@pytest.mark.parametrize(("pattern", "text"), [("b*", "ab"), ("a*|b", "b"), ("x*", "xxaxx")])
def test_replace_with_empty_matches(pattern: str, text: str) -> None:
    mine = ours.Replace(ours.Regex(pattern), "X")
    theirs = rust.Replace(tokenizers.Regex(pattern), "X")
    assert mine.normalize_str(text) == theirs.normalize_str(text)
    assert our_alignments(mine, text) == rust_alignments(theirs, text)
