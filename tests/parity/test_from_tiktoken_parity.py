"""`Tokenizer.from_tiktoken` against `tiktoken.Encoding` built from the same rank file.

GPT-2's gpt2.tiktoken with {"<|endoftext|>": 50256}, and Whisper's multilingual.tiktoken with
the special tokens openai-whisper appends after the ranks (`<|endoftext|>` first, then
`<|startoftranscript|>`, the 99 language tokens, the task tokens and 1501 timestamps). By default
subword encodes special token text as ordinary text (tiktoken's `encode_ordinary`); with
`encode_special_tokens = False` it turns it into special ids (tiktoken's `allowed_special="all"`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subword
from subword.errors import SubwordError
from tests.parity.test_bpe_hypothesis import PIECES
from tests.shared_data import corpus_files, corpus_lines, fixture_path

tiktoken = pytest.importorskip("tiktoken")
tiktoken_load = pytest.importorskip("tiktoken.load")

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
# openai-whisper's language codes, in its order; the multilingual encoding uses the first 99.
WHISPER_LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg lt "
    "la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so af oc "
    "ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su"
).split()


def whisper_special_tokens(first_id: int) -> dict[str, int]:
    """Whisper's special tokens, numbered from `first_id` (the number of ranks) as openai-whisper does."""
    names = [
        "<|endoftext|>",
        "<|startoftranscript|>",
        *[f"<|{code}|>" for code in WHISPER_LANGUAGES],
        "<|translate|>",
        "<|transcribe|>",
        "<|startoflm|>",
        "<|startofprev|>",
        "<|nospeech|>",
        "<|notimestamps|>",
        *[f"<|{i * 0.02:.2f}|>" for i in range(1501)],
    ]
    return {name: first_id + index for index, name in enumerate(names)}


# The Whisper tokens most tests use, with their openai-whisper ids: building all 1,608 takes
# minutes while `from_tiktoken` rebuilds the added-token matcher once per token (see
# test_whisper_all_special_tokens).
WHISPER_SUBSET = [
    "<|endoftext|>",
    "<|startoftranscript|>",
    "<|en|>",
    "<|zh|>",
    "<|su|>",
    "<|translate|>",
    "<|transcribe|>",
    "<|notimestamps|>",
    "<|0.00|>",
    "<|1.20|>",
    "<|30.00|>",
]


def _special_tokens(name: str, ranks: dict[bytes, int]) -> dict[str, int]:
    if name == "gpt2":
        return {"<|endoftext|>": 50256}
    every = whisper_special_tokens(len(ranks))
    return {token: every[token] for token in WHISPER_SUBSET}


RANK_FILES = {"gpt2": "gpt2/gpt2.tiktoken", "whisper": "whisper/multilingual.tiktoken"}


@lru_cache(maxsize=None)
def encodings(name: str) -> tuple[Any, Any, Any]:
    """(subword encoding specials as text, subword turning them into ids, tiktoken.Encoding)."""
    path = str(fixture_path(RANK_FILES[name]))
    ranks = tiktoken_load.load_tiktoken_bpe(path)
    special_tokens = _special_tokens(name, ranks)
    reference = tiktoken.Encoding(name, pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens=special_tokens)
    ordinary = subword.Tokenizer.from_tiktoken(path, GPT2_PATTERN, special_tokens)
    allowing = subword.Tokenizer.from_tiktoken(path, GPT2_PATTERN, special_tokens)
    allowing.encode_special_tokens = False
    return ordinary, allowing, reference


def specials_in_text(name: str) -> list[str]:
    """A few special tokens of `name` to write into test texts."""
    return WHISPER_SUBSET if name == "whisper" else ["<|endoftext|>"]


def assert_same_ids(name: str, text: str) -> None:
    """Both modes give tiktoken's ids, the fast path agrees, and decoding restores the text."""
    ordinary, allowing, reference = encodings(name)
    expected_ordinary = reference.encode_ordinary(text)
    expected_allowed = reference.encode(text, allowed_special="all")
    got = ordinary.encode(text).ids
    assert got == expected_ordinary, f"{name} encode_ordinary({text!r})"
    assert ordinary.encode_batch_fast([text])[0].ids == got, f"{name} {text!r}: fast path"
    got_allowed = allowing.encode(text).ids
    assert got_allowed == expected_allowed, f"{name} encode({text!r}, allowed_special='all')"
    assert allowing.encode_batch_fast([text])[0].ids == got_allowed, f"{name} {text!r}: fast path, specials"
    for ids in (expected_ordinary, expected_allowed):
        assert ordinary.decode(ids, skip_special_tokens=False) == reference.decode(ids), f"{name} decode {ids}"


