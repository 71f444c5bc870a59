"""Unigram pipelines against the Rust package: T5's tokenizer.json and an ALBERT-style tokenizer.

T5 is Precompiled + WhitespaceSplit/Metaspace + Unigram; ALBERT is built on both sides from
30k-clean.vocab with the normalizers of its fast tokenizer. Every Encoding field and the decoded
text are compared on shared corpus lines and generated text, and the Precompiled normalizer's
offsets are compared on their own.
"""

from __future__ import annotations

import base64
import functools
import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.text.charsmap import build_charsmap
from tests.parity._compare import assert_offsets_in_range, assert_same_decode, assert_same_encode
from tests.parity.test_normalizers_parity import our_alignments, rust_alignments
from tests.shared_data import corpus_files, corpus_lines, fixture_path

tokenizers = pytest.importorskip("tokenizers")

LINES_PER_FILE = 8

CHARS = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from("aeiouAEIOUbcdfghklmnrstyzéèêñüößøæÉÅ"),
    st.sampled_from("日本語中文字한국어テキストひらがな"),
    st.sampled_from(["🤗", "👍🏽", "🇫🇷", "👨\u200d👩\u200d👧", "\u2764\ufe0f", "ﬁ", "①", "™", "ｈｉ", "``", "''"]),
    st.sampled_from(["\u0301", "\u0308", "\u0327", "\u0303", "\u20dd"]),
    st.sampled_from(["\x00", "\x07", "\x1b", "\x1e", "\x7f", "\u0085", "\ufffd", "\u00ad"]),
    st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]),
    st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", "\u2028", "\u2003", "▁"]),
    st.sampled_from(".,!?;:'\"-#$%&()[]*/\\"),
    # what grapheme clusters are made of: Hangul jamo, regional indicators, Indic conjuncts,
    # prepended and spacing marks, emoji sequences short enough to be looked up whole
    st.sampled_from(["\u1100", "\u1161", "\u11a8", "\uac00", "\uac01", "\U0001F1E6", "\U0001F1EB", "\u0600", "\u0903"]),
    st.sampled_from(["\u0915\u094d\u0937", "\u0915\u094d\u200d\u0937", "\u0995\u09cd\u09b7", "\u094d", "\u0915"]),
    st.sampled_from(["\u00a9\ufe0f", "\u00a9\u200d", "\u200d\u00a9", "1\ufe0f\u20e3", "a\u20dd", "\r\n", "\r"]),
)
WORDS = st.sampled_from(
    ["hello", "Hello", "unbelievable", "translate English to German:", "</s>", "<unk>", "pneumonoultramicroscopic"]
)
TEXTS = st.lists(st.one_of(st.lists(CHARS, max_size=8).map("".join), WORDS), max_size=6).map("".join)


@functools.lru_cache(maxsize=None)
def t5_pair():
    path = str(fixture_path("t5/tokenizer.json"))
    return subword.Tokenizer.from_file(path), tokenizers.Tokenizer.from_file(path)


def _read_vocab(path) -> list[tuple[str, float]]:
    """The (piece, score) pairs of a .vocab file, read independently of subword."""
    return [(piece, float(score)) for piece, score in (line.split("\t") for line in path.read_text("utf-8").splitlines())]


def _albert(package, vocab: list[tuple[str, float]]):
    normalizers = package.normalizers
    regex = getattr(package, "Regex", None) or normalizers.Regex
    tokenizer = package.Tokenizer(package.models.Unigram(vocab, 1))  # <unk> is line 2
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace("``", '"'),
            normalizers.Replace("''", '"'),
            normalizers.NFKD(),
            normalizers.StripAccents(),
            normalizers.Lowercase(),
            normalizers.Replace(regex(" {2,}"), " "),
        ]
    )
    tokenizer.pre_tokenizer = package.pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = package.decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.post_processor = package.processors.TemplateProcessing(
        single="[CLS]:0 $A:0 [SEP]:0",
        pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)],
    )
    return tokenizer


@functools.lru_cache(maxsize=None)
def albert_pair():
    vocab = _read_vocab(fixture_path("albert/30k-clean.vocab"))
    assert vocab[1][0] == "<unk>" and vocab[2][0] == "[CLS]" and vocab[3][0] == "[SEP]"
    return _albert(subword, vocab), _albert(tokenizers, vocab)


PAIRS = {"t5": t5_pair, "albert": albert_pair}


