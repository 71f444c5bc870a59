"""The full path's word cache (subword/tokenizer/word_columns.py) against the usual full path:
the same pipeline with a pre-tokenizer that hides its `word_spans`, so that every word is cut as
a NormalizedString, translated and tokenized on its own."""

from __future__ import annotations

import random
from functools import lru_cache
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subword import AddedToken, Regex, Tokenizer
from subword.core.pre_tokenized_string import PreTokenizedString
from subword.normalizers import NFD, Lowercase, Prepend, Sequence as NormalizerSequence
from subword.pre_tokenizers import (
    BertPreTokenizer,
    ByteLevel,
    Digits,
    Metaspace,
    PreTokenizer,
    Punctuation,
    Sequence,
    Split,
    UnicodeScripts,
    Whitespace,
    WhitespaceSplit,
)
from subword.tokenizer import word_columns
from tests.parity._compare import assert_encodings_equal
from tests.shared_data import fixture_path


class Usual(PreTokenizer):
    """`inner`, without its word spans: the tokenizer takes the usual full path (None: no
    pre-tokenizer, each split one word)."""

    def __init__(self, inner: PreTokenizer | None) -> None:
        self.inner = inner

    def pre_tokenize(self, pretokenized: PreTokenizedString) -> None:
        if self.inner is not None:
            self.inner.pre_tokenize(pretokenized)


PRE_TOKENIZERS = [
    ByteLevel(add_prefix_space=False),
    ByteLevel(),  # a piece not starting with a space takes the usual path
    ByteLevel(add_prefix_space=False, use_regex=False),
    Sequence([Split(Regex(r" ?\p{L}+| ?\p{N}{1,3}|\s+"), "isolated"), ByteLevel(add_prefix_space=False, use_regex=False)]),
    Sequence([Punctuation(), ByteLevel(add_prefix_space=False)]),
    BertPreTokenizer(),
    Whitespace(),
    WhitespaceSplit(),
    Sequence([WhitespaceSplit(), Digits(individual_digits=True)]),
    Split(Regex(r"\s+|x*"), "merged_with_next"),
    Metaspace(),
    Metaspace(prepend_scheme="first"),  # the text at the start of the input takes the usual path
    Metaspace(prepend_scheme="never", split=False),
    Sequence([WhitespaceSplit(), Metaspace()]),
    None,  # each split one word (SentencePiece-style BPE)
]


@lru_cache(maxsize=None)
def _loaded(name: str) -> str:
    return fixture_path(f"{name}/tokenizer.json").read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _twins(name: str, normalizer: bool) -> list[tuple[PreTokenizer, Tokenizer, Tokenizer]]:
    """(pre-tokenizer, tokenizer with it, the same taking the usual path) for each of PRE_TOKENIZERS."""
    tokenizer = _tokenizer(name, normalizer)
    tokenizer.enable_truncation(12, stride=2)
    return [(p, tokenizer.with_pre_tokenizer(p), tokenizer.with_pre_tokenizer(Usual(p))) for p in PRE_TOKENIZERS]


def _tokenizer(name: str, normalizer: bool) -> Tokenizer:
    tokenizer = Tokenizer.from_str(_loaded(name))
    tokenizer.no_padding()
    tokenizer.add_special_tokens(["[X]", AddedToken("<y>", lstrip=True, rstrip=True)])
    tokenizer.add_tokens([" hello", AddedToken("wor", single_word=True)])
    if normalizer:  # lengths change: the words' offsets go through the alignments
        tokenizer.normalizer = NormalizerSequence([NFD(), Lowercase(), Prepend("▁")])
    return tokenizer


_piece = st.one_of(
    st.sampled_from([" ", "  ", "\t", "\n", "\u3000", "a", "é", "e\u0301", "中", "カ", "12", "٣", "!", "'s", "😀", "[X]", "<y>", " hello", "wor"]),
    st.characters(blacklist_categories=("Cs",)),
)
_text = st.lists(_piece, max_size=16).map("".join)


