"""Decoders against `tokenizers.decoders`: same text from the same tokens, same JSON entries."""

from __future__ import annotations

import json
import os
from functools import lru_cache

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tokenizers import Regex as RustRegex
from tokenizers import Tokenizer
from tokenizers import decoders as rust
from tokenizers.models import WordLevel as RustWordLevel

from subword import decoders as ours
from subword.decoders import decoders_registry
from tests.shared_data import corpus_files, corpus_lines, fixture_path


def regex_pair(pattern: str):
    from subword.text.oniguruma import Regex

    return RustRegex(pattern), Regex(pattern)


def pairs() -> list[tuple[str, object, object]]:
    """(id, rust decoder, our decoder) with the same settings."""
    made = [
        ("WordPiece", rust.WordPiece(), ours.WordPiece()),
        ("WordPiece-@@-nocleanup", rust.WordPiece("@@", False), ours.WordPiece("@@", False)),
        ("WordPiece-empty-prefix", rust.WordPiece(""), ours.WordPiece("")),
        ("Strip-left", rust.Strip(" ", 1, 0), ours.Strip(" ", 1, 0)),
        ("Strip-right", rust.Strip("▁", 0, 2), ours.Strip("▁", 0, 2)),
        ("Strip-both", rust.Strip("a", 2, 1), ours.Strip("a", 2, 1)),
        ("Fuse", rust.Fuse(), ours.Fuse()),
        ("BPEDecoder", rust.BPEDecoder(), ours.BPEDecoder()),
        ("BPEDecoder-empty", rust.BPEDecoder(""), ours.BPEDecoder("")),
        ("BPEDecoder-_", rust.BPEDecoder("_"), ours.BPEDecoder("_")),
        ("ByteFallback", rust.ByteFallback(), ours.ByteFallback()),
        ("Metaspace", rust.Metaspace(), ours.Metaspace()),
        ("Metaspace-never", rust.Metaspace(prepend_scheme="never"), ours.Metaspace(prepend_scheme="never")),
        ("Metaspace-first-_", rust.Metaspace("_", "first", False), ours.Metaspace("_", "first", False)),
        ("CTC", rust.CTC(), ours.CTC()),
        ("CTC-nocleanup", rust.CTC(cleanup=False), ours.CTC(cleanup=False)),
        ("CTC-empty", rust.CTC("", "", True), ours.CTC("", "", True)),
        ("Sequence", rust.Sequence([rust.ByteFallback(), rust.Fuse(), rust.Strip(" ", 1, 0)]),
         ours.Sequence([ours.ByteFallback(), ours.Fuse(), ours.Strip(" ", 1, 0)])),
    ]
    if hasattr(ours, "ByteLevel"):
        made.append(("ByteLevel", rust.ByteLevel(), ours.ByteLevel()))
    if hasattr(ours, "Replace"):
        made.append(("Replace-str", rust.Replace("▁", " "), ours.Replace("▁", " ")))
        made.append(("Replace-empty", rust.Replace("", "-"), ours.Replace("", "-")))
        rust_re, our_re = regex_pair(r"\s+|a")
        made.append(("Replace-regex", rust.Replace(rust_re, "_"), ours.Replace(our_re, "_")))
    return made


# Some settings make the Rust Strip decoder panic; its backtraces would only slow the tests down.
os.environ.setdefault("RUST_BACKTRACE", "0")

PAIRS = pairs()
IDS = [name for name, _, _ in PAIRS]


def rust_decode(decoder, tokens: list[str]) -> str | None:
    """The Rust result, or None where the Rust package panics (a bug we do not copy)."""
    try:
        return decoder.decode(tokens)
    except BaseException as error:  # pyo3's PanicException derives from BaseException
        if type(error).__name__ != "PanicException":
            raise
        return None


def check(pair, tokens: list[str]) -> None:
    name, rust_decoder, our_decoder = pair
    expected = rust_decode(rust_decoder, tokens)
    if expected is not None:
        assert our_decoder.decode(tokens) == expected, (name, tokens)