def _compare(name: str, text: str, pair: str | None = None) -> None:
    ours, rust = PAIRS[name]()
    context = f"{name} encode({text!r}, {pair!r})"
    encoding = assert_same_encode(lambda: ours.encode(text, pair), lambda: rust.encode(text, pair), context)
    if encoding is not None:
        assert_offsets_in_range(ours.encode(text, pair), [text, pair or ""], context)
        assert_same_decode(ours, rust, list(encoding.ids), context)
        if pair is None:
            fast = ours.encode_batch_fast([text])[0]
            assert list(fast.ids) == list(encoding.ids), f"{context}: the fast path gives other ids"


@pytest.mark.parametrize("name", PAIRS)
def test_corpus_lines(name: str) -> None:
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpus files")
    for path in files:
        lines = corpus_lines(path, LINES_PER_FILE)
        for line in lines:
            _compare(name, line)
        if len(lines) >= 2:
            _compare(name, lines[0], lines[1])


@given(name=st.sampled_from(sorted(PAIRS)), text=TEXTS)
def test_generated_text(name: str, text: str) -> None:
    _compare(name, text)


@given(name=st.sampled_from(sorted(PAIRS)), first=TEXTS, second=TEXTS)
def test_generated_pairs(name: str, first: str, second: str) -> None:
    _compare(name, first, second)


def test_batch_and_decode_batch() -> None:
    ours, rust = t5_pair()
    texts = ["Hello world!", "translate English to German: That is good.", "ﬁ① ＡＢＣ", ""]
    assert_same_encode(lambda: ours.encode_batch(texts), lambda: rust.encode_batch(texts), "t5 batch")
    ids = [list(e.ids) for e in rust.encode_batch(texts)]
    assert ours.decode_batch(ids) == rust.decode_batch(ids)


# -- the Precompiled normalizer on its own ---------------------------------------------------


@functools.lru_cache(maxsize=None)
def charsmaps() -> dict[str, bytes]:
    t5 = json.loads(fixture_path("t5/tokenizer.json").read_text("utf-8"))["normalizer"]["precompiled_charsmap"]
    handmade = build_charsmap({"ﬁ": "fi", "e": "E", "\x1e": "", "a": "1", "ab": "2", "①": "1", "x": "xyz"})
    return {"t5": base64.b64decode(t5), "handmade": handmade}


def _assert_same_normalization(name: str, text: str) -> None:
    data = charsmaps()[name]
    mine, theirs = subword.normalizers.Precompiled(data), tokenizers.normalizers.Precompiled(data)
    expected = theirs.normalize_str(text)
    assert mine.normalize_str(text) == expected, (name, text)
    assert our_alignments(mine, text) == rust_alignments(theirs, text), (name, text)


@given(name=st.sampled_from(["t5", "handmade"]), text=TEXTS)
def test_precompiled_text_and_offsets(name: str, text: str) -> None:
    _assert_same_normalization(name, text)


@pytest.mark.parametrize(
    "text",
    ["\x1eab", "a\x1e\x1eb", "e\u0301\u0301", "e\u0301\u0301\u0301", "👍🏽x"]
    + ["ﬁ\x1e", "x\x1e", "\x1e", "①\u0301", "ｅ\u0301"],
)
@pytest.mark.parametrize("name", ["t5", "handmade"])
def test_precompiled_worked_examples(name: str, text: str) -> None:
    _assert_same_normalization(name, text)


def test_precompiled_every_assigned_code_point() -> None:
    data = charsmaps()["t5"]
    mine, theirs = subword.normalizers.Precompiled(data), tokenizers.normalizers.Precompiled(data)
    # Planes 0-3 and 14: every assigned char (planes 4-13 are unassigned, 15-16 private use).
    codes = itertools.chain(range(0x40000), range(0xE0000, 0xE1000))
    chars = [chr(code) for code in codes if not 0xD800 <= code < 0xE000 and code != 0x20]
    text = " ".join(chars)
    if mine.normalize_str(text) != theirs.normalize_str(text):
        differing = [c for c in chars if mine.normalize_str(c) != theirs.normalize_str(c)]
        pytest.fail(f"{len(differing)} chars differ, first {[hex(ord(c)) for c in differing[:10]]}")


def test_precompiled_json_loads_in_rust() -> None:
    data = charsmaps()["t5"]
    entry = subword.normalizers.Precompiled(data).to_json()
    assert entry == json.loads(tokenizers.normalizers.Precompiled(data).__getstate__())
