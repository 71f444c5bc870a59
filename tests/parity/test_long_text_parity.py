"""Long texts against the Rust package: every field of `encode` on stretches of the shared
corpora long enough for the full path's lazy columns (tokens, offsets and word ids made on first
read), alone, as pairs, truncated with overflowing windows and padded, read in different orders."""

from __future__ import annotations

from functools import lru_cache

import pytest

from subword import Tokenizer
from tests.parity._compare import assert_encodings_equal
from tests.shared_data import corpus_path, fixture_path

tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")

NAMES = ["bert-base-uncased", "gpt2", "roberta-base", "t5", "mistral-7b"]
CORPORA = ["en_prose.txt", "multilingual/zh.txt", "multilingual/ru.txt", "multilingual/hi.txt", "multilingual/ja.txt"]


@lru_cache(maxsize=None)
def _stretches(corpus: str) -> tuple[str, ...]:
    """Three stretches of 600-3000 chars from the middle of the corpus, line breaks kept."""
    text = corpus_path(corpus).read_text(encoding="utf-8")
    middle = len(text) // 2
    return (text[middle : middle + 3000], text[middle + 3000 : middle + 3600], text[middle + 3600 : middle + 5600])


@pytest.mark.parametrize("corpus", CORPORA)
@pytest.mark.parametrize("name", NAMES)
def test_long_texts_equal_rust(name: str, corpus: str) -> None:
    source = fixture_path(f"{name}/tokenizer.json").read_text(encoding="utf-8")
    ours, rust = Tokenizer.from_str(source), tokenizers.Tokenizer.from_str(source)
    first, second, third = _stretches(corpus)
    for tokenizer in (ours, rust):
        tokenizer.no_padding()
        tokenizer.no_truncation()
    assert_encodings_equal(ours.encode(first), rust.encode(first), f"{name} x {corpus}")
    assert_encodings_equal(ours.encode(third, add_special_tokens=False), rust.encode(third, add_special_tokens=False))
    assert ours.encode(second).ids == rust.encode(second).ids  # ids alone: the rest never made
    assert_encodings_equal(ours.encode(first, second), rust.encode(first, second), f"{name} x {corpus}, a pair")
    for tokenizer in (ours, rust):
        tokenizer.enable_truncation(300, stride=20)
        tokenizer.enable_padding(length=320)
    for pair in (None, second):
        encoding, expected = ours.encode(first, pair), rust.encode(first, pair)
        # read back to front: the last window's offsets before anything else
        assert [window.offsets for window in encoding.overflowing][::-1] == [window.offsets for window in expected.overflowing][::-1]
        assert_encodings_equal(encoding, expected, f"{name} x {corpus}, truncated and padded")
    batch, expected_batch = ours.encode_batch([first, third, second]), rust.encode_batch([first, third, second])
    for encoding, expected in zip(batch, expected_batch):
        assert_encodings_equal(encoding, expected, f"{name} x {corpus}, a batch")