@pytest.mark.parametrize("name", ["gpt2", "bert-base-uncased", "t5", "roberta-base", "mistral-7b"])
@pytest.mark.parametrize("normalizer", [False, True], ids=["no-normalizer", "normalizer"])
@given(texts=st.lists(_text, min_size=2, max_size=2))
def test_word_cache_gives_the_usual_full_path(name: str, normalizer: bool, texts: list[str]) -> None:
    text, pair = texts
    for pre_tokenizer, cached, usual in _twins(name, normalizer):
        for lazy_from in (0, 10**9):  # lazy columns (new words' entries ids only), then eager ones
            with mock.patch.object(word_columns, "_LAZY_FROM", lazy_from):
                context = f"{pre_tokenizer} on {texts!r}, lazy from {lazy_from}"
                assert_encodings_equal(cached.encode(text), usual.encode(text), context)
                assert_encodings_equal(cached.encode(text, pair), usual.encode(text, pair), context)
                assert_encodings_equal(cached.encode(texts, is_pretokenized=True), usual.encode(texts, is_pretokenized=True), context)


def test_a_full_cache_keeps_the_words_met_first() -> None:
    tokenizer = Tokenizer.from_str(_loaded("bert-base-uncased"))
    cached, usual = tokenizer.with_pre_tokenizer(WhitespaceSplit()), tokenizer.with_pre_tokenizer(Usual(WhitespaceSplit()))
    text = "one two three four five one six two"
    with mock.patch.object(word_columns, "_CAPACITY", 3):
        for _ in range(2):
            assert_encodings_equal(cached.encode(text), usual.encode(text), text)
            assert list(cached._word_columns._entries) == ["one", "two", "three"]


@pytest.fixture
def lazy():
    """Lazy columns for every text, however short."""
    with mock.patch.object(word_columns, "_LAZY_FROM", 0):
        yield


def test_the_cache_follows_a_model_changed_in_place() -> None:
    tokenizer = Tokenizer.from_str(_loaded("gpt2"))
    text = "hello world, hello again"
    before = tokenizer.encode(text).tokens
    tokenizer.model.dropout = 1.0  # every merge skipped: one token per byte
    assert tokenizer.encode(text).tokens == ["h", "e", "l", "l", "o", "Ġ", "w", "o", "r", "l", "d", ",", "Ġ", "h", "e", "l", "l", "o", "Ġ", "a", "g", "a", "i", "n"]
    tokenizer.model.dropout = None
    assert tokenizer.encode(text).tokens == before == ["hello", "Ġworld", ",", "Ġhello", "Ġagain"]


@pytest.mark.parametrize(
    "name, change",
    [
        ("bert-base-uncased", lambda model: setattr(model, "continuing_subword_prefix", "@@")),
        ("bert-base-uncased", lambda model: setattr(model, "max_input_chars_per_word", 4)),
        ("gpt2", lambda model: setattr(model, "ignore_merges", True)),
        ("gpt2", lambda model: setattr(model, "unk_token", "<|endoftext|>")),
        ("t5", lambda model: setattr(model, "alpha", 0.5)),
    ],
)
def test_the_cache_follows_model_settings(name: str, change) -> None:
    tokenizer = _tokenizer(name, normalizer=False)
    usual = tokenizer.with_pre_tokenizer(Usual(tokenizer.pre_tokenizer))
    text = "unaffable lemonades, unaffable Übermensch 中文"
    assert_encodings_equal(tokenizer.encode(text), usual.encode(text))
    change(tokenizer.model)
    for seed in range(3):  # (sampling draws from `random`: the same draws on both paths)
        random.seed(seed)
        cached = tokenizer.encode(text)
        random.seed(seed)
        assert_encodings_equal(cached, usual.encode(text))


def test_the_cache_follows_a_new_pre_tokenizer() -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")
    tokenizer = Tokenizer.from_str(_loaded("gpt2"))
    tokenizer.pre_tokenizer = Whitespace()  # "中" unmapped: not in GPT-2's byte-level vocabulary, dropped
    assert tokenizer.encode("中").tokens == []
    tokenizer.pre_tokenizer = ByteLevel(add_prefix_space=False)  # now its UTF-8 bytes E4 B8 AD
    reference = tokenizers.Tokenizer.from_str(_loaded("gpt2"))
    expected = reference.encode("中")
    assert expected.tokens and tokenizer.encode("中").tokens == expected.tokens
    assert tokenizer.encode("中").offsets == expected.offsets