@pytest.mark.parametrize("name", list(RANK_FILES))
def test_corpus_lines(name):
    specials = specials_in_text(name)
    for path in corpus_files():
        for index, line in enumerate(corpus_lines(path, 4)):
            assert_same_ids(name, line)
            special = specials[index % len(specials)]
            assert_same_ids(name, f"{special}{line[:40]}{special} {line[40:80]}")


EDGE_TEXTS = [
    "",
    " ",
    "   ",
    "\n\n\t  \r\n",
    "Hello world",
    " Hello  world ",
    "I'm sure it's what we'll do; they've said I'd",
    "日本語のテキスト 中文 한국어",
    "emoji 🤗👍🏽🇫🇷 👨\u200d👩\u200d👧",
    "combining e\u0301 lone \u0301",
    "a" * 500,
    "12345678901234567890 3.14",
    "<|endoftext|>",
    "x<|endoftext|>y <|endoftext|> <|endoftext",
    "<|startoftranscript|><|en|><|transcribe|><|0.00|> Hi.<|1.20|><|endoftext|>",
    "<|endoftext|><|endoftext|>",
]


@pytest.mark.parametrize("name", list(RANK_FILES))
def test_edge_texts(name):
    for text in EDGE_TEXTS:
        assert_same_ids(name, text)


@pytest.mark.parametrize("name", list(RANK_FILES))
def test_special_text_becomes_special_ids_only_when_asked(name):
    ordinary, allowing, reference = encodings(name)
    end = reference.eot_token
    assert ordinary.token_to_id("<|endoftext|>") == end
    text = "a<|endoftext|>b"
    with pytest.raises(ValueError):
        reference.encode(text)  # tiktoken refuses special text unless it is allowed or disallowed explicitly
    assert end not in ordinary.encode(text).ids
    assert end in allowing.encode(text).ids
    assert ordinary.decode([end], skip_special_tokens=False) == "<|endoftext|>"
    assert ordinary.decode([end]) == ""


@pytest.mark.parametrize("name", list(RANK_FILES))
def test_vocabulary(name):
    ordinary, _, reference = encodings(name)
    assert ordinary.get_vocab_size() == len(reference.token_byte_values()) + len(reference.special_tokens_set)
    for id_ in (0, 1, 255, 256, 1000, reference.eot_token - 1):
        assert ordinary.decode([id_]) == reference.decode([id_]), id_


def test_pattern_must_be_a_string():
    with pytest.raises(SubwordError):
        subword.Tokenizer.from_tiktoken(str(fixture_path(RANK_FILES["gpt2"])), None)  # type: ignore[arg-type]


TEXTS = st.lists(st.one_of(PIECES, st.sampled_from(["<special>"])), max_size=8)


@given(name=st.sampled_from(list(RANK_FILES)), pieces=TEXTS)
def test_generated_text(name, pieces):
    specials = specials_in_text(name)
    text = "".join(specials[i % len(specials)] if p == "<special>" else p for i, p in enumerate(pieces))
    assert_same_ids(name, text)


@given(name=st.sampled_from(list(RANK_FILES)), data=st.data())
def test_decode_any_ids(name, data):
    """Any ids, including byte tokens that split a character, decode as tiktoken decodes them."""
    ordinary, _, reference = encodings(name)
    special_ids = sorted(reference.encode_single_token(token) for token in reference.special_tokens_set)
    ids = data.draw(st.lists(st.integers(0, reference.eot_token) | st.sampled_from(special_ids), max_size=16))
    assert ordinary.decode(ids, skip_special_tokens=False) == reference.decode(ids), ids


def test_whisper_all_special_tokens():
    """All of Whisper's special tokens, numbered as openai-whisper numbers them."""
    path = str(fixture_path(RANK_FILES["whisper"]))
    ranks = tiktoken_load.load_tiktoken_bpe(path)
    special_tokens = whisper_special_tokens(len(ranks))
    assert len(special_tokens) == 1608 and special_tokens["<|0.00|>"] == 50364  # openai-whisper's ids
    reference = tiktoken.Encoding("whisper", pat_str=GPT2_PATTERN, mergeable_ranks=ranks, special_tokens=special_tokens)
    ours = subword.Tokenizer.from_tiktoken(path, GPT2_PATTERN, special_tokens)
    text = "<|startoftranscript|><|fr|><|transcribe|><|0.00|> Bonjour à tous.<|2.48|><|endoftext|>"
    assert ours.encode(text).ids == reference.encode_ordinary(text)
    ours.encode_special_tokens = False
    ids = ours.encode(text).ids
    assert ids == reference.encode(text, allowed_special="all")
    assert ours.decode(ids, skip_special_tokens=False) == reference.decode(ids) == text
    assert ours.decode(ids) == " Bonjour à tous."
