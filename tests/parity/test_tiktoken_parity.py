"""tiktoken rank files: our loader and the BPE derived from the ranks against tiktoken itself.

Words are pre-split with the GPT-2 regex (via the `regex` module) and turned into byte-level
chars, so the comparison is of the model alone: `BPE.tokenize_ids` against `encode_ordinary`.
"""

from __future__ import annotations

from functools import lru_cache

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from subword.text.byte_level import to_byte_chars
from subword.models import BPE
from subword.formats.tiktoken import bpe_from_ranks, load_tiktoken_bpe
from tests.shared_data import corpus_files, corpus_lines, fixture_path

tiktoken = pytest.importorskip("tiktoken")
tiktoken_load = pytest.importorskip("tiktoken.load")

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
RANK_FILES = ["gpt2/gpt2.tiktoken", "whisper/multilingual.tiktoken"]

TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from("aeiouéèñüßøæ日本語中文한국어🤗👍🏽\u0301\u0308\u200b\u200d\ufeff"),
        st.sampled_from("\x00\x7f\t #-'"),
    ),
    max_size=60,
)


@lru_cache(maxsize=None)
def loaded(name: str):
    path = str(fixture_path(name))
    ranks = load_tiktoken_bpe(path)
    encoding = tiktoken.Encoding(name, pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens={})
    return ranks, BPE(*bpe_from_ranks(ranks)), encoding


def assert_same_ids(model: BPE, encoding, text: str) -> None:
    for word in regex.findall(GPT2_PATTERN, text):
        assert model.tokenize_ids(to_byte_chars(word)) == encoding.encode_ordinary(word), word


@pytest.mark.parametrize("name", RANK_FILES)
def test_loader_matches_tiktoken(name):
    ranks, _, _ = loaded(name)
    assert ranks == tiktoken_load.load_tiktoken_bpe(str(fixture_path(name)))


@pytest.mark.parametrize("name", RANK_FILES)
def test_corpus_words(name):
    _, model, encoding = loaded(name)
    files = corpus_files()
    if not files:
        pytest.skip("no shared corpora")
    for path in files:
        for line in corpus_lines(path, 20):
            assert_same_ids(model, encoding, line)


@pytest.mark.parametrize("name", RANK_FILES)
@given(text=TEXT)
def test_generated_text(name, text):
    _, model, encoding = loaded(name)
    assert_same_ids(model, encoding, text)


def test_gpt2_ranks_give_the_gpt2_merges():
    _, model, _ = loaded("gpt2/gpt2.tiktoken")
    reference = BPE.from_file(str(fixture_path("gpt2/encoder.json")), str(fixture_path("gpt2/vocab.bpe")))
    assert model.to_json()["merges"] == reference.to_json()["merges"]