def test_pre_tokenizers_without_word_spans_take_the_usual_path() -> None:
    assert not Usual(Whitespace()).has_word_spans and not UnicodeScripts().has_word_spans
    tokenizer = Tokenizer.from_str(_loaded("bert-base-uncased"))
    tokenizer.no_padding()
    tokenizer.pre_tokenizer = Sequence([WhitespaceSplit(), Metaspace(prepend_scheme="first")])
    assert not tokenizer.pre_tokenizer.has_word_spans
    encoding = tokenizer.encode("ab cd", add_special_tokens=False)
    # "▁ab" and "cd": the first not in BERT's vocabulary, the second is
    assert (encoding.tokens, encoding.offsets, encoding.word_ids) == (["[UNK]", "cd"], [(0, 2), (3, 5)], [0, 1])


def test_the_cache_follows_a_model_trained_in_place() -> None:
    from subword.models import BPE
    from subword.trainers import BpeTrainer

    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = Whitespace()
    assert tokenizer.encode("low lower").tokens == []  # no vocabulary yet: every char dropped
    tokenizer.train_from_iterator(["low lower lowest"] * 5, BpeTrainer(show_progress=False))
    # far below the vocabulary size: merged until each word of the corpus is one token
    assert tokenizer.encode("low lower").tokens == ["low", "lower"]


def _fields(encoding) -> dict:
    return {name: getattr(encoding, name) for name in ("ids", "tokens", "offsets", "word_ids")} | {
        "overflowing": [_fields(window) for window in encoding.overflowing]
    }


@pytest.mark.parametrize(
    "name, change",
    [
        ("bert-base-uncased", lambda tokenizer: setattr(tokenizer.model, "continuing_subword_prefix", "@@")),
        ("gpt2", lambda tokenizer: setattr(tokenizer.model, "dropout", 1.0)),
        ("gpt2", lambda tokenizer: setattr(tokenizer.model, "continuing_subword_prefix", "##")),
        ("t5", lambda tokenizer: setattr(tokenizer.model, "alpha", 0.5)),
        ("gpt2", lambda tokenizer: tokenizer.train_from_iterator(["unaffable Übermensch"], tokenizer.model.get_trainer())),
    ],
)
def test_fields_read_after_the_model_changed_are_those_of_the_encode(name: str, change, lazy) -> None:
    """The tokens and offsets of new words are made when first read: a model changed in place
    in between has them made first, by the rows of the encode's time."""
    tokenizer = _tokenizer(name, normalizer=False)
    tokenizer.enable_truncation(6, stride=1)
    usual = tokenizer.with_pre_tokenizer(Usual(tokenizer.pre_tokenizer))
    text = "unaffable lemonades, unaffable Übermensch 中文"
    longer = text + " lemonades Übermensch"
    expected = [_fields(usual.encode(text)), _fields(usual.encode(longer))]  # the usual path: every field at once
    unread, ids_read = tokenizer.encode(text), tokenizer.encode(longer)
    assert ids_read.ids == expected[1]["ids"]
    change(tokenizer)
    assert [_fields(unread), _fields(ids_read)] == expected
    assert _fields(tokenizer.encode(text)) != expected[0]  # the change does change them


def test_threads_reading_the_same_lazy_encodings_read_the_same_fields(lazy) -> None:
    from concurrent.futures import ThreadPoolExecutor

    tokenizer = _tokenizer("gpt2", normalizer=True)
    usual = tokenizer.with_pre_tokenizer(Usual(tokenizer.pre_tokenizer))
    texts = [f"line {i}: unaffable{i} Übermensch{i % 7} 中文{i % 3} hello{i}" for i in range(300)]
    expected = [_fields(encoding) for encoding in usual.encode_batch(texts)]
    for _ in range(3):
        encodings = tokenizer.encode_batch(texts)  # new words: every field left to make
        with ThreadPoolExecutor(4) as pool:
            read = list(pool.map(lambda _: [_fields(encoding) for encoding in encodings], range(4)))
        assert all(fields == expected for fields in read)