TOKEN = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8),
    st.text(st.sampled_from("ab ▁_#@|'.?!,ntmsvrdoéĠĊ日🤗\u0301\u200b\t\n"), max_size=8),
    st.sampled_from(["##", "##s", "@@", "</w>", "a</w>", "<pad>", "|", " ", "▁", "▁▁a", "n't", " 's", " do not",
                     " ' ", "'m", "'ve", "'re", " .", " ?", "<0x+A>", "<0x-1>", "<0x 1>", "<0xé>", "<0x41", "aa"]),
    st.integers(0, 255).map(lambda b: f"<0x{b:02X}>"),
    st.integers(0, 255).map(lambda b: f"<0x{b:02x}>"),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4).map(lambda t: "##" + t),
)


@given(tokens=st.lists(TOKEN, max_size=12))
def test_hypothesis_token_lists(tokens):
    for pair in PAIRS:
        check(pair, tokens)


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_edge_token_lists(pair):
    for tokens in [[], [""], ["", ""], ["a", "a", "b"], ["<pad>", "<pad>"], ["▁"], [" "], ["a a"], ["aaa"]]:
        check(pair, tokens)


@lru_cache(maxsize=None)
def real_token_lists(relative: str) -> list[list[str]]:
    """Tokens the real tokenizer at `relative` produces for lines of the shared corpora."""
    tokenizer = Tokenizer.from_file(str(fixture_path(relative)))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    lines = [line for path in corpus_files() for line in corpus_lines(path, 15)]
    if not lines:
        pytest.skip("no shared corpora")
    return [encoding.tokens for encoding in tokenizer.encode_batch(lines, add_special_tokens=False)]


REAL = ["bert-base-uncased/tokenizer.json", "gpt2/tokenizer.json", "mistral-7b/tokenizer.json",
        "roberta-base/tokenizer.json", "t5/tokenizer.json"]


@pytest.mark.parametrize("relative", REAL)
def test_real_tokenizer_decoder_entries(relative):
    """Each fixture's own decoder entry, read by subword, decodes its tokens like the Rust one."""
    tokenizer = Tokenizer.from_file(str(fixture_path(relative)))
    entry = json.loads(tokenizer.to_str())["decoder"]
    decoder = decoders_registry.from_json(entry, "decoder")
    assert decoder.to_json() == entry
    for tokens in real_token_lists(relative):
        assert decoder.decode(tokens) == tokenizer.decoder.decode(tokens)


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_real_tokens_through_every_decoder(pair):
    for relative in REAL:
        for tokens in real_token_lists(relative)[::6]:
            check(pair, tokens)


def rust_json(decoder) -> dict:
    tokenizer = Tokenizer(RustWordLevel())
    tokenizer.decoder = decoder
    return json.loads(tokenizer.to_str())["decoder"]


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_json_entry_equals_rust(pair):
    _, rust_decoder, our_decoder = pair
    entry = rust_json(rust_decoder)
    assert our_decoder.to_json() == entry
    assert list(our_decoder.to_json()) == list(entry)  # same key order
    assert decoders_registry.from_json(entry, "decoder").to_json() == entry


@pytest.mark.parametrize("pair", PAIRS, ids=IDS)
def test_rust_loads_our_entry(pair):
    _, rust_decoder, our_decoder = pair
    data = json.loads(Tokenizer(RustWordLevel()).to_str())
    data["decoder"] = our_decoder.to_json()
    loaded = Tokenizer.from_str(json.dumps(data))
    assert json.loads(loaded.to_str())["decoder"] == rust_json(rust_decoder)


@given(data=st.binary(max_size=40), cuts=st.lists(st.integers(0, 40), max_size=6))
def test_byte_level_on_arbitrary_bytes(data, cuts):
    """Byte-level tokens of any bytes, valid UTF-8 or not, split anywhere."""
    from subword.text.byte_level import BYTE_TO_CHAR

    chars = "".join(BYTE_TO_CHAR[b] for b in data)
    bounds = sorted({0, len(chars), *(min(c, len(chars)) for c in cuts)})
    tokens = [chars[a:b] for a, b in zip(bounds, bounds[1:])]
    assert ours.ByteLevel().decode(tokens) == rust.ByteLevel().decode(tokens)


@pytest.mark.parametrize("pattern, token", [("b*", "abbc"), ("x*", "ab"), ("(?=b)|b", "abb")])
def test_replace_regex_with_empty_matches(pattern, token):
    rust_re, our_re = regex_pair(pattern)
    assert ours.Replace(our_re, "-").decode([token]) == rust.Replace(rust_re, "-").decode([token])
