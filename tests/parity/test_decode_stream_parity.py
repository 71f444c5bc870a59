"""DecodeStream against `tokenizers.decoders.DecodeStream`: the same chunk (or None) at every step.

Real tokenizers of each decoder family (WordPiece, byte-level BPE, Metaspace with byte fallback,
Unigram with a Precompiled normalizer), ids from corpus lines and generated text, fed one id at a
time, in lists, and after starting ids given to the constructor; and random ids (byte tokens
that split characters, added and special tokens, ids past the vocabulary).
"""

from __future__ import annotations

from functools import lru_cache

import pytest
import tokenizers
from hypothesis import given
from hypothesis import strategies as st
from tokenizers.decoders import DecodeStream as RustDecodeStream

import subword
from subword.decoders import DecodeStream
from tests.shared_data import corpus_files, corpus_lines, fixture_path

FIXTURES = [
    "bert-base-uncased/tokenizer.json",
    "gpt2/tokenizer.json",
    "mistral-7b/tokenizer.json",
    "t5/tokenizer.json",
    "roberta-base/tokenizer.json",
    "llama2/tokenizer.model",
]


@lru_cache(maxsize=None)
def tokenizer_pair(relative: str) -> tuple[subword.Tokenizer, tokenizers.Tokenizer]:
    path = str(fixture_path(relative))
    if relative.endswith(".model"):  # the Rust package reads the tokenizer.json we make from it
        ours = subword.Tokenizer.from_sentencepiece(path)
        rust = tokenizers.Tokenizer.from_str(ours.to_str())
    else:
        ours, rust = subword.Tokenizer.from_file(path), tokenizers.Tokenizer.from_file(path)
    for tokenizer in (ours, rust):
        tokenizer.no_padding()
        tokenizer.no_truncation()
        tokenizer.add_tokens(["<added>", "é"])
        tokenizer.add_special_tokens(["<special>"])
    return ours, rust


def outcome(call):
    try:
        return call()
    except Exception as error:  # both raise on an invalid prefix, with their own exception types
        return "Invalid prefix" if "Invalid prefix" in str(error) else repr(error)


def assert_same_stream(relative: str, chunks: list[list[int]], skip_special_tokens: bool, start: list[int] | None):
    ours_tokenizer, rust_tokenizer = tokenizer_pair(relative)
    ours = DecodeStream(start, skip_special_tokens=skip_special_tokens)
    rust = RustDecodeStream(start, skip_special_tokens=skip_special_tokens)
    for step, chunk in enumerate(chunks):
        step_input = chunk[0] if len(chunk) == 1 else chunk
        expected = outcome(lambda: rust.step(rust_tokenizer, step_input))
        assert outcome(lambda: ours.step(ours_tokenizer, step_input)) == expected, f"{relative} step {step} {chunk} of {chunks}"


@pytest.mark.parametrize("relative", FIXTURES)
@pytest.mark.parametrize("path", corpus_files(), ids=lambda path: path.name)
def test_corpus_lines_one_id_at_a_time(relative, path):
    _, rust_tokenizer = tokenizer_pair(relative)
    for line in corpus_lines(path, 40):
        ids = rust_tokenizer.encode(line).ids
        for skip_special_tokens in (False, True):
            assert_same_stream(relative, [[id_] for id_ in ids], skip_special_tokens, None)


@pytest.mark.parametrize("relative", FIXTURES)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40),
    cuts=st.lists(st.integers(1, 4), max_size=30),
    start=st.integers(0, 6),
    skip_special_tokens=st.booleans(),
)
def test_generated_text_in_chunks(relative, text, cuts, start, skip_special_tokens):
    _, rust_tokenizer = tokenizer_pair(relative)
    ids = rust_tokenizer.encode(text).ids
    start_ids, ids = ids[:start] or None, ids[start:]
    chunks = []
    for size in cuts + [1] * len(ids):
        if not ids:
            break
        chunks.append(ids[:size])
        ids = ids[size:]
    assert_same_stream(relative, chunks, skip_special_tokens, start_ids)


@lru_cache(maxsize=None)
def frequent_ids(relative: str) -> list[int]:
    """Byte tokens, added and special tokens, ids of a text of multi-byte characters, the edges."""
    ours, rust = tokenizer_pair(relative)
    vocab = rust.get_vocab()
    byte_ids = [vocab[f"<0x{value:02X}>"] for value in (0x0A, 0x20, 0x41, 0xC3, 0xA9, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0xFF) if f"<0x{value:02X}>" in vocab]
    size = rust.get_vocab_size()
    text_ids = rust.encode("é 中文 🦜 naïve ✓ 日本語 a\n b  .", add_special_tokens=False).ids
    return sorted({*byte_ids, *text_ids, *ours.get_added_tokens_decoder(), 0, 1, 2, 3, size - 1, size, size + 7})


@pytest.mark.parametrize("relative", FIXTURES)
@given(data=st.data(), start=st.integers(0, 2), skip_special_tokens=st.booleans())
def test_random_ids(relative, data, start, skip_special_tokens):
    _, rust_tokenizer = tokenizer_pair(relative)
    one_id = st.sampled_from(frequent_ids(relative)) | st.integers(0, rust_tokenizer.get_vocab_size() + 2)
    chunks = data.draw(st.lists(st.lists(one_id, min_size=1, max_size=3) | one_id.map(lambda id_: [id_]), max_size=30))
    start_ids = data.draw(st.lists(one_id, min_size=start, max_size=start)) or None
    assert_same_stream(relative, chunks, skip_special_tokens, start_ids)


def test_byte_fallback_pieces_wait_for_the_whole_character():
    """Mistral spells an unknown emoji as four byte tokens: nothing until the last one (Rust too)."""
    ours_tokenizer, rust_tokenizer = tokenizer_pair("mistral-7b/tokenizer.json")
    ids = rust_tokenizer.encode("a 🦜").ids
    ours, rust = DecodeStream(), RustDecodeStream()
    outputs = [ours.step(ours_tokenizer, id_) for id_ in ids]
    assert outputs == [rust.step(rust_tokenizer, id_) for id_ in ids]
    assert outputs.count(None) >= 3 and "".join(o for o in outputs if o) == rust_tokenizer.decode(ids, skip_special_tokens=False)


def test_bad_ids_are_refused():
    ours_tokenizer, _ = tokenizer_pair("gpt2/tokenizer.json")
    with pytest.raises(TypeError, match="list of int"):
        DecodeStream().step(ours_tokenizer, "12")
    with pytest.raises(TypeError, match="list of int"):
        DecodeStream(ids=[1, "2"])


@pytest.mark.parametrize("relative", ["gpt2/tokenizer.json", "mistral-7b/tokenizer.json"])
def test_starting_ids_that_end_inside_a_character(relative):
    ours_tokenizer, rust_tokenizer = tokenizer_pair(relative)
    ids = rust_tokenizer.encode("ok 🦜🦜 done").ids
    for cut in range(1, len(ids)):
        ours, rust = DecodeStream(ids[:cut]), RustDecodeStream(ids[:cut])
        for id_ in ids[cut:]:
            assert ours.step(ours_tokenizer, id_) == rust.step(rust_tokenizer, id_), f"{relative} cut {cut}"
